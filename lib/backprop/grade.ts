// Grading: compare a parsed answer with the reference within a tolerance, then explain a wrong one —
// a near miss, a classic mistake, or an error carried forward from the student's own earlier parts.
import type {
  CarriedForward,
  CellGrade,
  Diagnosis,
  Instance,
  Matrix,
  MatrixGrade,
  MatrixTarget,
  ScalarGrade,
  ScalarTarget,
  Solution,
  Target,
  Tolerance,
} from "./types";
import { parseAnswer, parseAnswerMatrix } from "./parse-answer";
import { propagate, solve, type Overrides } from "./solve";
import { isMatrixTarget, matrixValue, scalarValue } from "./targets";
import { mistakeCandidates } from "./mistakes";
import { formatNumber } from "./format";
import { SpecError } from "./errors";

export const DEFAULT_RTOL = 0.01;
export const DEFAULT_ATOL = 0.001;
export const DEFAULT_SIGFIGS = 3;
/** An answer within this many tolerances of the truth is a near miss. */
export const NEAR_MISS_FACTOR = 5;
export const DEFAULT_TOLERANCE: Tolerance = { mode: "relabs", rtol: DEFAULT_RTOL, atol: DEFAULT_ATOL };

/** A part answered earlier in the same question, used to recognise errors carried forward. */
export interface EarlierPart {
  target: Target;
  answer: string | string[][];
}

export interface GradeOptions {
  alpha?: number;
  tolerance?: Tolerance;
  earlier?: EarlierPart[];
  /** score in [0, 1] for an answer that is wrong only through an earlier wrong part (default 0) */
  carriedForwardCredit?: number;
  /** the solution of `instance`, when the caller has it already */
  solution?: Solution;
}

/** Validate an untrusted tolerance; throws SpecError naming the field. */
export function validateTolerance(input: unknown): Tolerance {
  if (input === undefined) return DEFAULT_TOLERANCE;
  if (typeof input !== "object" || input === null) throw new SpecError("tolerance", "must be an object such as {\"mode\": \"relabs\"}");
  const t = input as Record<string, unknown>;
  const positive = (v: unknown, field: string) => {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new SpecError(`tolerance.${field}`, `must be a number ≥ 0, got ${String(v)}`);
    return v;
  };
  if (t.mode === "relabs") return { mode: "relabs", rtol: positive(t.rtol, "rtol") ?? DEFAULT_RTOL, atol: positive(t.atol, "atol") ?? DEFAULT_ATOL };
  if (t.mode === "sigfig") {
    const n = t.sigfigs ?? DEFAULT_SIGFIGS;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 15) throw new SpecError("tolerance.sigfigs", `must be a whole number from 1 to 15, got ${String(n)}`);
    return { mode: "sigfig", sigfigs: n };
  }
  throw new SpecError("tolerance.mode", `must be "relabs" or "sigfig", got ${JSON.stringify(t.mode) ?? "nothing"}`);
}

/** The largest accepted |received − expected| for this expected value. */
export function allowedError(expected: number, tolerance: Tolerance = DEFAULT_TOLERANCE): number {
  if (tolerance.mode === "sigfig") {
    const digits = tolerance.sigfigs ?? DEFAULT_SIGFIGS;
    if (expected === 0) return 0.5 * 10 ** -digits;
    // half a unit in the last significant place, plus float slack
    const place = Math.floor(Math.log10(Math.abs(expected))) - digits + 1;
    return 0.5 * 10 ** place * (1 + 1e-9);
  }
  return (tolerance.atol ?? DEFAULT_ATOL) + (tolerance.rtol ?? DEFAULT_RTOL) * Math.abs(expected);
}

export function isWithinTolerance(received: number, expected: number, tolerance: Tolerance = DEFAULT_TOLERANCE, factor = 1): boolean {
  return Math.abs(received - expected) <= factor * allowedError(expected, tolerance);
}

/** The first catalogued mistake whose value matches the answer and differs from the truth. */
export function diagnoseMistake(
  instance: Instance,
  solution: Solution,
  target: ScalarTarget,
  received: number,
  expected: number,
  tolerance: Tolerance,
  alpha?: number,
): Diagnosis | undefined {
  for (const candidate of mistakeCandidates(instance, solution, target, alpha)) {
    if (isWithinTolerance(received, candidate.value, tolerance) && !isWithinTolerance(candidate.value, expected, tolerance)) {
      return { mistake: candidate.mistake, message: candidate.message };
    }
  }
  return undefined;
}

interface ParsedEarlier {
  index: number;
  target: Target;
  values: number | Matrix;
}

