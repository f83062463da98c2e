// The catalogue of classic backprop mistakes: each recomputes the target the way the mistake would,
// so a wrong answer that matches one can be named and taught.
import type { Activation, Instance, MistakeId, ScalarTarget, Solution } from "./types";
import { propagate, type PropagateOptions } from "./solve";
import { alphaOf, scalarValue } from "./targets";
import { formatNumber } from "./format";

export interface MistakeCandidate {
  mistake: MistakeId;
  value: number;
  message: string;
}

const ACTIVATION_NAMES: Record<Activation, string> = {
  relu: "ReLU",
  leaky_relu: "leaky ReLU",
  sigmoid: "sigmoid",
  tanh: "tanh",
  linear: "identity",
  softmax: "softmax",
};

function derivativeLesson(activation: Activation, l: number, slope: number): string {
  switch (activation) {
    case "relu":
      return `δ^(${l}) needs the ReLU derivative: units with z ≤ 0 pass no error back, units with z > 0 pass it unchanged.`;
    case "leaky_relu":
      return `δ^(${l}) needs the leaky ReLU derivative: 1 where z > 0, ${formatNumber(slope)} where z < 0.`;
    case "sigmoid":
      return `δ^(${l}) needs the sigmoid derivative σ'(z) = a(1 − a).`;
    case "tanh":
      return `δ^(${l}) needs the tanh derivative 1 − a².`;
    case "softmax":
      return `δ^(${l}) needs the softmax Jacobian: ∂a_i/∂z_k = a_i(1[i=k] − a_k).`;
    case "linear":
      return `δ^(${l}) is multiplied by the identity's derivative, 1.`;
  }
}

/** Which backward-pass layers influence a target: δ/grad/update at l depend on layers l..L. */
function backwardLayers(target: ScalarTarget, L: number): number[] {
  if (target.kind === "delta" || target.kind === "grad" || target.kind === "update") {
    return Array.from({ length: L - target.l + 1 }, (_, i) => target.l + i);
  }
  return [];
}

/** Which forward-pass layers influence a target. */
function forwardLayers(target: ScalarTarget, L: number): number[] {
  const last = target.kind === "z" || target.kind === "a" ? target.l : L;
  return Array.from({ length: Math.max(0, last - 1) }, (_, i) => i + 2);
}

function usesBackward(target: ScalarTarget): boolean {
  return target.kind === "delta" || target.kind === "grad" || target.kind === "update";
}

