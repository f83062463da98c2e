"use server";
// Sign-up; signing in goes through next-auth's credentials endpoint.
import { createUser } from "@/lib/dal/users";
import { signUpSchema } from "@/lib/validations/auth";
import { runAction, validationFailure, type ActionResult } from "./result";

export async function signUp(input: { name: string; email: string; password: string }): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const parsed = signUpSchema.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error);
    const user = await createUser(parsed.data);
    return { ok: true, data: { email: user.email } };
  });
}