/** Earlier parts that parse but are wrong become overrides: the values a student's later work builds on. */
function wrongEarlierParts(instance: Instance, solution: Solution, earlier: EarlierPart[], tolerance: Tolerance, alpha?: number): ParsedEarlier[] {
  const wrong: ParsedEarlier[] = [];
  earlier.forEach((part, index) => {
    if (isMatrixTarget(part.target)) {
      const parsed = parseAnswerMatrix(part.answer);
      const truth = matrixValue(solution, part.target);
      if (!parsed.ok || parsed.value.length !== truth.length || parsed.value.some((row, r) => row.length !== truth[r].length)) return;
      if (parsed.value.some((row, r) => row.some((v, c) => !isWithinTolerance(v, truth[r][c], tolerance)))) {
        wrong.push({ index, target: part.target, values: parsed.value });
      }
      return;
    }
    if (typeof part.answer !== "string") return;
    const parsed = parseAnswer(part.answer);
    if (!parsed.ok) return;
    if (!isWithinTolerance(parsed.value, scalarValue(instance, solution, part.target, alpha), tolerance)) {
      wrong.push({ index, target: part.target, values: parsed.value });
    }
  });
  return wrong;
}

function overridesFrom(parts: ParsedEarlier[]): Overrides {
  const o: Required<Overrides> = { z: {}, a: {}, delta: {}, grad: {} };
  for (const { target, values } of parts) {
    if (target.kind === "grad" && Array.isArray(values)) {
      const layer = (o.grad[String(target.l)] ??= {});
      values.forEach((row, r) => row.forEach((v, c) => (layer[`${r + 1},${c}`] = v)));
    } else if (target.kind === "grad" && typeof values === "number" && target.j !== undefined) {
      (o.grad[String(target.l)] ??= {})[`${target.j},${target.k}`] = values;
    } else if ((target.kind === "z" || target.kind === "a" || target.kind === "delta") && typeof values === "number") {
      (o[target.kind][String(target.l)] ??= {})[target.j] = values;
    }
  }
  return o;
}

/** The solution recomputed from the student's own wrong earlier values, or null when nothing carries forward. */
function carriedForwardSolution(instance: Instance, solution: Solution, options: GradeOptions, tolerance: Tolerance) {
  if (!options.earlier?.length) return null;
  const wrong = wrongEarlierParts(instance, solution, options.earlier, tolerance, options.alpha);
  if (!wrong.length) return null;
  const bent = propagate(instance, { overrides: overridesFrom(wrong) });
  return bent ? { bent, wrong } : null;
}

/** Of the wrong earlier parts, those this value actually depends on: leaving one out changes the value. */
function partsBehind(instance: Instance, wrong: ParsedEarlier[], carried: number, valueIn: (s: Solution) => number, tolerance: Tolerance): number[] {
  if (wrong.length === 1) return [wrong[0].index];
  const behind = wrong.filter((w) => {
    const without = propagate(instance, { overrides: overridesFrom(wrong.filter((o) => o !== w)) });
    return without !== null && !isWithinTolerance(valueIn(without), carried, tolerance);
  });
  return (behind.length ? behind : wrong).map((w) => w.index);
}

type CarriedSolution = NonNullable<ReturnType<typeof carriedForwardSolution>>;

/** The answer is wrong, but exactly what the student's own wrong earlier parts lead to: name those parts. */
function carriedForwardFor(
  instance: Instance,
  carried: CarriedSolution | null,
  valueIn: (s: Solution) => number,
  received: number,
  expected: number,
  tolerance: Tolerance,
): CarriedForward | undefined {
  if (!carried) return undefined;
  const value = valueIn(carried.bent);
  if (isWithinTolerance(value, expected, tolerance) || !isWithinTolerance(received, value, tolerance)) return undefined;
  const fromParts = partsBehind(instance, carried.wrong, value, valueIn, tolerance);
  const parts = fromParts.map((i) => `part ${i + 1}`).join(", ");
  return {
    fromParts,
    expected: value,
    message: `Consistent with your earlier answer (${parts}): the method is right, the error was carried forward from there.`,
  };
}

