// The engine's data contract: plain JSON in, plain JSON out, so a variant can be stored
// and regenerated from (spec, seed, generator version).

export const ACTIVATIONS = ["relu", "leaky_relu", "sigmoid", "tanh", "linear", "softmax"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ["half_sse", "cross_entropy"] as const;
export type Loss = (typeof LOSSES)[number];

/** Θ^(l) for l = 2..L, keyed by the layer number as a string: s_l rows × (s_{l−1}+1) columns. */
export type Matrix = number[][];
export type ThetaByLayer = Record<string, Matrix>;

export interface InstanceMeta {
  preset: string;
  seed: number;
  generatorVersion: number;
}

/** One problem instance, exactly the CLI's contract. Extra fields are allowed and ignored. */
export interface Instance {
  layers: number[];
  activations: Activation[];
  loss: Loss;
  leakySlope?: number;
  theta: ThetaByLayer;
  x: number[];
  y: number[];
  meta?: InstanceMeta;
}

/** Vectors keyed by layer number ("1".."L"). */
export type VectorByLayer = Record<string, number[]>;

export interface Solution {
  J: number;
  /** z^(l) for l = 2..L */
  z: VectorByLayer;
  /** a^(l) for l = 1..L (a^(1) = x) */
  a: VectorByLayer;
  /** δ^(l) = ∂J/∂z^(l) for l = 2..L */
  delta: VectorByLayer;
  /** ∂J/∂Θ^(l) for l = 2..L, same shape as Θ^(l) */
  grad: ThetaByLayer;
}

/** What a question part asks for. Units are numbered from 1; k = 0 is the bias weight. */
export type Target =
  | { kind: "z"; l: number; j: number }
  | { kind: "a"; l: number; j: number }
  | { kind: "delta"; l: number; j: number }
  | { kind: "J" }
  | { kind: "grad"; l: number; j: number; k: number }
  | { kind: "grad"; l: number; j?: undefined; k?: undefined }
  | { kind: "update"; l: number; j: number; k: number; alpha?: number };

export type ScalarTarget = Exclude<Target, { kind: "grad"; j?: undefined }>;
export type MatrixTarget = Extract<Target, { kind: "grad"; j?: undefined }>;

export type ToleranceMode = "relabs" | "sigfig";
export interface Tolerance {
  mode: ToleranceMode;
  /** relabs: relative tolerance (default DEFAULT_RTOL) */
  rtol?: number;
  /** relabs: absolute tolerance (default DEFAULT_ATOL) */
  atol?: number;
  /** sigfig: number of significant figures that must agree (default DEFAULT_SIGFIGS) */
  sigfigs?: number;
}

export type ParsedAnswer =
  | { ok: true; value: number }
  | { ok: false; message: string };

export type MistakeId =
  | "missing_activation_derivative"
  | "sign_flip"
  | "factor_two"
  | "derivative_at_activation"
  | "transposed_indices"
  | "wrong_input_unit"
  | "missing_input_activation"
  | "forward_no_activation"
  | "forward_missing_bias"
  | "update_sign"
  | "update_missing_alpha"
  | "gradient_instead_of_update";

export interface Diagnosis {
  mistake: MistakeId;
  message: string;
}

export type Verdict = "correct" | "incorrect" | "invalid";

export interface CarriedForward {
  /** Indices of the earlier parts whose (wrong) values this answer correctly builds on. */
  fromParts: number[];
  /** The value this part would have, computed from the student's own earlier answers. */
  expected: number;
  message: string;
}

export interface ScalarGrade {
  status: Verdict;
  expected: number;
  received?: number;
  message: string;
  nearMiss?: boolean;
  diagnosis?: Diagnosis;
  carriedForward?: CarriedForward;
  /** 1 for correct, 0 otherwise; the grading policy may award credit for carried-forward answers. */
  score: number;
}

export interface CellGrade {
  status: Verdict;
  expected: number;
  received?: number;
  message: string;
  nearMiss?: boolean;
  diagnosis?: Diagnosis;
  /** wrong only through an earlier wrong part; earns the carried-forward credit */
  carriedForward?: boolean;
}

export interface MatrixGrade {
  status: Verdict;
  expected: Matrix;
  cells: CellGrade[][];
  /** fraction of cells correct (carried-forward cells count at the carried-forward credit), in [0, 1] */
  score: number;
  message: string;
  diagnosis?: Diagnosis;
}

export interface Step {
  title: string;
  latex: string;
}

export interface Explanation {
  answer: number | Matrix;
  steps: Step[];
}

export interface DiagramNode {
  id: string;
  layer: number;
  /** 0 is the bias unit */
  unit: number;
  x: number;
  y: number;
  bias: boolean;
  /** short LaTeX-free label such as "x1", "a(2)2", "+1" */
  label: string;
  activation?: Activation;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** layer of the receiving unit: the edge carries Θ^(l)_jk */
  l: number;
  j: number;
  k: number;
  weight: number;
}

export interface Diagram {
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}
