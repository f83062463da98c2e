"use server";
// Gradebook actions: an instructor's score override for one student's question (recorded, never silent).
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/dal/session";
import { overrideScore } from "@/lib/dal/gradebook";
import { overrideSchema, type OverrideForm } from "@/lib/validations/gradebook";
import { runAction, validationFailure, type ActionResult } from "./result";

export async function overrideScoreAction(input: OverrideForm): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser();
    const parsed = overrideSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const { courseId, studentId, itemId, value, reason } = parsed.data;
    await overrideScore(user, { courseId, studentId, itemId, points: value, reason });
    revalidatePath(`/teach/${courseId}`, "layout");
    revalidatePath("/courses", "layout");
    revalidatePath("/dashboard");
    return { ok: true, data: undefined, message: value === null ? "Override cleared: the computed score counts again." : "Score saved." };
  });
}
