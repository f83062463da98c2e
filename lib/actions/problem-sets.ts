"use server";
// Problem set and item actions for instructors; the data layer checks the caller teaches the course.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/dal/session";
import { addItem, createSet, createSetFromTemplate, deleteItem, setPublished, updateItem, updateSet } from "@/lib/dal/problem-sets";
import { itemSchema, setSchema } from "@/lib/validations/problem-set";
import { idSchema } from "@/lib/validations/course";
import { runAction, validationFailure, type ActionFailure, type ActionResult } from "./result";

const badId: ActionFailure = { ok: false, status: 404, error: "That page was not found." };

export async function createSetAction(courseId: string, input: Record<string, unknown>): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(courseId).success) return badId;
    const parsed = setSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const set = await createSet(user, courseId, parsed.data);
    revalidatePath(`/courses/${courseId}`);
    revalidatePath(`/teach/${courseId}`);
    return { ok: true, data: set };
  });
}

export async function updateSetAction(setId: string, input: Record<string, unknown>): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(setId).success) return badId;
    const parsed = setSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    await updateSet(user, setId, parsed.data);
    revalidatePath("/courses", "layout");
    revalidatePath("/teach", "layout");
    return { ok: true, data: undefined, message: "Saved." };
  });
}

export async function publishSetAction(setId: string, published: boolean): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(setId).success || typeof published !== "boolean") return badId;
    await setPublished(user, setId, published);
    revalidatePath("/courses", "layout");
    revalidatePath("/teach", "layout");
    return { ok: true, data: undefined, message: published ? "Published: students can see it." : "Unpublished: hidden from students." };
  });
}

export async function createSetFromTemplateAction(courseId: string): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(courseId).success) return badId;
    const set = await createSetFromTemplate(user, courseId);
    revalidatePath(`/courses/${courseId}`);
    revalidatePath(`/teach/${courseId}`);
    return { ok: true, data: set };
  });
}

export async function addItemAction(setId: string, input: Record<string, unknown>): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(setId).success) return badId;
    const parsed = itemSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const item = await addItem(user, setId, parsed.data);
    revalidatePath("/courses", "layout");
    revalidatePath("/teach", "layout");
    return { ok: true, data: item };
  });
}

export async function updateItemAction(itemId: string, input: Record<string, unknown>): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(itemId).success) return badId;
    const parsed = itemSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    await updateItem(user, itemId, parsed.data);
    revalidatePath("/courses", "layout");
    revalidatePath("/teach", "layout");
    return { ok: true, data: undefined, message: "Saved." };
  });
}

export async function deleteItemAction(itemId: string): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(itemId).success) return badId;
    await deleteItem(user, itemId);
    revalidatePath("/courses", "layout");
    revalidatePath("/teach", "layout");
    return { ok: true, data: undefined };
  });
}
