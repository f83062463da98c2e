// The question editor's spec text: the example is valid, and stored specs come back readable and equal.
import { describe, expect, it } from "vitest";
import { generateVariant, validateSpec } from "@/lib/backprop";
import { EXAMPLE_SPEC, formatSpec } from "@/app/ui/instructor/custom-spec";

describe("custom spec text", () => {
  it("the example is a valid spec that generates", () => {
    const spec = validateSpec(JSON.parse(EXAMPLE_SPEC));
    expect(generateVariant(spec, 1).parts).toHaveLength(5);
  });

  it("formats a stored spec the way the example is written, losslessly", () => {
    const stored = JSON.stringify(validateSpec(JSON.parse(EXAMPLE_SPEC)));
    expect(formatSpec(JSON.parse(stored))).toBe(EXAMPLE_SPEC);
    const odd = { layers: [3, 2], activations: ["softmax"], loss: "cross_entropy", weightRange: [-0.5, 0.5], note: 'a "quoted" name' };
    expect(JSON.parse(formatSpec(odd))).toEqual(odd);
  });
});
