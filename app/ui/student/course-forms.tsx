"use client";
import { useHydrated } from "@/app/ui/use-hydrated";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { createCourseAction, joinCourseAction } from "@/lib/actions/courses";

export function JoinCourseForm({ initialCode = "" }: { initialCode?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setError(null);
        startTransition(async () => {
          const result = await joinCourseAction({ joinCode: String(form.get("joinCode") ?? "") });
          if (!result.ok) return setError(result.fieldErrors?.joinCode ?? result.error);
          router.push(`/courses/${result.data.id}`);
        });
      }}
    >
      <label htmlFor="joinCode">Join code</label>
      <div className="row">
        <input
          id="joinCode"
          name="joinCode"
          defaultValue={initialCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="e.g. K7PQ2RX"
          aria-invalid={!!error}
          aria-describedby={error ? "join-error" : undefined}
          className="code-input"
        />
        <button className="btn btn-primary" disabled={pending || !hydrated}>
          {pending ? "Joining…" : "Join course"}
        </button>
      </div>
      {error && (
        <p className="field-error" id="join-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function CreateCourseForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setError(null);
        startTransition(async () => {
          const result = await createCourseAction({ title: String(form.get("title") ?? "") });
          if (!result.ok) return setError(result.fieldErrors?.title ?? result.error);
          router.push(`/teach/${result.data.id}`);
        });
      }}
    >
      <label htmlFor="title">Course title</label>
      <div className="row">
        <input id="title" name="title" placeholder="e.g. Neural Networks, Spring 2027" aria-invalid={!!error} aria-describedby={error ? "course-error" : undefined} />
        <button className="btn btn-secondary" disabled={pending || !hydrated}>
          {pending ? "Creating…" : "Create course"}
        </button>
      </div>
      {error && (
        <p className="field-error" id="course-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
