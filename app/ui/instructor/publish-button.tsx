"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { publishSetAction } from "@/lib/actions/problem-sets";
import styles from "./instructor.module.css";

/** Publish or unpublish a set; the result is announced next to the button. */
export function PublishButton({ setId, published }: { setId: string; published: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);

  function toggle() {
    setMessage(null);
    startTransition(async () => {
      const result = await publishSetAction(setId, !published);
      if (!result.ok) {
        setMessage({ tone: "bad", text: result.error });
        return;
      }
      setMessage({ tone: "ok", text: result.message ?? (published ? "Unpublished." : "Published.") });
      router.refresh();
    });
  }

  return (
    <div className={styles.actions}>
      <button type="button" className={`btn ${published ? "btn-secondary" : "btn-primary"}`} onClick={toggle} disabled={pending}>
        {pending ? (published ? "Unpublishing…" : "Publishing…") : published ? "Unpublish" : "Publish"}
      </button>
      <span role="status" aria-live="polite" className={styles.inlineStatus} data-tone={message?.tone}>
        {message?.text ?? ""}
      </span>
    </div>
  );
}
