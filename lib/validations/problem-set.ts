// Problem set and item forms. Dates arrive as the browser's local time plus its UTC offset.
import { z } from "zod";
import { PRESETS } from "@/lib/backprop";
import { SOLUTION_POLICIES } from "@/lib/homework/policy";

const localDateTime = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Use a date and time.").nullable());

/** datetime-local value + the browser's getTimezoneOffset() → a UTC Date. */
export function toUtcDate(local: string | null, tzOffsetMinutes: number): Date | null {
  if (!local) return null;
  const asUtc = new Date(`${local.length === 16 ? `${local}:00` : local}Z`);
  return new Date(asUtc.getTime() + tzOffsetMinutes * 60_000);
}

export const setSchema = z
  .object({
    title: z.string().trim().min(1, "Give the set a title.").max(200, "Title is too long (at most 200 characters)."),
    description: z.string().max(20_000, "Description is too long (at most 20,000 characters).").default(""),
    opensAt: localDateTime,
    dueAt: localDateTime,
    lateUntil: localDateTime,
    latePercent: z.coerce.number().int("Use a whole percentage.").min(0, "Use 0–100.").max(100, "Use 0–100.").default(0),
    tzOffset: z.coerce.number().int().min(-900).max(900).default(0),
    published: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  })
  .transform((v) => ({
    title: v.title,
    description: v.description,
    opensAt: toUtcDate(v.opensAt, v.tzOffset),
    dueAt: toUtcDate(v.dueAt, v.tzOffset),
    lateUntil: toUtcDate(v.lateUntil, v.tzOffset),
    latePercent: v.latePercent,
    published: v.published,
  }))
  .superRefine((v, ctx) => {
    if (v.opensAt && v.dueAt && v.dueAt <= v.opensAt) ctx.addIssue({ code: "custom", path: ["dueAt"], message: "The due date must be after the opening date." });
    if (v.lateUntil && !v.dueAt) ctx.addIssue({ code: "custom", path: ["lateUntil"], message: "Set a due date before a late deadline." });
    if (v.lateUntil && v.dueAt && v.lateUntil <= v.dueAt) ctx.addIssue({ code: "custom", path: ["lateUntil"], message: "The late deadline must be after the due date." });
  });

export type SetInput = z.output<typeof setSchema>;

const presetNames = PRESETS.map((p) => p.name) as [string, ...string[]];

export const itemSchema = z
  .object({
    title: z.string().trim().min(1, "Give the question a title.").max(200, "Title is too long (at most 200 characters)."),
    preset: z.enum([...presetNames, "custom"], { message: "Choose a network." }),
    specJson: z.string().max(10_000, "The custom spec is too long.").default(""),
    points: z.coerce.number().min(0, "Points must be 0 or more.").max(1000, "At most 1000 points."),
    toleranceMode: z.enum(["relabs", "sigfig"]),
    rtol: z.coerce.number().min(0).max(1, "Relative tolerance is a fraction, e.g. 0.01 for 1%.").default(0.01),
    atol: z.coerce.number().min(0).max(10).default(0.001),
    sigfigs: z.coerce.number().int().min(1).max(15).default(3),
    maxAttempts: z.coerce.number().int("Use a whole number.").min(1, "At least 1 attempt.").max(100, "At most 100 attempts."),
    allowNewVariant: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
    solutionPolicy: z.enum(SOLUTION_POLICIES as [string, ...string[]]),
    carriedForwardPercent: z.coerce.number().min(0, "Use 0–100.").max(100, "Use 0–100.").default(50),
  })
  .superRefine((v, ctx) => {
    if (v.preset === "custom" && v.specJson.trim() === "") ctx.addIssue({ code: "custom", path: ["specJson"], message: "Describe the custom network as JSON." });
  });

export type ItemInput = z.output<typeof itemSchema>;

/** Zod issues → { field: first message } for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
