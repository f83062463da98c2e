// Score override form: points (blank with "clear" to remove the override) and a required reason.
import { z } from "zod";
import { idSchema } from "./course";

export const overrideSchema = z.object({
  courseId: idSchema,
  studentId: idSchema,
  itemId: idSchema,
  clear: z.boolean().default(false),
  points: z.string().trim().max(30, "Enter a number of points."),
  reason: z.string().trim().min(3, "Give a reason (the student's record shows it).").max(500, "Reason is too long (at most 500 characters)."),
}).transform((v, ctx) => {
  if (v.clear) return { ...v, value: null };
  const value = Number(v.points);
  if (v.points === "" || !Number.isFinite(value)) {
    ctx.addIssue({ code: "custom", path: ["points"], message: "Enter the points as a number, e.g. 7.5." });
    return z.NEVER;
  }
  return { ...v, value };
});

export type OverrideForm = z.input<typeof overrideSchema>;
