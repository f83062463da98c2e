// Course forms.
import { z } from "zod";

export const courseSchema = z.object({
  title: z.string().trim().min(1, "Give the course a title.").max(200, "Title is too long (at most 200 characters)."),
});

export const joinSchema = z.object({
  joinCode: z.string().trim().min(4, "Enter the join code from your instructor.").max(20, "That code is too long."),
});

export const instructorSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
});

export const idSchema = z.string().min(1).max(64);
