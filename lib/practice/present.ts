// Presentation helpers for the practice pages: names, badges and plain-language prompts. Pure, no answers.
import { alphaOf, DEFAULT_RTOL, DEFAULT_SIGFIGS, formatNumber, type Activation, type Instance, type Loss, type Target, type Tolerance } from "@/lib/backprop";
import { MAX_SEED } from "@/lib/validations/practice";

export const ACTIVATION_LABELS: Record<Activation, string> = {
  relu: "ReLU",
  leaky_relu: "leaky ReLU",
  sigmoid: "sigmoid",
  tanh: "tanh",
  linear: "linear",
  softmax: "softmax",
};

export function layersBadge(layers: readonly number[]): string {
  return layers.join("-");
}

export function activationsBadge(activations: readonly Activation[]): string {
  return activations.map((a) => ACTIVATION_LABELS[a]).join(" · ");
}

export function lossLabel(loss: Loss): string {
  return loss === "half_sse" ? "½ squared error" : "cross-entropy";
}

/** The cost formula in LaTeX, as the question states it. */
export function costLatex(instance: Instance): string {
  const L = instance.layers.length;
  if (instance.loss === "half_sse") return `J = \\tfrac12 \\sum_{i} \\left(a^{(${L})}_i - y_i\\right)^2`;
  if (instance.activations[L - 2] === "softmax") return `J = -\\sum_{i} y_i \\ln a^{(${L})}_i`;
  return `J = -\\sum_{i} \\left[y_i \\ln a^{(${L})}_i + (1 - y_i) \\ln\\left(1 - a^{(${L})}_i\\right)\\right]`;
}

/** A plain-language prompt for a part, naming the unit(s) and weight it is about. */
export function partPrompt(target: Target, instance: Instance): string {
  const L = instance.layers.length;
  switch (target.kind) {
    case "J":
      return "The cost J for this example.";
    case "z":
      return `The weighted input of unit ${target.j} in layer ${target.l}.`;
    case "a":
      return `The activation (output) of unit ${target.j} in layer ${target.l}.`;
    case "delta":
      return `The error term δ = ∂J/∂z of unit ${target.j} in layer ${target.l}${target.l === L ? " (the output layer)" : ""}.`;
    case "grad":
      if (target.j === undefined) {
        const rows = instance.layers[target.l - 1];
        const cols = instance.layers[target.l - 2] + 1;
        return `The whole gradient matrix of Θ(${target.l}): ${rows} × ${cols}, one row per unit of layer ${target.l}, column 0 for the bias.`;
      }
      return target.k === 0
        ? `The gradient of the bias weight of unit ${target.j} in layer ${target.l}.`
        : `The gradient of the weight from unit ${target.k} of layer ${target.l - 1} to unit ${target.j} of layer ${target.l}.`;
    case "update":
      return `The value of this weight after one gradient-descent step with learning rate α = ${formatNumber(alphaOf(target))}.`;
  }
}

/** The learning rates the parts use, for the "Given" block. */
export function learningRates(parts: readonly Target[]): number[] {
  const rates = parts.filter((p) => p.kind === "update").map((p) => alphaOf(p));
  return [...new Set(rates)];
}

/** A seed from the query string: whole digits only, within the generator's range; otherwise null. */
export function parseSeed(raw: string | string[] | undefined): number | null {
  if (typeof raw !== "string" || !/^\d{1,10}$/.test(raw)) return null;
  const seed = Number(raw);
  return Number.isSafeInteger(seed) && seed <= MAX_SEED ? seed : null;
}

/** How close an answer must be, in words. */
export function toleranceText(tolerance: Tolerance | undefined): string {
  if (tolerance?.mode === "sigfig") return `Answers must agree to ${tolerance.sigfigs ?? DEFAULT_SIGFIGS} significant figures.`;
  const rtol = tolerance?.rtol ?? DEFAULT_RTOL;
  return `Answers within about ${formatNumber(rtol * 100)}% are accepted.`;
}
