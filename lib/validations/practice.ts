// Input validation for the public practice actions, and the shapes they return to the browser.
import { z } from "zod";

export const MAX_SEED = 4294967295;
export const MAX_ANSWER_CHARS = 200;
export const MAX_MATRIX_SIDE = 8;
/** Presets ask at most 12 parts. */
export const MAX_PARTS = 12;

const answerText = z.string().max(MAX_ANSWER_CHARS, `Answers are at most ${MAX_ANSWER_CHARS} characters.`);
const answerMatrix = z
  .array(z.array(answerText).min(1).max(MAX_MATRIX_SIDE, `At most ${MAX_MATRIX_SIDE} columns.`))
  .min(1)
  .max(MAX_MATRIX_SIDE, `At most ${MAX_MATRIX_SIDE} rows.`);

export const practiceAnswerSchema = z.union([answerText, answerMatrix]);

const partIndex = z.number().int().min(0).max(MAX_PARTS - 1);

export const variantRefSchema = z.object({
  preset: z.string().min(1).max(64),
  seed: z.number().int().min(0).max(MAX_SEED),
});

export const checkPracticeAnswerSchema = variantRefSchema.extend({
  partIndex,
  answer: practiceAnswerSchema,
  /** Answers already checked in earlier parts, so an error carried forward is recognised. */
  earlier: z
    .array(z.object({ partIndex, answer: practiceAnswerSchema }))
    .max(MAX_PARTS)
    .default([]),
});

export const revealPracticeSolutionSchema = variantRefSchema.extend({ partIndex });

export type PracticeAnswer = z.infer<typeof practiceAnswerSchema>;
export type CheckPracticeAnswerInput = z.input<typeof checkPracticeAnswerSchema>;
export type RevealPracticeSolutionInput = z.input<typeof revealPracticeSolutionSchema>;

export type FeedbackStatus = "correct" | "incorrect" | "invalid";

export interface CellFeedback {
  status: FeedbackStatus;
  message: string;
  nearMiss?: boolean;
}

/** What the browser learns about an answer: never the expected value. */
export interface PracticeFeedback {
  status: FeedbackStatus;
  message: string;
  nearMiss?: boolean;
  diagnosis?: { mistake: string; message: string };
  carriedForward?: { message: string };
  /** whole-matrix parts: one entry per cell, row by row */
  cells?: CellFeedback[][];
  /** whole-matrix parts that could not be read: the cells at fault (0-based) */
  invalidCells?: { row: number; col: number; message: string }[];
}

export interface SolutionStep {
  title: string;
  /** KaTeX-rendered HTML */
  html: string;
}

export type RevealResult =
  | { ok: true; answerText: string; steps: SolutionStep[] }
  | { ok: false; message: string };
