// Accessible form-field plumbing shared by the instructor forms: ids, aria wiring and the error line.
import type { ReactNode } from "react";
import styles from "./instructor.module.css";

export type FieldErrors = Record<string, string>;

/** Props that tie an input to its hint and error: aria-describedby, aria-invalid. */
export function a11y(id: string, error: string | undefined, hasHint = false) {
  const describedBy = [hasHint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return {
    id,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
    className: error ? styles.invalid : undefined,
  };
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={`${id}-hint`} className={styles.hint}>
      {children}
    </p>
  );
}

/** The form-level message under a form's buttons: failures as an alert, successes as a status. */
export function FormMessage({ message }: { message: { tone: "ok" | "bad"; text: string } | null }) {
  return (
    <div aria-live="polite">
      {message ? (
        <p role={message.tone === "bad" ? "alert" : "status"} className={message.tone === "bad" ? styles.alert : styles.success}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
