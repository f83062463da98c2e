"use client";
import { useHydrated } from "@/app/ui/use-hydrated";
import { useState, useTransition } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import Link from "next/link";

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/dashboard";
}

/** The server answers 429 with error "RateLimited:<seconds>" (see lib/http/sign-in-limits.ts). */
function rateLimitMessage(error: string | null | undefined): string {
  const seconds = Number(/^RateLimited:(\d+)$/.exec(error ?? "")?.[1]);
  const wait = !seconds ? "a few minutes" : seconds < 90 ? "a minute" : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many sign-in attempts. For your account's safety, try again in ${wait}.`;
}

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();

  function submit(form: FormData) {
    setError(null);
    startTransition(async () => {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (!result || result.error) {
        setError(result?.status === 429 ? rateLimitMessage(result.error) : "Wrong email or password.");
        return;
      }
      router.push(safeCallback(callbackUrl));
      router.refresh();
    });
  }

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
      <h1>Sign in</h1>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="btn btn-primary btn-block" type="submit" disabled={pending || !hydrated}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="muted auth-switch">
        New here? <Link href={`/signup${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`}>Create an account</Link>
      </p>
    </form>
  );
}
