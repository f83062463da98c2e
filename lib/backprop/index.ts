// Public API of the pure backprop engine: generate → parse → grade → explain.
export * from "./types";
export { InstanceError, SpecError } from "./errors";
export { validateInstance } from "./validate";
export { solve, propagate } from "./solve";
export { PRESETS, findPreset, type Preset, type NetworkSpec, type PartTemplate } from "./presets";
export { generateVariant, regenerateVariant, validateSpec, checkSeed, GENERATOR_VERSION, KINK_MARGIN, MAX_SEED, type Variant } from "./generate";
export { validateTarget, scalarValue, matrixValue, isMatrixTarget, targetLatex, targetText, targetFamilyText, alphaOf, DEFAULT_ALPHA } from "./targets";
export { parseAnswer, parseAnswerMatrix, MAX_ANSWER_LENGTH } from "./parse-answer";
export {
  gradeAnswer,
  gradeScalar,
  gradeMatrix,
  diagnoseMistake,
  validateTolerance,
  isWithinTolerance,
  allowedError,
  DEFAULT_RTOL,
  DEFAULT_ATOL,
  DEFAULT_SIGFIGS,
  DEFAULT_TOLERANCE,
  NEAR_MISS_FACTOR,
  type EarlierPart,
  type GradeOptions,
} from "./grade";
export { mistakeCandidates } from "./mistakes";
export { explainTarget } from "./explain";
export { describeNetwork } from "./diagram";
export { formatNumber, latexNumber, matrixLatex } from "./format";
export { MISTAKE_LABELS } from "./mistake-labels";
