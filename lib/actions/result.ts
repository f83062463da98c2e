// The typed result every server action returns, and the one place domain errors become messages.
import { z } from "zod";
import { DomainError } from "@/lib/dal/errors";
import { InvalidInputError } from "@/lib/dal/errors";
import { fieldErrors } from "@/lib/validations/problem-set";

export type ActionFailure = { ok: false; error: string; status: number; fieldErrors?: Record<string, string> };
export type ActionResult<T = undefined> = { ok: true; data: T; message?: string } | ActionFailure;

export function validationFailure(error: z.ZodError): ActionFailure {
  return { ok: false, status: 422, error: "Please fix the highlighted fields.", fieldErrors: fieldErrors(error) };
}

/** Run an action body; domain errors become typed failures, anything else is logged and hidden. */
export async function runAction<T>(body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { ok: false, status: 422, error: error.message, ...(error.field ? { fieldErrors: { [error.field]: error.message } } : {}) };
    }
    if (error instanceof DomainError) return { ok: false, status: error.status, error: error.message };
    // Next's redirect()/notFound() signal by throwing: let them through.
    if (error && typeof error === "object" && "digest" in error) throw error;
    console.error(error);
    return { ok: false, status: 500, error: "Something went wrong on our side. Your work was not lost; please try again." };
  }
}
