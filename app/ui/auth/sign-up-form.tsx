"use client";
import { useHydrated } from "@/app/ui/use-hydrated";
import { useState, useTransition } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { signUp } from "@/lib/actions/auth";
import { safeCallback } from "./sign-in-form";

export function SignUpForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  function submit(form: FormData) {
    setError(null);
    setFields({});
    const input = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    startTransition(async () => {
      const result = await signUp(input);
      if (!result.ok) {
        setError(result.error);
        setFields(result.fieldErrors ?? {});
        return;
      }
      const signedIn = await signIn("credentials", { redirect: false, email: result.data.email, password: input.password });
      router.push(signedIn?.ok ? safeCallback(callbackUrl) : "/signin");
      router.refresh();
    });
  }

  const fieldError = (name: string) =>
    fields[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {fields[name]}
      </p>
    ) : null;

  return (
    <form
      className="card auth-card"
      noValidate
      // onSubmit, not a form action: React resets a form after an action, which would clear the email on a typo
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
    >
      <h1>Create an account</h1>
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" autoComplete="name" required aria-invalid={!!fields.name} aria-describedby={fields.name ? "name-error" : undefined} />
        {fieldError("name")}
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required aria-invalid={!!fields.email} aria-describedby={fields.email ? "email-error" : undefined} />
        {fieldError("email")}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          aria-invalid={!!fields.password}
          aria-describedby={fields.password ? "password-error password-help" : "password-help"}
        />
        <p className="muted small" id="password-help">
          At least 8 characters; a long passphrase is best.
        </p>
        {fieldError("password")}
      </div>
      {error && !Object.keys(fields).length && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="btn btn-primary btn-block" type="submit" disabled={pending || !hydrated}>
        {pending ? "Creating…" : "Create account"}
      </button>
      <p className="muted auth-switch">
        Have an account? <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}
