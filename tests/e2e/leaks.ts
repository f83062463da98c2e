// Find expected answers among the numbers of a page (HTML, RSC payload, JSON), in any rounding from 2 to 15
// significant digits, unless that exact number is on the page for a reason of its own (a given of the instance).
import { alphaOf, solve, type Instance, type Target } from "../../lib/backprop";

/** A number's magnitude written one canonical way (JS's shortest round-trip form), so "0.50", ".5" and "5e-1" agree. */
function canonical(value: number): string {
  return String(Math.abs(value));
}

/**
 * The decimal numbers in the text (with a point or an exponent: plain integers are ids, counts and coordinates),
 * as canonical magnitudes. Skips parts of words and longer numbers, CSS lengths (1.45em) and percentages, and
 * reads LaTeX's `3.4\times 10^{-5}` as 3.4e-5.
 */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  const latexFree = text.replace(/(\d+(?:\.\d+)?)\s*\\times\s*10\^\{(-?\d+)\}/g, "$1e$2");
  for (const match of latexFree.matchAll(/(?<![\w.])\d+(?:\.\d+(?:e-?\d+)?|e-?\d+)(?![\w.%])/g)) {
    found.add(canonical(Number(match[0])));
  }
  return found;
}

/**
 * Every rounding of `value` to 2…15 significant digits, as canonical magnitudes. An answer of exactly 0 (a dead
 * ReLU unit's δ or gradient) has no digits to find: it yields no form.
 */
export function leakForms(value: number): string[] {
  const forms = new Set<string>();
  if (value === 0) return [];
  for (let digits = 2; digits <= 15; digits++) forms.add(canonical(Number(value.toPrecision(digits))));
  return [...forms];
}

/** The forms of `values` that occur in `text` and are not the exact value of a number in `allowed`. */
export function leakedAnswers(text: string, values: number[], allowed: Iterable<number> = []): string[] {
  const numbers = numbersIn(text);
  const legitimate = new Set([...allowed].map(canonical));
  const leaks = new Set<string>();
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    for (const form of leakForms(value)) if (numbers.has(form) && !legitimate.has(form)) leaks.add(form);
  }
  return [...leaks];
}

/**
 * Numbers every question page shows whatever the variant: the points of a demo question (10) and the answer
 * field's placeholder ("e.g. -0.25 or 3/8"). An answer that rounds to one of them is no evidence of a leak there.
 */
export const QUESTION_PAGE_CONSTANTS = [10, 0.25];

/** The numbers a question shows on purpose: weights, input, target, learning rates and the leaky slope. */
export function givenNumbers(instance: Instance, parts: Target[]): number[] {
  const given = [...instance.x, ...instance.y, ...Object.values(instance.theta).flat(2)];
  if (instance.leakySlope !== undefined) given.push(instance.leakySlope);
  for (const part of parts) if (part.kind === "update") given.push(alphaOf(part));
  return given;
}

/**
 * Every number a student could be asked about, computed by solving the instance: J, z, a (beyond the input), δ,
 * every gradient cell, and every weight after a step with each learning rate the parts use.
 */
export function secretNumbers(instance: Instance, parts: Target[]): number[] {
  const s = solve(instance);
  const layers = Object.keys(s.z);
  const values = [s.J, ...layers.flatMap((l) => [...s.z[l], ...s.a[l], ...s.delta[l], ...s.grad[l].flat()])];
  for (const alpha of new Set(parts.filter((p) => p.kind === "update").map((p) => alphaOf(p)))) {
    for (const l of layers) values.push(...instance.theta[l].flatMap((row, j) => row.map((w, k) => w - alpha * s.grad[l][j][k])));
  }
  return values;
}
