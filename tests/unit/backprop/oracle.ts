// An independent reference for the engine's tests: a plain forward pass and J written from the
// definitions, plus centred finite differences. It imports nothing from lib/backprop on purpose.

export interface OracleInstance {
  layers: number[];
  activations: string[];
  loss: string;
  leakySlope?: number;
  theta: Record<string, number[][]>;
  x: number[];
  y: number[];
}

export interface ForwardOptions {
  /** adds `h` to z^(l)_j right after it is computed (units from 1), before the activation */
  zShift?: { l: number; j: number; h: number };
  /** the contract's mistakes, for the mistake tests: a = z at this layer, or no bias anywhere */
  skipActivationAt?: number;
  omitBias?: boolean;
}

export interface ForwardResult {
  /** z[l] and a[l] indexed by layer number; z[1] is empty, a[1] = x */
  z: number[][];
  a: number[][];
  J: number;
}

/** The contract's default slope of leaky ReLU below 0. */
export const CONTRACT_LEAKY_SLOPE = 0.01;

function activate(name: string, z: number[], slope: number): number[] {
  switch (name) {
    case "relu":
      return z.map((v) => Math.max(v, 0));
    case "leaky_relu":
      return z.map((v) => (v > 0 ? v : slope * v));
    case "sigmoid":
      return z.map((v) => 1 / (1 + Math.exp(-v)));
    case "tanh":
      return z.map((v) => Math.tanh(v));
    case "linear":
      return z.slice();
    case "softmax": {
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const total = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / total);
    }
    default:
      throw new Error(`oracle: unknown activation ${name}`);
  }
}

/** J from the output activations, with the convention 0·ln 0 = 0. */
export function loss(instance: OracleInstance, out: number[]): number {
  const { y } = instance;
  let J = 0;
  for (let i = 0; i < out.length; i++) {
    if (instance.loss === "half_sse") {
      J += 0.5 * (out[i] - y[i]) * (out[i] - y[i]);
    } else if (instance.activations[instance.activations.length - 1] === "softmax") {
      if (y[i] !== 0) J -= y[i] * Math.log(out[i]);
    } else {
      if (y[i] !== 0) J -= y[i] * Math.log(out[i]);
      if (y[i] !== 1) J -= (1 - y[i]) * Math.log(1 - out[i]);
    }
  }
  return J;
}

export function forward(instance: OracleInstance, options: ForwardOptions = {}): ForwardResult {
  const L = instance.layers.length;
  const slope = instance.leakySlope ?? CONTRACT_LEAKY_SLOPE;
  const z: number[][] = [[], []];
  const a: number[][] = [[], instance.x.slice()];
  for (let l = 2; l <= L; l++) {
    const W = instance.theta[String(l)];
    const zl: number[] = [];
    for (let j = 0; j < W.length; j++) {
      let s = options.omitBias ? 0 : W[j][0];
      for (let k = 1; k < W[j].length; k++) s += W[j][k] * a[l - 1][k - 1];
      if (options.zShift && options.zShift.l === l && options.zShift.j === j + 1) s += options.zShift.h;
      zl.push(s);
    }
    z.push(zl);
    a.push(options.skipActivationAt === l ? zl.slice() : activate(instance.activations[l - 2], zl, slope));
  }
  return { z, a, J: loss(instance, a[L]) };
}

export const FD_STEP = 1e-6;

function centred(f: (h: number) => number, h = FD_STEP): number {
  const plus = f(h);
  const minus = f(-h);
  return (plus - minus) / (2 * h);
}

/** ∂J/∂Θ^(l)_jk by centred differences (j from 1, k from 0). */
export function numericGrad(instance: OracleInstance, l: number, j: number, k: number, h = FD_STEP): number {
  const weight = instance.theta[String(l)][j - 1][k];
  const at = (step: number) => {
    const theta: Record<string, number[][]> = {};
    for (const [key, m] of Object.entries(instance.theta)) theta[key] = m.map((row) => row.slice());
    theta[String(l)][j - 1][k] = weight + step;
    return forward({ ...instance, theta }).J;
  };
  // the step actually taken, after rounding θ ± h to float64
  const plus = at(h);
  const minus = at(-h);
  return (plus - minus) / (weight + h - (weight - h));
}

/** δ^(l)_j = ∂J/∂z^(l)_j by centred differences, perturbing z directly. */
export function numericDelta(instance: OracleInstance, l: number, j: number, h = FD_STEP): number {
  return centred((step) => forward(instance, { zShift: { l, j, h: step } }).J, h);
}

/** cs231n-style relative error; 0 when both are exactly 0. */
export function relativeError(analytic: number, numeric: number): number {
  if (analytic === 0 && numeric === 0) return 0;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-8);
}

/** A small seeded PRNG (mulberry32) for the tests' own random choices. */
export function testRng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

/** The agreement the oracle demands between an analytic derivative and a centred difference. */
export const MAX_RELATIVE_ERROR = 1e-6;

/**
 * Float64 leaves J(θ+h) − J(θ−h) uncertain by a few ulps of J, i.e. about ε·|J|/h ≈ 2e-10·|J| in the
 * derivative at h = 1e-6. Derivatives smaller than ~1e-4 (sums that nearly cancel) cannot meet a
 * 1e-6 relative error for that reason alone, so a difference within this floor also agrees.
 */
export function roundoffFloor(J: number): number {
  return 1e-9 * Math.max(1, Math.abs(J));
}

export function derivativesAgree(analytic: number, numeric: number, J: number): boolean {
  return relativeError(analytic, numeric) <= MAX_RELATIVE_ERROR || Math.abs(analytic - numeric) <= roundoffFloor(J);
}

/** The contract's kinked activations, whose derivative is ambiguous at z = 0. */
export function hasKink(activation: string): boolean {
  return activation === "relu" || activation === "leaky_relu";
}

/**
 * Property loops run thousands of cases; vitest's 5 s default can trip on a loaded machine.
 * This is a guard against spurious timeouts, not a performance assertion.
 */
export const HEAVY_TIMEOUT = 120_000;
