// Plain-text step titles from the engine ("Gradient of Θ^(3)_23") with indices raised and lowered: Θ⁽³⁾₂₃.
const SUPERSCRIPT: Record<string, string> = { "(": "⁽", ")": "⁾", "-": "⁻" };
const SUBSCRIPT: Record<string, string> = { ",": "‚" };
"0123456789".split("").forEach((d, i) => {
  SUPERSCRIPT[d] = "⁰¹²³⁴⁵⁶⁷⁸⁹"[i];
  SUBSCRIPT[d] = "₀₁₂₃₄₅₆₇₈₉"[i];
});

/** Step titles are plain text such as "Gradient of Θ^(3)_23": show the indices raised and lowered. */
export function prettyTitle(title: string): string {
  return title
    .replace(/\^\((\d+)\)/g, (m) => [...m.slice(1)].map((c) => SUPERSCRIPT[c] ?? c).join(""))
    .replace(/_(\d+(?:,\d+)?)/g, (_, idx: string) => [...idx].map((c) => SUBSCRIPT[c] ?? c).join(""));
}
