"use client";
import { useState, useTransition, type InputHTMLAttributes } from "react";
import { useRouter } from "next/navigation";
import { createCourseAction, joinCourseAction } from "@/lib/actions/courses";
import type { ActionResult } from "@/lib/actions/result";
import { useHydrated } from "@/app/ui/use-hydrated";

interface SingleFieldFormProps {
  name: string;
  label: string;
  button: string;
  pendingButton: string;
  primary?: boolean;
  input?: InputHTMLAttributes<HTMLInputElement>;
  /** runs the action; returns where to go next */
  submit: (value: string) => Promise<ActionResult<{ id: string }>>;
  next: (id: string) => string;
}

/** One labelled input and a button; shows the action's error under the field, then navigates on success. */
function SingleFieldForm({ name, label, button, pendingButton, primary, input, submit, next }: SingleFieldFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const errorId = `${name}-error`;
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const value = String(new FormData(event.currentTarget).get(name) ?? "");
        setError(null);
        startTransition(async () => {
          const result = await submit(value);
          if (!result.ok) return setError(result.fieldErrors?.[name] ?? result.error);
          router.push(next(result.data.id));
        });
      }}
    >
      <label htmlFor={name}>{label}</label>
      <div className="row">
        <input id={name} name={name} aria-invalid={!!error} aria-describedby={error ? errorId : undefined} {...input} />
        <button className={`btn ${primary ? "btn-primary" : "btn-secondary"}`} disabled={pending || !hydrated}>
          {pending ? pendingButton : button}
        </button>
      </div>
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function JoinCourseForm({ initialCode = "" }: { initialCode?: string }) {
  return (
    <SingleFieldForm
      name="joinCode"
      label="Join code"
      button="Join course"
      pendingButton="Joining…"
      primary
      input={{ defaultValue: initialCode, autoComplete: "off", autoCapitalize: "characters", spellCheck: false, placeholder: "e.g. K7PQ2RX", className: "code-input" }}
      submit={(joinCode) => joinCourseAction({ joinCode })}
      next={(id) => `/courses/${id}`}
    />
  );
}

export function CreateCourseForm() {
  return (
    <SingleFieldForm
      name="title"
      label="Course title"
      button="Create course"
      pendingButton="Creating…"
      input={{ placeholder: "e.g. Neural Networks, Spring 2027" }}
      submit={(title) => createCourseAction({ title })}
      next={(id) => `/teach/${id}`}
    />
  );
}
