// Engine benchmark: generate+solve and diagnosed grades per second, medians of repeated timed rounds on one core.
// `npm run bench:engine` compiles it with esbuild first, so it measures the engine as the server runs it (no loader hooks).
import { generateVariant, gradeScalar, solve, scalarValue, mistakeCandidates, type ScalarTarget } from "../lib/backprop";

const ROUNDS = 7;
const ROUND_MS = 400;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Operations per second: run `op` in a tight loop for ROUND_MS, ROUNDS times, report the median rate. */
function rate(op: (i: number) => void): { median: number; min: number; max: number } {
  for (let i = 0; i < 2000; i++) op(i); // warm up the JIT
  const rates: number[] = [];
  let i = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < ROUND_MS) {
      for (let b = 0; b < 100; b++) op(i++);
      count += 100;
    }
    rates.push((count / (performance.now() - start)) * 1000);
  }
  return { median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
}

/** Wrong answers that trigger the full diagnosis path: a catalogued mistake, or an unmatched value. */
function wrongAnswers(preset: string, count: number) {
  const cases: { instance: ReturnType<typeof generateVariant>["instance"]; target: ScalarTarget; answer: string }[] = [];
  for (let seed = 0; cases.length < count; seed++) {
    const { instance, parts } = generateVariant(preset, seed);
    const s = solve(instance);
    const scalar = parts.filter((p): p is ScalarTarget => !(p.kind === "grad" && p.j === undefined));
    const target = scalar[seed % scalar.length];
    const mistakes = mistakeCandidates(instance, s, target);
    const value = seed % 2 === 0 && mistakes.length ? mistakes[seed % mistakes.length].value : scalarValue(instance, s, target) * 1.37 + 0.11;
    cases.push({ instance, target, answer: String(value) });
  }
  return cases;
}

const rows: string[][] = [["measure", "preset", "median /s", "min /s", "max /s", "target"]];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
for (const [preset, target] of [["question-relu", "≥ 50,000"], ["deep-4-3-3-2", ""]] as const) {
  const r = rate((i) => solve(generateVariant(preset, i).instance));
  rows.push(["generate+solve", preset, fmt(r.median), fmt(r.min), fmt(r.max), target]);
}
for (const [preset, target] of [["question-relu", "≥ 20,000"], ["deep-4-3-3-2", ""]] as const) {
  const cases = wrongAnswers(preset, 500);
  const r = rate((i) => {
    const c = cases[i % cases.length];
    gradeScalar(c.instance, c.target, c.answer);
  });
  rows.push(["grade wrong answer (with diagnosis)", preset, fmt(r.median), fmt(r.min), fmt(r.max), target]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(`Engine benchmark — Node ${process.version}, one core, median of ${ROUNDS} rounds of ${ROUND_MS} ms`);
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("  "));
