// Stored answers and expected values as one line of text, for instructor pages and CSV exports.

/** A matrix as [a, b; c, d]. */
export function matrixText(rows: readonly (readonly unknown[])[]): string {
  return `[${rows.map((r) => r.join(", ")).join("; ")}]`;
}

/** A matrix answer is stored as JSON rows of strings; show it as [a, b; c, d]. Anything else is shown as typed. */
export function answerText(raw: string): string {
  if (!raw.startsWith("[")) return raw;
  try {
    const rows = JSON.parse(raw) as unknown;
    if (Array.isArray(rows) && rows.every((r) => Array.isArray(r))) return matrixText(rows as unknown[][]);
  } catch {
    // not JSON: keep what was typed
  }
  return raw;
}