/** Grade one typed answer to a scalar target. Invalid input is reported, never graded. */
export function gradeScalar(instance: Instance, target: ScalarTarget, answer: unknown, options: GradeOptions = {}): ScalarGrade {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const solution = options.solution ?? solve(instance);
  const expected = scalarValue(instance, solution, target, options.alpha);
  if (typeof answer !== "string") {
    return { status: "invalid", expected, message: "The answer must be text such as 0.25 or -3/25.", score: 0 };
  }
  const parsed = parseAnswer(answer);
  if (!parsed.ok) return { status: "invalid", expected, message: parsed.message, score: 0 };
  const received = parsed.value;
  if (isWithinTolerance(received, expected, tolerance)) {
    return { status: "correct", expected, received, message: "Correct.", score: 1 };
  }
  const carried = carriedForwardSolution(instance, solution, options, tolerance);
  const valueIn = (s: Solution) => scalarValue(instance, s, target, options.alpha);
  const carriedForward = carriedForwardFor(instance, carried, valueIn, received, expected, tolerance);
  if (carriedForward) {
    return { status: "incorrect", expected, received, message: carriedForward.message, carriedForward, score: options.carriedForwardCredit ?? 0 };
  }
  const diagnosis = diagnoseMistake(instance, solution, target, received, expected, tolerance, options.alpha);
  const nearMiss = !diagnosis && isWithinTolerance(received, expected, tolerance, NEAR_MISS_FACTOR);
  const message = diagnosis
    ? `Incorrect. ${diagnosis.message}`
    : nearMiss
      ? `Close, but outside the tolerance of ±${formatNumber(allowedError(expected, tolerance), 2)}: carry more digits through the intermediate steps instead of rounding early.`
      : "Incorrect.";
  return { status: "incorrect", expected, received, message, score: 0, ...(nearMiss ? { nearMiss } : {}), ...(diagnosis ? { diagnosis } : {}) };
}

function shapeMessage(expected: Matrix, rows: number[][], l: number): string {
  const want = `${expected.length} rows × ${expected[0].length} columns`;
  const got = `${rows.length} rows × ${rows[0]?.length ?? 0} columns`;
  const transposed = rows.length === expected[0].length && rows.every((r) => r.length === expected.length);
  const hint = transposed ? " — that is the transpose: one row per unit of the layer the weights feed, column 0 for the bias." : ": one row per unit of layer " + l + ", column 0 for the bias.";
  return `Expected ${want}, you entered ${got}${hint}`;
}

/** Grade a whole gradient matrix cell by cell, with partial credit. */
export function gradeMatrix(instance: Instance, target: MatrixTarget, answer: unknown, options: GradeOptions = {}): MatrixGrade {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const solution = options.solution ?? solve(instance);
  const expected = matrixValue(solution, target);
  const invalid = (message: string): MatrixGrade => ({ status: "invalid", expected, cells: [], score: 0, message });
  const parsed = parseAnswerMatrix(answer);
  if (!parsed.ok) return invalid(parsed.message);
  const rows = parsed.value;
  if (rows.length !== expected.length || rows.some((row) => row.length !== expected[0].length)) {
    return invalid(shapeMessage(expected, rows, target.l));
  }
  const carried = carriedForwardSolution(instance, solution, options, tolerance);
  const cells: CellGrade[][] = rows.map((row, r) =>
    row.map((received, c) => {
      const cellTarget: ScalarTarget = { kind: "grad", l: target.l, j: r + 1, k: c };
      const truth = expected[r][c];
      if (isWithinTolerance(received, truth, tolerance)) return { status: "correct", expected: truth, received, message: "Correct." };
      const cf = carriedForwardFor(instance, carried, (s) => s.grad[String(target.l)][r][c], received, truth, tolerance);
      if (cf) return { status: "incorrect", expected: truth, received, message: cf.message, carriedForward: true };
      const diagnosis = diagnoseMistake(instance, solution, cellTarget, received, truth, tolerance, options.alpha);
      const nearMiss = !diagnosis && isWithinTolerance(received, truth, tolerance, NEAR_MISS_FACTOR);
      return {
        status: "incorrect",
        expected: truth,
        received,
        message: diagnosis ? diagnosis.message : nearMiss ? "Close: carry more digits." : "Incorrect.",
        ...(nearMiss ? { nearMiss } : {}),
        ...(diagnosis ? { diagnosis } : {}),
      };
    }),
  );
  const flat = cells.flat();
  const correct = flat.filter((c) => c.status === "correct").length;
  const carriedCells = flat.filter((c) => c.carriedForward).length;
  const score = (correct + carriedCells * (options.carriedForwardCredit ?? 0)) / flat.length;
  const wrong = flat.filter((c) => c.status !== "correct");
  const shared = wrong.length > 0 && wrong.every((c) => c.diagnosis && c.diagnosis.mistake === wrong[0].diagnosis?.mistake) ? wrong[0].diagnosis : undefined;
  const status = correct === flat.length ? "correct" : "incorrect";
  const message =
    status === "correct"
      ? "Correct: every entry matches."
      : `${correct} of ${flat.length} entries correct.${shared ? ` ${shared.message}` : ""}`;
  return { status, expected, cells, score, message, ...(shared ? { diagnosis: shared } : {}) };
}

/** Grade an answer to any target: a string for a scalar, rows of strings for a whole matrix. */
export function gradeAnswer(instance: Instance, target: Target, answer: unknown, options: GradeOptions = {}): ScalarGrade | MatrixGrade {
  return isMatrixTarget(target) ? gradeMatrix(instance, target, answer, options) : gradeScalar(instance, target as ScalarTarget, answer, options);
}

