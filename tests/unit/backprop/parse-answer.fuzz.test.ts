// 100,000 random and hostile strings through the answer parser: no throw, a well-formed result, no prototype
// pollution, valid expressions read as their independently computed value, and each string read in under 1 ms.
import { describe, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { MAX_ANSWER_LENGTH, MAX_NESTING_DEPTH, parseAnswer, parseAnswerMatrix } from "../../../lib/backprop/parse-answer";
import { createRng, type Rng } from "../../../lib/backprop/prng";
import { submitSchema } from "../../../lib/validations/submission";

const CASES = 100_000;
const BUDGET_MS = 1;

// Every rejection either names a position or is one of these whole-answer messages.
const WHOLE_ANSWER_MESSAGES = [
  /^Enter a number\.$/,
  /^The answer is not a finite number\.$/,
  /^Answer is too long \(\d+ characters; at most \d+\)\.$/,
  /^Remove the leading '='\.$/,
  /^Too many nested parentheses \(at most \d+\)\.$/,
  /^Don't use commas in numbers: write .+ \(or .+ if you meant a decimal point\)\.$/,
  /^Use a decimal point, not a comma: .+$/,
];

function isClearMessage(message: string, input: string): boolean {
  if (message.length === 0 || message.length > 400) return false;
  // words that betray an internal failure, unless the message is quoting them from the input
  if (["undefined", "[object", "NaN", "could not be read"].some((word) => message.includes(word) && !input.includes(word))) return false;
  return /position \d+/.test(message) || WHOLE_ANSWER_MESSAGES.some((pattern) => pattern.test(message));
}

// ----- generators -------------------------------------------------------------------------------

const HOSTILE = [
  "__proto__", "constructor", "toString", "prototype", "valueOf", "hasOwnProperty", "__defineGetter__",
  "__proto__.polluted", "constructor.prototype.polluted=1", "{\"__proto__\":{\"polluted\":1}}", "Object.prototype",
  "process.exit()", "process.exit(1)", "require('fs')", "require(\"child_process\").execSync('id')", "${1+1}", "`${7*7}`",
  "{{7*7}}", "<script>alert(1)</script>", "javascript:alert(1)", "eval('1')", "Function('return 1')()", "this", "globalThis",
  "new Array(1e9)", "while(true){}", "1; DROP TABLE Submission", "' OR 1=1 --", "0x10", "0b101", "0o17", "1_000", "1n",
  "Infinity", "-Infinity", "NaN", "inf", "∞", "-∞", "1e309", "-1e309", "1e-400", "9".repeat(400), "1" + "0".repeat(308),
  "1e308*10", "1e308+1e308", "2^1024", "(-8)^(1/3)", "0^-1", "1/0", "0/0", "1/(1-1)", "\u0000", "1\u0000", "\u202E1.5",
  "1\u200F.5", "\u200E-0.5", "\uFEFF0.5", "\uD800", "\uDFFF1", "１２", "٣", "Ⅻ", "½", "²", "1²", "0,5", "1,000", "1,2,3",
  "=0.5", "= 1", "", " ", "\t\n", "()", "[]", "(]", "[)", "(((", ")))", "1e", "1e-", "1e+x", "1.2.3", "..1", "1..", "1ee2",
  "--1", "+-+-1", "1**2", "1//2", "1^^2", "2^-1", "-2^2", "2(3)", "(1)(2)", "[1](2)", "1 2", ".", "-", "+", "*", "/", "^",
];

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const NUMERIC_CHARS = "0123456789.eE+-−*/^()[] ,";
// a few blocks of the BMP and beyond: Latin-1, Greek, Arabic, Hebrew, CJK, math, emoji, controls, bidi marks
const UNICODE_RANGES: [number, number][] = [
  [0x0000, 0x001f], [0x00a0, 0x00ff], [0x0370, 0x03ff], [0x0590, 0x06ff], [0x2000, 0x206f], [0x2200, 0x22ff],
  [0x3000, 0x303f], [0x4e00, 0x4e7f], [0xd800, 0xdfff], [0xfe50, 0xfe6f], [0xff00, 0xff5e], [0x1f600, 0x1f64f],
];

function randomString(rng: Rng, alphabet: string, maxLength: number): string {
  const length = rng.int(0, maxLength);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

function randomUnicode(rng: Rng, maxLength: number): string {
  const length = rng.int(1, maxLength);
  let out = "";
  for (let i = 0; i < length; i++) {
    const [lo, hi] = rng.pick(UNICODE_RANGES);
    out += String.fromCodePoint(rng.int(lo, hi));
  }
  return out;
}

/** A decimal literal and its value, as Number() reads it. */
function randomLiteral(rng: Rng): { text: string; value: number } {
  const whole = String(rng.int(0, 99));
  const decimals = rng.int(0, 4);
  let text = decimals === 0 ? whole : `${whole}.${String(rng.int(0, 10 ** decimals - 1)).padStart(decimals, "0")}`;
  if (rng.next() < 0.15) text = `${text}e${rng.pick(["", "-", "+"])}${rng.int(0, 3)}`;
  return { text, value: Number(text) };
}

/**
 * A valid expression with its value computed here, not by the parser: every operation is bracketed, so the
 * value does not depend on the parser's precedence rules, and both sides do the same IEEE operations in order.
 */
function randomExpression(rng: Rng, depth: number): { text: string; value: number } {
  if (depth === 0 || rng.next() < 0.3) {
    const literal = randomLiteral(rng);
    return rng.next() < 0.2 ? { text: `-${literal.text}`, value: -literal.value } : literal;
  }
  const left = randomExpression(rng, depth - 1);
  const right = randomExpression(rng, depth - 1);
  const op = rng.pick(["+", "-", "*", "/"] as const);
  if (op === "/" && right.value === 0) return left;
  const value = op === "+" ? left.value + right.value : op === "-" ? left.value - right.value : op === "*" ? left.value * right.value : left.value / right.value;
  return { text: `(${left.text}${op}${right.text})`, value };
}

/** Meaning-preserving rewrites of a valid answer: spacing, lookalike signs, brackets, redundant signs, zeros. */
function mutateValid(rng: Rng, answer: { text: string; value: number }): { text: string; value: number } {
  let text = answer.text;
  switch (rng.int(0, 7)) {
    case 0: text = ` ${text}\t`; break;
    case 1: text = text.replace(/-/g, "\u2212"); break; // typographic minus
    case 2: text = `[${text}]`; break;
    case 3: text = `+${text}`; break;
    case 4: text = text.replace(/\*/g, "×").replace(/\//g, "÷"); break;
    case 5: text = `--${text}`; break; // -(-(x))
    case 6: text = `(${text})*1`; break;
    case 7: {
      const blank = rng.pick([" ", "\u200B", "\u00A0", "\n"]); // blanks between tokens, never inside a number
      text = text.replace(/(?<!e)[-+]|[*/()]/g, (token) => `${blank}${token}${blank}`);
      break;
    }
  }
  return { text, value: answer.value };
}

/** Damaging rewrites: the result may or may not parse, but it must never crash. */
function mutateBroken(rng: Rng, text: string): string {
  const chars = Array.from(text);
  const at = rng.int(0, chars.length);
  switch (rng.int(0, 5)) {
    case 0: chars.splice(at, 1); break;
    case 1: chars.splice(at, 0, rng.pick([...NUMERIC_CHARS, "\u0000", "\u202E", "x", "=", "∞", "__proto__"])); break;
    case 2: chars.splice(at, 0, chars[at] ?? "("); break;
    case 3: return text + rng.pick([")", "(", "e", ".", "+", "^"]);
    case 4: return rng.pick(["(", ")", "-", "="]) + text;
    case 5: chars.reverse(); break;
  }
  return chars.join("");
}

type Case = { input: string; expected?: number };

function generateCases(rng: Rng): Case[] {
  const cases: Case[] = HOSTILE.map((input) => ({ input }));
  const fixed: string[] = [
    "(".repeat(5000), ")".repeat(5000), "(".repeat(5000) + "1" + ")".repeat(5000), "(".repeat(MAX_NESTING_DEPTH + 1) + "1" + ")".repeat(MAX_NESTING_DEPTH + 1),
    "[(".repeat(2500), "1".repeat(10_240), "1+".repeat(5120), "-".repeat(10_240) + "1", "2^".repeat(99) + "2",
    "1" + "+-*/^".repeat(2000), "x".repeat(10_240), "\u0000".repeat(10_240), "\u202E".repeat(10_240), "9".repeat(MAX_ANSWER_LENGTH),
    "-".repeat(MAX_ANSWER_LENGTH - 1) + "1", "(".repeat(MAX_NESTING_DEPTH) + "1" + ")".repeat(MAX_NESTING_DEPTH),
  ];
  for (const input of fixed) cases.push({ input });
  while (cases.length < CASES) {
    const kind = rng.int(0, 9);
    if (kind === 0) cases.push({ input: randomString(rng, PRINTABLE, 40) });
    else if (kind === 1) cases.push({ input: randomUnicode(rng, 30) });
    else if (kind === 2) cases.push({ input: randomString(rng, NUMERIC_CHARS, 30) });
    else if (kind === 3) cases.push({ input: rng.pick(HOSTILE) + randomString(rng, NUMERIC_CHARS, 5) + rng.pick(HOSTILE) });
    else if (kind === 4) {
      const digits = rng.int(300, 420);
      cases.push({ input: `${rng.pick(["", "-", "0."])}${"9".repeat(digits)}${rng.pick(["", "e309", "e-999", ".5"])}` });
    } else if (kind === 5) cases.push({ input: randomString(rng, rng.pick([PRINTABLE, "()[]", "+-*/^", "1(", NUMERIC_CHARS]), 10_240) });
    else if (kind === 6) {
      const open = rng.int(1, 6000);
      cases.push({ input: rng.pick(["(", "[", "-(", "2^("]).repeat(open) + "1" + ")".repeat(rng.int(0, open)) });
    } else if (kind === 7 || kind === 8) {
      const expression = randomExpression(rng, rng.int(0, 4));
      const valid = mutateValid(rng, expression);
      cases.push(valid.text.length <= MAX_ANSWER_LENGTH ? { input: valid.text, expected: valid.value } : { input: valid.text });
    } else cases.push({ input: mutateBroken(rng, randomExpression(rng, rng.int(0, 3)).text) });
  }
  return cases;
}

// ----- checks -----------------------------------------------------------------------------------

function snapshotPrototypes(): string {
  return [Object.prototype, Array.prototype, String.prototype, Number.prototype, Function.prototype]
    .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(","))
    .join("|");
}

function timeOne(input: string): number {
  const start = performance.now();
  parseAnswer(input);
  return performance.now() - start;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

describe("parseAnswer under fuzzing", () => {
  it(`reads ${CASES.toLocaleString("en")} random and hostile strings without crashing, each in under ${BUDGET_MS} ms`, () => {
    const cases = generateCases(createRng(20_261_126, 5));
    expect(cases.length).toBe(CASES);
    const prototypesBefore = snapshotPrototypes();
    const problems: string[] = [];
    const durations: number[] = [];
    const slow: string[] = [];
    let valid = 0;
    let checkedValues = 0;
    // compile the parser's hot paths first, so the timings measure reading, not the JIT
    for (const { input } of cases.slice(0, 2000)) parseAnswer(input);

    for (const { input, expected } of cases) {
      let result: ReturnType<typeof parseAnswer>;
      const start = performance.now();
      try {
        result = parseAnswer(input);
      } catch (error) {
        problems.push(`${JSON.stringify(input.slice(0, 60))} threw ${String(error)}`);
        continue;
      }
      let elapsed = performance.now() - start;
      // one slow reading can be a GC pause or the other processes on the machine: the best of three counts
      if (elapsed > BUDGET_MS) elapsed = Math.min(elapsed, timeOne(input), timeOne(input));
      durations.push(elapsed);
      if (elapsed > BUDGET_MS) slow.push(`${JSON.stringify(input.slice(0, 40))} (${input.length} chars): ${elapsed.toFixed(3)} ms`);

      if (result.ok) {
        valid++;
        if (typeof result.value !== "number" || !Number.isFinite(result.value) || Object.is(result.value, -0)) {
          problems.push(`${JSON.stringify(input.slice(0, 60))} gave the non-finite or -0 value ${result.value}`);
        }
        if (expected !== undefined) {
          checkedValues++;
          const close = Math.abs(result.value - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
          if (!close) problems.push(`${JSON.stringify(input)} read as ${result.value}, expected ${expected}`);
        }
      } else {
        if (expected !== undefined) problems.push(`valid ${JSON.stringify(input)} (= ${expected}) rejected: ${result.message}`);
        if (!isClearMessage(result.message, input)) problems.push(`${JSON.stringify(input.slice(0, 60))}: unclear message ${JSON.stringify(result.message)}`);
      }
      if (Object.keys(result).some((key) => key !== "ok" && key !== "value" && key !== "message")) {
        problems.push(`${JSON.stringify(input.slice(0, 60))}: unexpected result shape ${Object.keys(result).join(",")}`);
      }
    }

    const sorted = [...durations].sort((a, b) => a - b);
    console.log(
      `parseAnswer fuzz: ${cases.length} strings, ${valid} valid (${checkedValues} checked against an independent value); ` +
        `p50 ${percentile(sorted, 50).toFixed(4)} ms, p99 ${percentile(sorted, 99).toFixed(4)} ms, max (best of 3) ${sorted[sorted.length - 1].toFixed(4)} ms`,
    );

    expect(problems.slice(0, 20)).toEqual([]);
    expect(slow.slice(0, 20)).toEqual([]);
    // the generators must actually reach both outcomes, or the run proves little
    expect(checkedValues).toBeGreaterThan(CASES / 10);
    expect(cases.length - valid).toBeGreaterThan(CASES / 2);
    expect(snapshotPrototypes()).toBe(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it("rejects over-long and over-nested input with a message that says so", () => {
    expect(parseAnswer("1".repeat(10_240))).toEqual({ ok: false, message: `Answer is too long (10240 characters; at most ${MAX_ANSWER_LENGTH}).` });
    const deep = "(".repeat(MAX_NESTING_DEPTH + 1) + "1" + ")".repeat(MAX_NESTING_DEPTH + 1);
    expect(parseAnswer(deep)).toEqual({ ok: false, message: `Too many nested parentheses (at most ${MAX_NESTING_DEPTH}).` });
    expect(parseAnswer("(".repeat(5000))).toEqual({ ok: false, message: "Answer is too long (5000 characters; at most 200)." });
  });

  it("never reads a hostile word as a value or pollutes a prototype", () => {
    for (const word of ["__proto__", "constructor", "toString", "valueOf", "process.exit()", "require('fs')", "${1}"]) {
      const result = parseAnswer(word);
      expect(result.ok, word).toBe(false);
      if (!result.ok) expect(result.message, word).toMatch(/^Unexpected '.+' at position 1: only numbers/);
    }
    expect(parseAnswer("1e309")).toEqual({ ok: false, message: "The answer is not a finite number." });
    expect(parseAnswer("2^1024")).toEqual({ ok: false, message: "The answer is not a finite number." });
  });

  it("reads random grids, including non-string cells and prototype keys, without crashing", () => {
    const rng = createRng(7, 11);
    const prototypesBefore = snapshotPrototypes();
    const cellValues: unknown[] = ["0.5", "1/2", "__proto__", "", null, 1, {}, [], { __proto__: { polluted: 1 } }, "(".repeat(300), "\u0000"];
    for (let i = 0; i < 2000; i++) {
      const rows = Array.from({ length: rng.int(0, 9) }, () => Array.from({ length: rng.int(0, 9) }, () => rng.pick(cellValues)));
      const input: unknown = rng.next() < 0.1 ? rng.pick([null, "1", 5, { length: 2 }, JSON.parse('{"__proto__":[["1"]]}')]) : rows;
      const result = parseAnswerMatrix(input);
      if (result.ok) {
        expect(result.value.flat().every(Number.isFinite)).toBe(true);
      } else {
        expect(result.message).toMatch(/^(Expected a list of rows\.|Row \d+(, column \d+)?[: ].+)$/);
      }
    }
    expect(snapshotPrototypes()).toBe(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the submission schema in front of the parser", () => {
  const base = { variantId: "v1", partIndex: 0, idempotencyKey: "key-12345" };
  it("lets an answer just over the parser's limit through, so the parser can say what is wrong", () => {
    expect(submitSchema.safeParse({ ...base, answer: "1".repeat(MAX_ANSWER_LENGTH + 1) }).success).toBe(true);
  });
  it("refuses 10 KB answers, huge grids and non-string cells before any parsing", () => {
    expect(submitSchema.safeParse({ ...base, answer: "1".repeat(10_240) }).success).toBe(false);
    expect(submitSchema.safeParse({ ...base, answer: [["1".repeat(10_240)]] }).success).toBe(false);
    expect(submitSchema.safeParse({ ...base, answer: Array.from({ length: 100 }, () => ["1"]) }).success).toBe(false);
    expect(submitSchema.safeParse({ ...base, answer: [Array.from({ length: 100 }, () => "1")] }).success).toBe(false);
    expect(submitSchema.safeParse({ ...base, answer: [[1]] }).success).toBe(false);
    expect(submitSchema.safeParse({ ...base, answer: { __proto__: "1" } }).success).toBe(false);
  });
});
