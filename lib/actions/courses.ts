"use server";
// Course actions: authenticate → validate → authorize (in the data layer) → write → revalidate.
import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/dal/session";
import { addInstructor, createCourse, joinCourse, removeStudent } from "@/lib/dal/courses";
import { courseSchema, idSchema, instructorSchema, joinSchema } from "@/lib/validations/course";
import { runAction, validationFailure, type ActionResult } from "./result";

export async function createCourseAction(input: { title: string }): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    const parsed = courseSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const course = await createCourse(user, parsed.data.title);
    revalidatePath("/dashboard");
    return { ok: true, data: { id: course.id } };
  });
}

export async function joinCourseAction(input: { joinCode: string }): Promise<ActionResult<{ id: string; title: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    const parsed = joinSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const course = await joinCourse(user, parsed.data.joinCode);
    revalidatePath("/dashboard");
    return { ok: true, data: { id: course.id, title: course.title } };
  });
}

export async function addInstructorAction(input: { courseId: string; email: string }): Promise<ActionResult<{ name: string }>> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(input.courseId).success) return { ok: false, status: 404, error: "That course was not found." };
    const parsed = instructorSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const member = await addInstructor(user, input.courseId, parsed.data.email);
    revalidatePath(`/teach/${input.courseId}`);
    return { ok: true, data: { name: member.name } };
  });
}

export async function removeStudentAction(input: { courseId: string; studentId: string }): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireUser();
    if (!idSchema.safeParse(input.courseId).success || !idSchema.safeParse(input.studentId).success) {
      return { ok: false, status: 422, error: "Unknown course or student." };
    }
    await removeStudent(user, input.courseId, input.studentId);
    revalidatePath(`/teach/${input.courseId}`);
    return { ok: true, data: undefined };
  });
}
