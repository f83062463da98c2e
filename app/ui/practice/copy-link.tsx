"use client";

import { useEffect, useState } from "react";
import styles from "./copy-link.module.css";

/** The variant's address in a read-only field, with a button that copies it. */
export function CopyLink({ path }: { path: string }) {
  const [url, setUrl] = useState(path);
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");

  useEffect(() => {
    setUrl(new URL(path, window.location.origin).toString());
  }, [path]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
    window.setTimeout(() => setCopied("idle"), 2500);
  }

  return (
    <div className={styles.wrap}>
      <label className={styles.label} htmlFor="variant-link">
        Link to this variant
      </label>
      <input
        id="variant-link"
        className={styles.input}
        type="text"
        readOnly
        value={url}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" className={`btn btn-secondary ${styles.button}`} onClick={copy}>
        {copied === "done" ? "Copied ✓" : "Copy link"}
      </button>
      <span className={styles.status} role="status" aria-live="polite">
        {copied === "done" ? "Link copied." : copied === "failed" ? "Select the link and copy it." : ""}
      </span>
    </div>
  );
}
