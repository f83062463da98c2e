// Number formatting for messages and worked solutions: short, exact where the value is short.

/** At most `digits` significant figures, trailing zeros dropped, no exponent for everyday magnitudes. */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0 || Object.is(value, -0)) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
    return `${trimZeros(mantissa)}e${exponent.replace("+", "")}`;
  }
  // toPrecision switches to "1.235e+4" once the exponent reaches `digits`; Number → String writes it out
  return trimZeros(String(Number(value.toPrecision(digits))));
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** LaTeX for a number; negative numbers in parentheses when they follow an operator. */
export function latexNumber(value: number, digits = 4, parenthesizeNegative = false): string {
  const text = formatNumber(value, digits);
  const body = text.includes("e") ? text.replace(/e(-?\d+)/, "\\times 10^{$1}") : text;
  return parenthesizeNegative && value < 0 ? `(${body})` : body;
}

/** A matrix as a LaTeX bmatrix, one row per line of the matrix. */
export function matrixLatex(rows: number[][], digits = 4): string {
  return `\\begin{bmatrix}${rows.map((row) => row.map((v) => latexNumber(v, digits)).join(" & ")).join(" \\\\ ")}\\end{bmatrix}`;
}

/** The value a student should see as "the answer": exact when short, else rounded for display. */
export function isShortDecimal(value: number, digits = 4): boolean {
  return Math.abs(Number(formatNumber(value, digits)) - value) <= 1e-12 * Math.max(1, Math.abs(value));
}

/** Subscript for unit indices as in Θ_jk: "12", or "1,12" once an index has two digits. */
export function indexPair(j: number, k: number): string {
  return j < 10 && k < 10 ? `${j}${k}` : `${j},${k}`;
}
