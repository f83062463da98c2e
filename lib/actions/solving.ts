"use server";
// Student actions: load a part's worked solution, start a new variant. (Answers go to POST /api/submissions.)
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/dal/session";
import { fetchWorkedSolution, startNewVariant } from "@/lib/dal/solving";
import { presentSolution, type SolutionPresentation } from "@/lib/present/parts";
import { workedSolutionSchema } from "@/lib/validations/submission";
import { idSchema } from "@/lib/validations/course";
import { runAction, validationFailure, type ActionResult } from "./result";

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
