"use client";
// Set (or clear) a student's score for one question, with a reason. Every change is kept in the record.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { overrideScoreAction } from "@/lib/actions/gradebook";
import { a11y, FieldError, FormMessage } from "@/app/ui/instructor/field";
import { useHydrated } from "@/app/ui/use-hydrated";
import styles from "./gradebook.module.css";

interface Props {
  courseId: string;
  studentId: string;
  itemId: string;
  maxPoints: number;
  overridden: boolean;
}

export function OverrideForm({ courseId, studentId, itemId, maxPoints, overridden }: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);
  const id = `ov-${itemId}`;

  async function send(clear: boolean) {
    setBusy(true);
    setMessage(null);
    try {
      const result = await overrideScoreAction({ courseId, studentId, itemId, points, reason, clear });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors) setMessage({ tone: "bad", text: result.error });
        return;
      }
      setErrors({});
      setPoints("");
      setReason("");
      setMessage({ tone: "ok", text: result.message ?? "Saved." });
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(false);
  }

  return (
    <form className={styles.overrideForm} onSubmit={submit} noValidate aria-busy={busy}>
      <label htmlFor={`${id}-points`}>
        Points (0–{maxPoints})
        <input {...a11y(`${id}-points`, errors.points)} inputMode="decimal" autoComplete="off" value={points} onChange={(e) => setPoints(e.target.value)} />
      </label>
      <label htmlFor={`${id}-reason`}>
        Reason
        <input {...a11y(`${id}-reason`, errors.reason)} autoComplete="off" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. regrade request, email of 3 May" />
      </label>
      <div className={styles.formButtons}>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || busy}>
          {busy ? "Saving…" : "Set score"}
        </button>
        {overridden ? (
          <button type="button" className="btn btn-secondary" disabled={!hydrated || busy} onClick={() => void send(true)}>
            Clear override
          </button>
        ) : null}
      </div>
      <div style={{ gridColumn: "1 / -1" }}>
        <FieldError id={`${id}-points`} error={errors.points} />
        <FieldError id={`${id}-reason`} error={errors.reason} />
        <FormMessage message={message} />
      </div>
    </form>
  );
}
