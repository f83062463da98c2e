// The reference solver: forward pass, J, δ and ∂J/∂Θ for every layer in float64, unrounded.
// The same pass, bent by `PropagateOptions`, replays classic mistakes and a student's own earlier values.
import { ACTIVATION_RULES, DEFAULT_LEAKY_SLOPE, backThroughActivation } from "./activations";
import type { Instance, Matrix, Solution, VectorByLayer } from "./types";

/** Values that replace computed ones, keyed by layer then unit (1-based); grad keyed "j,k". */
export interface Overrides {
  z?: Record<string, Record<number, number>>;
  a?: Record<string, Record<number, number>>;
  delta?: Record<string, Record<number, number>>;
  grad?: Record<string, Record<string, number>>;
}

export interface PropagateOptions {
  /** uses y − a for ∂J/∂a (half_sse) or flips the output error */
  signFlip?: boolean;
  /** multiplies ∂J/∂a^(L) by this (2: forgot the ½ of the loss) */
  lossScale?: number;
  /** layers whose activation derivative is left out of the backward pass */
  dropDerivativeAt?: readonly number[];
  /** evaluates g' at a instead of z */
  derivativeAtActivation?: boolean;
  /** δ^(l)_j = g'(z_j) Σ_i Θ^(l+1)_{ji} δ_i (rows and columns swapped); only when both layers have as many units */
  transposeBackward?: boolean;
  /** layers whose activation is skipped in the forward pass (a = z) */
  skipActivationAt?: readonly number[];
  /** forward pass ignores the bias column */
  omitBias?: boolean;
  overrides?: Overrides;
}

function applyOverrides(values: number[], layerOverrides: Record<number, number> | undefined): number[] {
  if (!layerOverrides) return values;
  return values.map((v, i) => (layerOverrides[i + 1] !== undefined ? layerOverrides[i + 1] : v));
}

/** ∂J/∂a^(L) and J for the instance's loss. Cross-entropy returns the combined output δ instead (see `combined`). */
function outputError(instance: Instance, a: number[]): { J: number; dJda: number[]; combinedDelta?: number[] } {
  const { y, loss, activations } = instance;
  const output = activations[activations.length - 1];
  if (loss === "half_sse") {
    const J = a.reduce((s, ai, i) => s + 0.5 * (ai - y[i]) ** 2, 0);
    return { J, dJda: a.map((ai, i) => ai - y[i]) };
  }
  if (output === "softmax") {
    const J = -y.reduce((s, yi, i) => s + (yi === 0 ? 0 : yi * Math.log(a[i])), 0);
    const ySum = y.reduce((s, v) => s + v, 0);
    return {
      J,
      dJda: a.map((ai, i) => (y[i] === 0 ? 0 : -y[i] / ai)),
      combinedDelta: a.map((ai, i) => ai * ySum - y[i]),
    };
  }
  // binary cross-entropy with sigmoid outputs
  const J = -y.reduce(
    (s, yi, i) => s + (yi === 0 ? 0 : yi * Math.log(a[i])) + (yi === 1 ? 0 : (1 - yi) * Math.log(1 - a[i])),
    0,
  );
  return {
    J,
    dJda: a.map((ai, i) => (ai - y[i]) / (ai * (1 - ai))),
    combinedDelta: a.map((ai, i) => ai - y[i]),
  };
}

const NO_OPTIONS: PropagateOptions = {};

/** z = Θ·[1; prev], with or without the bias column. */
export function preActivations(rows: Matrix, prev: number[], omitBias: boolean): number[] {
  const z = new Array<number>(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    let sum = omitBias ? 0 : row[0];
    for (let k = 1; k < row.length; k++) sum += row[k] * prev[k - 1];
    z[j] = sum;
  }
  return z;
}

/** Σ_i Θ^(l+1)_ij δ^(l+1)_i for each unit j of layer l (the bias column is skipped); transposed reads row j instead. */
function backSum(next: Matrix, dNext: number[], units: number, transposed: boolean): number[] {
  const out = new Array<number>(units);
  for (let j = 0; j < units; j++) {
    let sum = 0;
    if (transposed) for (let i = 0; i < dNext.length; i++) sum += next[j][i + 1] * dNext[i];
    else for (let i = 0; i < next.length; i++) sum += next[i][j + 1] * dNext[i];
    out[j] = sum;
  }
  return out;
}

/** The solver with optional deviations; `null` when a deviation does not apply to this network's shape. */
export function propagate(instance: Instance, options: PropagateOptions = NO_OPTIONS): Solution | null {
  const { layers, activations, theta } = instance;
  const L = layers.length;
  const slope = instance.leakySlope ?? DEFAULT_LEAKY_SLOPE;
  const o = options.overrides ?? {};
  const keys = layers.map((_, i) => String(i + 1));
  const z: VectorByLayer = {};
  const a: VectorByLayer = { "1": applyOverrides(instance.x.slice(), o.a?.["1"]) };

  for (let l = 2; l <= L; l++) {
    const key = keys[l - 1];
    z[key] = applyOverrides(preActivations(theta[key], a[keys[l - 2]], options.omitBias === true), o.z?.[key]);
    const al = options.skipActivationAt?.includes(l) ? z[key].slice() : ACTIVATION_RULES[activations[l - 2]].forward(z[key], slope);
    a[key] = applyOverrides(al, o.a?.[key]);
  }

  const out = outputError(instance, a[keys[L - 1]]);
  const delta: VectorByLayer = {};
  for (let l = L; l >= 2; l--) {
    const key = keys[l - 1];
    const drop = options.dropDerivativeAt?.includes(l) === true;
    let upstream: number[];
    if (l === L) {
      const scale = (options.lossScale ?? 1) * (options.signFlip ? -1 : 1);
      if (out.combinedDelta && !drop) {
        delta[key] = applyOverrides(scale === 1 ? out.combinedDelta : out.combinedDelta.map((d) => d * scale), o.delta?.[key]);
        continue;
      }
      upstream = scale === 1 ? out.dJda : out.dJda.map((d) => d * scale);
    } else {
      const next = theta[keys[l]];
      if (options.transposeBackward && next.length !== layers[l - 1]) return null;
      upstream = backSum(next, delta[keys[l]], layers[l - 1], options.transposeBackward === true);
    }
    const dl = drop
      ? upstream
      : backThroughActivation(activations[l - 2], upstream, options.derivativeAtActivation ? a[key] : z[key], a[key], slope);
    delta[key] = applyOverrides(dl, o.delta?.[key]);
  }

  const grad: Record<string, Matrix> = {};
  for (let l = 2; l <= L; l++) {
    const key = keys[l - 1];
    const prev = a[keys[l - 2]];
    const dl = delta[key];
    const g = o.grad?.[key];
    const matrix: Matrix = new Array(dl.length);
    for (let j = 0; j < dl.length; j++) {
      const row = new Array<number>(prev.length + 1);
      row[0] = dl[j];
      for (let k = 1; k <= prev.length; k++) row[k] = dl[j] * prev[k - 1];
      if (g) for (let k = 0; k <= prev.length; k++) if (g[`${j + 1},${k}`] !== undefined) row[k] = g[`${j + 1},${k}`];
      matrix[j] = row;
    }
    grad[key] = matrix;
  }
  return { J: out.J, z, a, delta, grad };
}

/** Solve a valid instance exactly (no deviations). */
export function solve(instance: Instance): Solution {
  return propagate(instance) as Solution;
}
