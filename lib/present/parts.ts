// Turn a student's part views into what the browser may receive: KaTeX already rendered on the server. A part says
// whether its worked solution may be shown; the solution itself (and with it the expected answer) is rendered only
// when the student asks for it (presentSolution, through workedSolutionAction), which keeps the page small.
import "server-only";
import { latexNumber, matrixLatex, isMatrixTarget, targetLatex, type Instance, type Matrix } from "@/lib/backprop";
import { renderTex } from "@/lib/katex";
import { partPrompt } from "@/lib/practice/present";
import { prettyTitle } from "./titles";
import type { PartFeedback, PartView, WorkedSolution } from "@/lib/dal/solving";

export interface PartPresentation {
  index: number;
  labelHtml: string;
  ariaLabel: string;
  prompt: string;
  kind: "scalar" | "matrix";
  rowHeaders: string[];
  colHeaders: string[];
  attemptsUsed: number;
  maxAttempts: number;
  correct: boolean;
  done: boolean;
  lastAnswer?: string | string[][];
  lastFeedback?: PartFeedback;
  /** the worked solution may be shown: the page offers a button that loads it */
  solutionReady?: true;
  solutionWaitsForEarlierParts?: boolean;
}

/** The reply to an answer (POST /api/submissions): its feedback, the part as it now stands, and the item's score. */
export interface SubmitReply {
  feedback: PartFeedback;
  /** false for an invalid answer: nothing was stored and no attempt used */
  graded: boolean;
  part: PartPresentation;
  itemScore: number;
}

export interface SolutionPresentation {
  answerHtml: string;
  steps: { title: string; html: string }[];
}

function answerTex(answer: number | Matrix): string {
  return typeof answer === "number" ? latexNumber(answer, 6) : matrixLatex(answer, 6);
}

export function presentPart(part: PartView, instance: Instance): PartPresentation {
  const target = part.target;
  const matrix = isMatrixTarget(target);
  const rows = matrix ? instance.layers[target.l - 1] : 0;
  const cols = matrix ? instance.layers[target.l - 2] + 1 : 0;
  return {
    index: part.index,
    labelHtml: renderTex(`${targetLatex(target)} = \\;?`),
    ariaLabel: part.label,
    prompt: partPrompt(target, instance),
    kind: matrix ? "matrix" : "scalar",
    rowHeaders: Array.from({ length: rows }, (_, r) => `j = ${r + 1}`),
    colHeaders: Array.from({ length: cols }, (_, c) => (c === 0 ? "k = 0 (bias)" : `k = ${c}`)),
    attemptsUsed: part.attemptsUsed,
    maxAttempts: part.maxAttempts,
    correct: part.correct,
    done: part.done,
    ...(part.lastAnswer !== undefined ? { lastAnswer: part.lastAnswer } : {}),
    ...(part.lastFeedback ? { lastFeedback: part.lastFeedback } : {}),
    ...(part.solutionWaitsForEarlierParts ? { solutionWaitsForEarlierParts: true } : {}),
    ...(part.solution ? { solutionReady: true as const } : {}),
  };
}

export function presentSolution({ target, solution }: WorkedSolution): SolutionPresentation {
  return {
    answerHtml: renderTex(`${targetLatex(target)} = ${answerTex(solution.answer)}`, true),
    steps: solution.steps.map((s) => ({ title: prettyTitle(s.title), html: renderTex(s.latex, true) })),
  };
}
