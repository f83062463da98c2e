"use client";
// Course membership controls: add a co-instructor by email, remove a student.
import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { addInstructorAction, removeStudentAction } from "@/lib/actions/courses";
import { a11y, FieldError, FormMessage, Hint } from "./field";
import styles from "./instructor.module.css";

export function AddInstructorForm({ courseId }: { courseId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    startTransition(async () => {
      const result = await addInstructorAction({ courseId, email });
      if (!result.ok) {
        setError(result.fieldErrors?.email ?? undefined);
        setMessage(result.fieldErrors?.email ? null : { tone: "bad", text: result.error });
        return;
      }
      setError(undefined);
      setEmail("");
      setMessage({ tone: "ok", text: `${result.data.name} can now teach this course.` });
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={pending}>
      <div className="field">
        <label htmlFor="instructor-email">Add co-instructor by email</label>
        <input
          {...a11y("instructor-email", error, true)}
          type="email"
          inputMode="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Hint id="instructor-email">They need an account already. A student of the course becomes an instructor.</Hint>
        <FieldError id="instructor-email" error={error} />
      </div>
      <FormMessage message={message} />
      <button type="submit" className="btn btn-secondary" disabled={pending}>
        {pending ? "Adding…" : "Add co-instructor"}
      </button>
    </form>
  );
}

export function RemoveStudentButton({ courseId, studentId, name }: { courseId: string; studentId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function remove() {
    if (!window.confirm(`Remove ${name} from this course? Their submissions are kept; they can rejoin with the code.`)) return;
    setError(null);
    startTransition(async () => {
      const result = await removeStudentAction({ courseId, studentId });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      router.refresh();
    });
  }

  return (
    <>
      <button type="button" className={`btn btn-secondary ${styles.smallBtn} ${styles.danger}`} onClick={remove} disabled={pending} aria-label={`Remove ${name}`}>
        {pending ? "Removing…" : "Remove"}
      </button>
      {error ? (
        <span role="alert" className={styles.inlineStatus} data-tone="bad">
          {error}
        </span>
      ) : null}
    </>
  );
}
