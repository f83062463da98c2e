// Activation functions g and the local backward rule through them, one entry per activation.
import type { Activation } from "./types";

export const DEFAULT_LEAKY_SLOPE = 0.01;

export interface ActivationRule {
  /** LaTeX name used in worked solutions */
  latex: string;
  /** g applied to a whole layer (softmax needs the whole vector) */
  forward(z: number[], slope: number): number[];
  /** elementwise g'(v); undefined for softmax, whose Jacobian is not diagonal */
  derivative?(v: number, slope: number): number;
}

function elementwise(f: (v: number, slope: number) => number) {
  return (z: number[], slope: number) => {
    const out = new Array<number>(z.length);
    for (let i = 0; i < z.length; i++) out[i] = f(z[i], slope);
    return out;
  };
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export const ACTIVATION_RULES: Record<Activation, ActivationRule> = {
  relu: {
    latex: "\\operatorname{ReLU}",
    forward: elementwise((v) => (v > 0 ? v : 0)),
    // ReLU'(0) is taken as 0; generated instances keep pre-activations away from the kink.
    derivative: (v) => (v > 0 ? 1 : 0),
  },
  leaky_relu: {
    latex: "\\operatorname{LeakyReLU}",
    forward: elementwise((v, slope) => (v > 0 ? v : slope * v)),
    derivative: (v, slope) => (v > 0 ? 1 : slope),
  },
  sigmoid: {
    latex: "\\sigma",
    forward: elementwise(sigmoid),
    derivative: (v) => {
      const s = sigmoid(v);
      return s * (1 - s);
    },
  },
  tanh: {
    latex: "\\tanh",
    forward: elementwise(Math.tanh),
    derivative: (v) => {
      const t = Math.tanh(v);
      return 1 - t * t;
    },
  },
  linear: {
    latex: "\\operatorname{id}",
    forward: elementwise((v) => v),
    derivative: () => 1,
  },
  softmax: {
    latex: "\\operatorname{softmax}",
    forward: (z) => {
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    },
  },
};

/** Pass ∂J/∂a back through g: returns ∂J/∂z. `at` holds the points where g' is evaluated (z, or a by mistake). */
export function backThroughActivation(
  activation: Activation,
  upstream: number[],
  at: number[],
  a: number[],
  slope: number,
): number[] {
  const rule = ACTIVATION_RULES[activation];
  // `+ 0` turns −0 (a negative error times a zero derivative) into 0
  const derivative = rule.derivative;
  if (derivative) {
    const out = new Array<number>(upstream.length);
    for (let i = 0; i < upstream.length; i++) out[i] = upstream[i] * derivative(at[i], slope) + 0;
    return out;
  }
  // softmax: ∂J/∂z_i = a_i (u_i − Σ_k a_k u_k)
  const dot = a.reduce((s, ak, k) => s + ak * upstream[k], 0);
  return a.map((ai, i) => ai * (upstream[i] - dot));
}

/** Activations whose kink makes the derivative ambiguous at z = 0. */
export function hasKink(activation: Activation): boolean {
  return activation === "relu" || activation === "leaky_relu";
}
