"use server";
// Public practice actions: grade one part, or reveal its worked solution. Anyone may call them,
// so every input is validated and the variant is regenerated here from (preset, seed), never trusted.
import {
  alphaOf,
  explainTarget,
  findPreset,
  formatNumber,
  generateVariant,
  gradeAnswer,
  isMatrixTarget,
  parseAnswerMatrix,
  type EarlierPart,
  type MatrixGrade,
  type ScalarGrade,
  type Variant,
} from "@/lib/backprop";
import { renderTex } from "@/lib/katex";
import { prettyTitle } from "@/lib/present/titles";
import {
  checkPracticeAnswerSchema,
  revealPracticeSolutionSchema,
  type PracticeFeedback,
  type RevealResult,
} from "@/lib/validations/practice";

const CARRIED_FORWARD_CREDIT = 0.5;

function invalid(message: string): PracticeFeedback {
  return { status: "invalid", message };
}

function firstIssue(error: { issues: { message: string; path: PropertyKey[] }[] }): string {
  const issue = error.issues[0];
  return issue ? issue.message : "The request could not be read.";
}

/** Regenerate the variant a page showed; null when the preset or seed does not exist. */
function loadVariant(preset: string, seed: number): Variant | null {
  if (!findPreset(preset)) return null;
  try {
    return generateVariant(preset, seed);
  } catch {
    return null;
  }
}

/** The grade as the browser may see it: status and messages, never an expected value. */
function toFeedback(grade: ScalarGrade | MatrixGrade): PracticeFeedback {
  const feedback: PracticeFeedback = { status: grade.status, message: grade.message };
  if (grade.diagnosis) feedback.diagnosis = { mistake: grade.diagnosis.mistake, message: grade.diagnosis.message };
  if ("cells" in grade) {
    if (grade.cells.length) {
      feedback.cells = grade.cells.map((row) =>
        row.map((cell) => ({ status: cell.status, message: cell.message, ...(cell.nearMiss ? { nearMiss: true } : {}) })),
      );
    }
    return feedback;
  }
  if (grade.nearMiss) feedback.nearMiss = true;
  if (grade.carriedForward) feedback.carriedForward = { message: grade.carriedForward.message };
  return feedback;
}

export async function checkPracticeAnswer(input: unknown): Promise<PracticeFeedback> {
  const parsed = checkPracticeAnswerSchema.safeParse(input);
  if (!parsed.success) return invalid(firstIssue(parsed.error));
  const { preset: presetName, seed, partIndex, answer, earlier } = parsed.data;
  const preset = findPreset(presetName);
  const variant = loadVariant(presetName, seed);
  if (!preset || !variant) return invalid("This problem no longer exists. Reload the page.");
  const part = variant.parts[partIndex];
  if (!part) return invalid("This part does not exist. Reload the page.");
  if (isMatrixTarget(part) !== Array.isArray(answer)) {
    return invalid(isMatrixTarget(part) ? "Fill in the whole matrix." : "Enter a single number.");
  }

  // Earlier parts line up by index, so the engine's "part n" messages name the right part.
  // Parts not answered yet stay empty: an empty answer does not parse and is ignored.
  const given = new Map(earlier.filter((e) => e.partIndex < partIndex).map((e) => [e.partIndex, e.answer]));
  const earlierParts: EarlierPart[] = variant.parts.slice(0, partIndex).map((target, i) => {
    const previous = given.get(i);
    const fits = previous !== undefined && isMatrixTarget(target) === Array.isArray(previous);
    return { target, answer: fits ? previous : isMatrixTarget(target) ? [] : "" };
  });

  try {
    const grade = gradeAnswer(variant.instance, part, answer, {
      earlier: earlierParts,
      tolerance: preset.tolerance,
      carriedForwardCredit: CARRIED_FORWARD_CREDIT,
    });
    const feedback = toFeedback(grade);
    if (feedback.status === "invalid" && Array.isArray(answer)) {
      // point at the cells that could not be read
      const parsedMatrix = parseAnswerMatrix(answer);
      if (!parsedMatrix.ok && parsedMatrix.cells) {
        feedback.invalidCells = parsedMatrix.cells.flatMap((row, r) =>
          row.flatMap((message, c) => (message ? [{ row: r, col: c, message }] : [])),
        );
      }
    }
    return feedback;
  } catch {
    return invalid("This answer could not be graded. Check it and try again.");
  }
}

export async function revealPracticeSolution(input: unknown): Promise<RevealResult> {
  const parsed = revealPracticeSolutionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const { preset, seed, partIndex } = parsed.data;
  const variant = loadVariant(preset, seed);
  const part = variant?.parts[partIndex];
  if (!variant || !part) return { ok: false, message: "This problem no longer exists. Reload the page." };
  const explanation = explainTarget(variant.instance, part, alphaOf(part));
  const answerText = Array.isArray(explanation.answer)
    ? explanation.answer.map((row) => row.map((v) => formatNumber(v)).join(", ")).join("; ")
    : formatNumber(explanation.answer);
  return {
    ok: true,
    answerText,
    steps: explanation.steps.map((step) => ({ title: prettyTitle(step.title), html: renderTex(step.latex, true) })),
  };
}
