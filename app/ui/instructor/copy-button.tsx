"use client";
import { useState } from "react";
import styles from "./instructor.module.css";

/** Copies `text` to the clipboard and says so, for screen readers too. */
export function CopyButton({ text, label = "Copy", className }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "done" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("done");
    } catch {
      setState("failed");
    }
    window.setTimeout(() => setState("idle"), 2500);
  }

  return (
    <>
      <button type="button" className={`btn btn-secondary ${className ?? ""}`} onClick={copy}>
        {state === "done" ? "Copied ✓" : label}
      </button>
      <span role="status" aria-live="polite" className={styles.inlineStatus} data-tone={state === "failed" ? "bad" : state === "done" ? "ok" : undefined}>
        {state === "done" ? "Copied." : state === "failed" ? "Could not copy: select the text and copy it." : ""}
      </span>
    </>
  );
}
