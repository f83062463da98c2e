// Find an expected answer among the numbers of a page (HTML + RSC payload), ignoring CSS lengths like 1.45em.
import { formatNumber } from "../../lib/backprop";

/** Standalone decimal numbers in the text: not part of a word, a longer number, or a CSS length. */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.])-?\d+\.\d+(?![\w.%])/g)) found.add(match[0].replace(/^-/, "").replace(/\.?0+$/, ""));
  return found;
}

/** The roundings (2 to 15 significant digits) of `value` that are specific enough to count as a leak. */
export function leakForms(value: number): string[] {
  const forms = new Set<string>();
  for (let digits = 2; digits <= 15; digits++) {
    const text = formatNumber(Math.abs(value), digits);
    // a one- or two-digit value such as 0.5 also appears as a weight: only longer forms are evidence
    if (text.includes(".") && text.replace(/^0\.0*|\./g, "").length >= 3) forms.add(text);
  }
  return [...forms];
}

export function leakedAnswers(text: string, values: number[]): string[] {
  const numbers = numbersIn(text);
  return values.flatMap((v) => leakForms(v).filter((form) => numbers.has(form)));
}
