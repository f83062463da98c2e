// A student's answer to one part: one string, or a small matrix of strings.
import { z } from "zod";
import { MAX_ANSWER_LENGTH } from "@/lib/backprop";

const MAX_MATRIX_SIDE = 8;

// strict: unknown fields are refused, so a client cannot send its own clock (lateness is judged at receipt, on the server)
export const submitSchema = z.strictObject({
  variantId: z.string().min(1).max(64),
  partIndex: z.number().int().min(0).max(50),
  // over-long answers are reported by the parser with a friendly message, so allow a margin here
  answer: z.union([
    z.string().max(MAX_ANSWER_LENGTH * 4),
    z.array(z.array(z.string().max(MAX_ANSWER_LENGTH * 4)).max(MAX_MATRIX_SIDE + 1)).max(MAX_MATRIX_SIDE),
  ]),
  idempotencyKey: z.string().min(8).max(64),
});

/** Which part's worked solution to load: one of the caller's variants, checked on the server. */
export const workedSolutionSchema = submitSchema.pick({ variantId: true, partIndex: true });