/** Every mistaken value of a target, most specific first. Values equal to the truth are filtered by the caller. */
export function mistakeCandidates(instance: Instance, solution: Solution, target: ScalarTarget, alpha?: number): MistakeCandidate[] {
  const L = instance.layers.length;
  const slope = instance.leakySlope ?? 0.01;
  const out: MistakeCandidate[] = [];
  const viaPass = (options: PropagateOptions): number | null => {
    const bent = propagate(instance, options);
    return bent ? scalarValue(instance, bent, target, alpha) : null;
  };
  const add = (mistake: MistakeId, value: number | null, message: string) => {
    if (value !== null && Number.isFinite(value)) out.push({ mistake, value, message });
  };

  // Mistakes about the target itself come first: they are the most specific.
  if (target.kind === "update") {
    const weight = instance.theta[String(target.l)][target.j - 1][target.k];
    const g = solution.grad[String(target.l)][target.j - 1][target.k];
    const rate = alphaOf(target, alpha);
    add("update_sign", weight + rate * g, "Gradient descent steps against the gradient: Θ := Θ − α ∂J/∂Θ, not Θ + α ∂J/∂Θ.");
    add("update_missing_alpha", weight - g, `Multiply the gradient by the learning rate α = ${formatNumber(rate)} before subtracting it.`);
    add("gradient_instead_of_update", g, "That is the gradient ∂J/∂Θ; the question asks for the weight after the step, Θ − α ∂J/∂Θ.");
  }
  if (target.kind === "a" && target.l >= 2) {
    add(
      "forward_no_activation",
      solution.z[String(target.l)][target.j - 1],
      `That is z^(${target.l})_${target.j}; the activation is a = g(z) — apply ${ACTIVATION_NAMES[instance.activations[target.l - 2]]} to it.`,
    );
  }
  if (target.kind === "grad") {
    for (const c of gradIndexCandidates(solution, target.l, target.j, target.k)) add(c.mistake, c.value, c.message);
  }

  // Mistakes in the backward pass.
  if (usesBackward(target)) {
    const lossLesson =
      instance.loss === "half_sse"
        ? "With J = ½Σ(a − y)², ∂J/∂a = a − y, not y − a."
        : "The output error is δ^(L) = a − y, not y − a.";
    add("sign_flip", viaPass({ signFlip: true }), `Sign flipped. ${lossLesson}`);
    if (instance.loss === "half_sse") {
      add("factor_two", viaPass({ lossScale: 2 }), "Off by a factor of 2: the ½ in J = ½Σ(a − y)² cancels the 2 from the square, so ∂J/∂a = a − y.");
    }
    const layers = backwardLayers(target, L).filter((m) => instance.activations[m - 2] !== "linear");
    for (const m of layers) {
      add("missing_activation_derivative", viaPass({ dropDerivativeAt: [m] }), derivativeLesson(instance.activations[m - 2], m, slope));
    }
    if (layers.length > 1) {
      add("missing_activation_derivative", viaPass({ dropDerivativeAt: layers }), "Every δ needs its layer's activation derivative: δ^(l) = (Θ^(l+1))ᵀ δ^(l+1) ⊙ g'(z^(l)).");
    }
    add(
      "derivative_at_activation",
      viaPass({ derivativeAtActivation: true }),
      "g' is evaluated at the pre-activation z, not at a: for a sigmoid, σ'(z) = a(1 − a), not σ'(a).",
    );
    add("transposed_indices", viaPass({ transposeBackward: true }), "Back-propagate with the transpose: δ^(l)_j = g'(z_j) Σ_i Θ^(l+1)_ij δ^(l+1)_i (column j of Θ^(l+1), not row j).");
  }

  // Mistakes in the forward pass change everything downstream.
  for (const m of forwardLayers(target, L)) {
    if (instance.activations[m - 2] === "linear") continue;
    if (target.kind === "a" && m === target.l) continue;
    add(
      "forward_no_activation",
      viaPass({ skipActivationAt: [m] }),
      `The forward pass skipped the activation of layer ${m}: a^(${m}) = ${ACTIVATION_NAMES[instance.activations[m - 2]]}(z^(${m})), and layer ${m + 1} takes a^(${m}), not z^(${m}).`,
    );
  }
  if (target.kind !== "a" || target.l >= 2) {
    add("forward_missing_bias", viaPass({ omitBias: true }), "z^(l) = Θ^(l) [1; a^(l−1)] includes the bias: add Θ_j0 · 1 to every pre-activation.");
  }
  // only J = ½Σ(a − y)² has a ½ to forget or repeat; cross-entropy has none
  if (target.kind === "J" && instance.loss === "half_sse") {
    add("factor_two", solution.J * 2, "Off by a factor of 2: J = ½Σ(a − y)² has a ½ in front.");
    add("factor_two", solution.J / 2, "Off by a factor of 2: J = ½Σ(a − y)² — the ½ is already there; don't halve again.");
  }

  // Update targets also inherit the gradient's index mistakes, stepped through Θ − α g.
  if (target.kind === "update") {
    const weight = instance.theta[String(target.l)][target.j - 1][target.k];
    const rate = alphaOf(target, alpha);
    for (const c of gradIndexCandidates(solution, target.l, target.j, target.k)) {
      add(c.mistake, weight - rate * c.value, `The step used a wrong gradient. ${c.message}`);
    }
  }
  return out;
}

/** Mistakes in reading ∂J/∂Θ_jk = δ_j · a_k: swapped indices, a missing factor, the wrong input unit. */
function gradIndexCandidates(solution: Solution, l: number, j: number, k: number): MistakeCandidate[] {
  const out: MistakeCandidate[] = [];
  const delta = solution.delta[String(l)];
  const prev = solution.a[String(l - 1)];
  const inputOf = (unit: number) => (unit === 0 ? 1 : prev[unit - 1]);
  if (k >= 1 && k <= delta.length && j <= prev.length) {
    out.push({
      mistake: "transposed_indices",
      value: delta[k - 1] * inputOf(j),
      message: `Indices swapped: ∂J/∂Θ^(${l})_jk = δ^(${l})_j · a^(${l - 1})_k, where j is the unit of layer ${l} and k the unit of layer ${l - 1}.`,
    });
  }
  if (k >= 1) {
    out.push({
      mistake: "missing_input_activation",
      value: delta[j - 1],
      message: `That is δ^(${l})_${j}; the weight's gradient is δ^(${l})_${j} · a^(${l - 1})_${k}: multiply by the unit the weight comes from.`,
    });
  }
  const source = k === 0 ? "the bias unit a_0 = 1" : `a^(${l - 1})_${k}`;
  for (let other = 0; other <= prev.length; other++) {
    if (other === k) continue;
    const used = other === 0 ? "the bias unit a_0 = 1" : `a^(${l - 1})_${other}`;
    out.push({
      mistake: "wrong_input_unit",
      value: delta[j - 1] * inputOf(other),
      message: `You multiplied δ^(${l})_${j} by ${used}; Θ^(${l})_${j}${k} comes from ${source} (column 0 is the bias).`,
    });
  }
  return out;
}
