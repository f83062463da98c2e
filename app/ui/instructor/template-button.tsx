"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { createSetFromTemplateAction } from "@/lib/actions/problem-sets";
import styles from "./instructor.module.css";

/** One click to a ready-made draft set, then straight to it. */
export function TemplateButton({ courseId, title }: { courseId: string; title: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function start() {
    setError(null);
    startTransition(async () => {
      const result = await createSetFromTemplateAction(courseId);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      router.push(`/teach/${courseId}/sets/${result.data.id}`);
    });
  }

  return (
    <>
      <button type="button" className="btn btn-secondary" onClick={start} disabled={pending}>
        {pending ? "Creating…" : `Start from template: ${title}`}
      </button>
      {error ? (
        <span role="alert" className={styles.inlineStatus} data-tone="bad">
          {error}
        </span>
      ) : null}
    </>
  );
}
