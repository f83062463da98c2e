"use server";
// Student actions: submit an answer to a part, load a part's worked solution, start a new variant.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/dal/session";
import { fetchWorkedSolution, startNewVariant, submitAnswer, type PartFeedback } from "@/lib/dal/solving";
import { presentPart, presentSolution, type PartPresentation, type SolutionPresentation } from "@/lib/present/parts";
import { submitSchema, workedSolutionSchema } from "@/lib/validations/submission";
import { idSchema } from "@/lib/validations/course";
import { runAction, validationFailure, type ActionResult } from "./result";

export interface SubmitActionData {
  feedback: PartFeedback;
  graded: boolean;
  part: PartPresentation;
  itemScore: number;
}

export async function submitAnswerAction(input: unknown): Promise<ActionResult<SubmitActionData>> {
  // The server's clock when the request arrived, before any await: the due date is judged by it, never by the client.
  const receivedAt = new Date();
  return runAction(async () => {
    const user = await requireUser();
    const parsed = submitSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const result = await submitAnswer(user, parsed.data, receivedAt);
    // No revalidatePath here: it would re-render the whole question page into this response (KaTeX, a dozen
    // queries, ~0.4 MB) on every answer. The result carries the part and the score, and the form calls
    // router.refresh() after a graded answer, which re-renders the page once and clears the router cache.
    return { ok: true, data: { feedback: result.feedback, graded: result.graded, part: presentPart(result.part, result.instance), itemScore: result.itemScore } };
  });
}

/** A part's worked solution, when the item's policy allows it now; refused (409) before that. */
export async function workedSolutionAction(input: unknown): Promise<ActionResult<SolutionPresentation>> {
  return runAction(async () => {
    const user = await requireUser();
    const parsed = workedSolutionSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    return { ok: true, data: presentSolution(await fetchWorkedSolution(user, parsed.data.variantId, parsed.data.partIndex)) };
  });
}

export async function newVariantAction(itemId: string): Promise<ActionResult<{ number: number }>> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(itemId).success) return { ok: false, status: 404, error: "That question was not found." };
    const result = await startNewVariant(user, itemId);
    revalidatePath("/courses", "layout");
    return { ok: true, data: result };
  });
}
