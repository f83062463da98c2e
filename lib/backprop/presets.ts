// Named problem families. Each is a network spec plus the parts a student is asked, chosen per variant.
import type { Activation, Loss, Tolerance } from "./types";

/** How a part picks its unit: any unit, a live one (z > 0 at a ReLU), or a dead one (deliberately). */
export type UnitChoice = "any" | "alive" | "dead";

export type PartTemplate =
  | { kind: "J" }
  | { kind: "z" | "a"; l: number; unit?: UnitChoice }
  | { kind: "delta"; l: number; unit?: UnitChoice; sameAs?: number }
  | { kind: "grad"; l: number; unit?: UnitChoice; sameAs?: number; input?: "unit" | "bias" | "any" }
  | { kind: "grad-matrix"; l: number }
  | { kind: "update"; l: number; alpha: number; sameAs?: number };

export interface NetworkSpec {
  layers: number[];
  activations: Activation[];
  loss: Loss;
  leakySlope?: number;
  /** range of weights and biases; values have one decimal and are never 0 */
  weightRange?: [number, number];
  inputRange?: [number, number];
  targetRange?: [number, number];
  /** parts asked; defaults to a chain from J through the output delta to a hidden gradient and an update */
  parts?: PartTemplate[];
  /** a ReLU output layer with exactly one dead unit, so the question can ask what a dead unit passes back */
  deadOutputUnit?: boolean;
  /** hidden ReLU layers need at least this many live units */
  minAliveHidden?: number;
}

export interface Preset {
  name: string;
  title: string;
  description: string;
  spec: NetworkSpec;
  /** grading tolerance suited to the size of this family's numbers (default: relabs rtol 0.01, atol 0.001) */
  tolerance?: Tolerance;
}

/** δ^(L), its weight gradient, the hidden δ feeding it, that unit's input gradient, and one update step. */
const chainParts = (L: number, alpha = 0.1): PartTemplate[] => [
  { kind: "J" },
  { kind: "delta", l: L, unit: "alive" },
  { kind: "grad", l: L, unit: "alive", sameAs: 1, input: "unit" },
  { kind: "delta", l: L - 1, unit: "alive" },
  { kind: "grad", l: L - 1, sameAs: 3, input: "unit" },
  { kind: "update", l: L - 1, alpha, sameAs: 4 },
];

export const PRESETS: readonly Preset[] = [
  {
    name: "question-relu",
    title: "The question's network",
    description: "2-3-2, ReLU hidden layer, linear output, J = ½Σ(a − y)²: the network of the original question.",
    spec: { layers: [2, 3, 2], activations: ["relu", "linear"], loss: "half_sse", minAliveHidden: 2, parts: chainParts(3) },
  },
  {
    name: "question-relu-output",
    title: "ReLU on the output too",
    description: "2-3-2 with ReLU on both layers; one output unit is dead — what error does it pass back?",
    spec: {
      layers: [2, 3, 2],
      activations: ["relu", "relu"],
      loss: "half_sse",
      minAliveHidden: 2,
      deadOutputUnit: true,
      parts: [
        { kind: "J" },
        { kind: "delta", l: 3, unit: "dead" },
        { kind: "delta", l: 3, unit: "alive" },
        { kind: "grad", l: 3, sameAs: 2, input: "unit" },
        { kind: "delta", l: 2, unit: "alive" },
        { kind: "grad", l: 2, sameAs: 4, input: "unit" },
      ],
    },
  },
  {
    name: "sigmoid-2-2-1",
    title: "Sigmoid network",
    description: "2-2-1 with sigmoid units everywhere and J = ½(a − y)²: the textbook case.",
    spec: { layers: [2, 2, 1], activations: ["sigmoid", "sigmoid"], loss: "half_sse", parts: chainParts(3, 0.5) },
    // sigmoid gradients are often below 0.05, where an absolute tolerance of 0.001 would accept guesses
    tolerance: { mode: "relabs", rtol: 0.01, atol: 0.00001 },
  },
  {
    name: "tanh-2-2-1",
    title: "tanh hidden layer",
    description: "2-2-1 with a tanh hidden layer, linear output, J = ½(a − y)².",
    spec: { layers: [2, 2, 1], activations: ["tanh", "linear"], loss: "half_sse", parts: chainParts(3) },
  },
  {
    name: "leaky-relu-2-3-2",
    title: "Leaky ReLU",
    description: "2-3-2 with a leaky ReLU hidden layer (slope 0.1 below zero): no unit is ever fully dead.",
    spec: { layers: [2, 3, 2], activations: ["leaky_relu", "linear"], loss: "half_sse", leakySlope: 0.1, parts: chainParts(3) },
  },
  {
    name: "softmax-3-3-3",
    title: "Softmax classifier",
    description: "3-3-3, ReLU hidden layer, softmax output with cross-entropy: the output error is a − y.",
    spec: {
      layers: [3, 3, 3],
      activations: ["relu", "softmax"],
      loss: "cross_entropy",
      minAliveHidden: 2,
      parts: [
        { kind: "a", l: 3, unit: "any" },
        { kind: "J" },
        { kind: "delta", l: 3, unit: "any" },
        { kind: "delta", l: 2, unit: "alive" },
        { kind: "grad", l: 2, sameAs: 3, input: "unit" },
      ],
    },
  },
  {
    name: "deep-4-3-3-2",
    title: "Two hidden layers",
    description: "4-3-3-2, ReLU, ReLU, linear output, J = ½Σ(a − y)²: back-propagate twice.",
    spec: {
      layers: [4, 3, 3, 2],
      activations: ["relu", "relu", "linear"],
      loss: "half_sse",
      minAliveHidden: 2,
      parts: [
        { kind: "J" },
        { kind: "delta", l: 4, unit: "any" },
        { kind: "delta", l: 3, unit: "alive" },
        { kind: "delta", l: 2, unit: "alive" },
        { kind: "grad", l: 2, sameAs: 3, input: "unit" },
        { kind: "grad-matrix", l: 4 },
      ],
    },
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
