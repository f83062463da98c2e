// The starting point and the cheat sheet for a custom network spec in the question editor.
import { ACTIVATIONS, LOSSES } from "@/lib/backprop/types";

/** A small ReLU network asking the whole chain; generates quickly for every seed. */
export const EXAMPLE_SPEC = `{
  "layers": [2, 2, 1],
  "activations": ["relu", "linear"],
  "loss": "half_sse",
  "parts": [
    { "kind": "J" },
    { "kind": "delta", "l": 3, "unit": "any" },
    { "kind": "delta", "l": 2, "unit": "alive" },
    { "kind": "grad", "l": 2, "sameAs": 2, "input": "unit" },
    { "kind": "update", "l": 2, "alpha": 0.1, "sameAs": 3 }
  ],
  "minAliveHidden": 1
}`;

export const SPEC_ACTIVATIONS: readonly string[] = ACTIVATIONS;
export const SPEC_LOSSES: readonly string[] = LOSSES;

export const PART_KINDS: readonly { kind: string; fields: string; meaning: string }[] = [
  { kind: "J", fields: "", meaning: "the cost" },
  { kind: "z", fields: "l, unit", meaning: "a weighted input z of layer l" },
  { kind: "a", fields: "l, unit", meaning: "an activation a of layer l" },
  { kind: "delta", fields: "l, unit, sameAs", meaning: "an error term δ of layer l" },
  { kind: "grad", fields: "l, unit, sameAs, input", meaning: "one weight gradient ∂J/∂Θ of layer l (input: unit, bias or any)" },
  { kind: "grad-matrix", fields: "l", meaning: "the whole gradient matrix of layer l" },
  { kind: "update", fields: "l, alpha, sameAs", meaning: "that weight after one gradient step (sameAs: the grad part)" },
];

/** JSON with one line per top-level field and per part, arrays of numbers and names kept on one line. */
export function formatSpec(value: unknown): string {
  const inline = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
    if (v && typeof v === "object") return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(", ")} }`;
    return JSON.stringify(v);
  };
  if (!value || typeof value !== "object" || Array.isArray(value)) return inline(value);
  const lines = Object.entries(value).map(([key, v]) => {
    const isList = Array.isArray(v) && v.some((x) => x && typeof x === "object");
    const body = isList ? `[\n${(v as unknown[]).map((x) => `    ${inline(x)}`).join(",\n")}\n  ]` : inline(v);
    return `  ${JSON.stringify(key)}: ${body}`;
  });
  return `{\n${lines.join(",\n")}\n}`;
}
