import { describe, it, expect } from "vitest";
import {
  MAX_ANSWER_LENGTH,
  MAX_NESTING_DEPTH,
  parseAnswer,
  parseAnswerMatrix,
} from "../../../lib/backprop/parse-answer";

function valueOf(input: string): number {
  const result = parseAnswer(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${result.message}`);
  return result.value;
}

function messageOf(input: string): string {
  const result = parseAnswer(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected, got ${result.value}`);
  expect(result.message.length).toBeGreaterThan(0);
  return result.message;
}

describe("parseAnswer: plain numbers", () => {
  it.each([
    ["0.5", 0.5],
    [".5", 0.5],
    ["5.", 5],
    ["-0.25", -0.25],
    ["+3", 3],
    ["42", 42],
    ["007", 7],
    ["1e-3", 0.001],
    ["2.5E+2", 250],
    ["-3.1e2", -310],
    ["1E3", 1000],
    ["1.5e0", 1.5],
  ])("%s = %d", (input, expected) => {
    expect(valueOf(input)).toBeCloseTo(expected, 12);
  });

  it("ignores surrounding whitespace and spaces between tokens", () => {
    expect(valueOf("   0.5  ")).toBe(0.5);
    expect(valueOf("\t1 + 2\n")).toBe(3);
    expect(valueOf("\u00A02\u00A0*\u00A03\u00A0")).toBe(6); // non-breaking spaces
    expect(valueOf("\u200B7")).toBe(7); // zero-width space from copy-paste
  });

  it("never returns negative zero", () => {
    expect(valueOf("-0")).toBe(0);
    expect(Object.is(valueOf("-0"), -0)).toBe(false);
    expect(valueOf("0*-1")).toBe(0);
  });

  it("accepts underflow to zero (tiny numbers are finite)", () => {
    expect(valueOf("1e-400")).toBe(0);
  });
});

describe("parseAnswer: dash lookalikes and Unicode operators", () => {
  it.each([
    ["\u22120.5", -0.5], // − minus sign
    ["\u20130.5", -0.5], // – en dash
    ["\u20140.5", -0.5], // — em dash
    ["\u20100.5", -0.5], // ‐ hyphen
    ["\uFF0D0.5", -0.5], // － fullwidth hyphen-minus
    ["1 \u2212 3", -2],
    ["1e\u22123", 0.001], // Unicode minus in an exponent
    ["3\u00D74", 12], // ×
    ["3\u00B74", 12], // ·
    ["3\u22C54", 12], // ⋅
    ["6\u00F74", 1.5], // ÷
    ["\u2212(0.3)(0.2)", -0.06],
  ])("%s = %d", (input, expected) => {
    expect(valueOf(input)).toBeCloseTo(expected, 12);
  });
});

describe("parseAnswer: fractions and arithmetic", () => {
  it.each([
    ["-3/25", -0.12],
    ["1/3", 1 / 3],
    ["0.2*(0.5-1)", -0.1],
    ["-(0.3)(0.2)", -0.06],
    ["[2+1]*2", 6],
    ["[(1+1)]^[3]", 8],
    ["2*-3", -6],
    ["2--3", 5],
    ["+-+3", -3],
    ["(0.7 - 1) * 0.7 * (1 - 0.7)", -0.063],
    ["2^-1", 0.5],
    ["4^0.5", 2],
    ["(-2)^3", -8],
    ["(-2)^2", 4],
    ["0^0", 1],
  ])("%s = %d", (input, expected) => {
    expect(valueOf(input)).toBeCloseTo(expected, 12);
  });

  it("gives ^ right associativity and binds it tighter than unary minus", () => {
    expect(valueOf("2^3^2")).toBe(512);
    expect(valueOf("-2^2")).toBe(-4);
    expect(valueOf("\u22122^2")).toBe(-4);
    expect(valueOf("(-2)^2")).toBe(4);
    expect(valueOf("2^-2^2")).toBeCloseTo(1 / 16, 12); // 2^(-(2^2))
  });

  it("evaluates + - and * / left to right, * / before + -", () => {
    expect(valueOf("1-2-3")).toBe(-4);
    expect(valueOf("8/4/2")).toBe(1);
    expect(valueOf("1+2*3")).toBe(7);
    expect(valueOf("(1+2)*3")).toBe(9);
    expect(valueOf("2*3^2")).toBe(18);
    expect(valueOf("12/2*3")).toBe(18);
  });

  it("multiplies implicitly when a number or ')' is followed by '('", () => {
    expect(valueOf("2(3)")).toBe(6);
    expect(valueOf("(1)(2)")).toBe(2);
    expect(valueOf("2 (3)")).toBe(6);
    expect(valueOf("(2)[3]")).toBe(6);
    expect(valueOf("2(3)^2")).toBe(18);
    expect(valueOf("1+2(3)")).toBe(7);
    expect(valueOf("0.5(1-0.5)(2)")).toBeCloseTo(0.5, 12);
  });

  it("allows exactly the maximum nesting depth", () => {
    const nested = "(".repeat(MAX_NESTING_DEPTH) + "1" + ")".repeat(MAX_NESTING_DEPTH);
    expect(valueOf(nested)).toBe(1);
  });

  it("accepts an answer of exactly the maximum length", () => {
    const longest = "0+".repeat(MAX_ANSWER_LENGTH / 2 - 1) + "1 ";
    expect(longest).toHaveLength(MAX_ANSWER_LENGTH);
    expect(valueOf(longest)).toBe(1);
  });
});

describe("parseAnswer: rejections", () => {
  it("asks for a number when empty", () => {
    expect(messageOf("")).toBe("Enter a number.");
    expect(messageOf("   \t\n")).toBe("Enter a number.");
    expect(messageOf("\u200B")).toBe("Enter a number.");
  });

  it("rejects too-long answers immediately, quoting the length", () => {
    expect(messageOf("1".repeat(MAX_ANSWER_LENGTH + 1))).toBe(
      `Answer is too long (${MAX_ANSWER_LENGTH + 1} characters; at most ${MAX_ANSWER_LENGTH}).`,
    );
    expect(messageOf("(".repeat(10_000))).toMatch(/too long \(10000 characters/);
  });

  it("rejects a leading '='", () => {
    expect(messageOf("=3")).toBe("Remove the leading '='.");
    expect(messageOf("  = 0.5")).toBe("Remove the leading '='.");
    expect(messageOf("1=1")).toMatch(/Unexpected '=' at position 2/);
  });

  it("rejects a decimal comma and shows the fixed answer", () => {
    expect(messageOf("0,5")).toBe("Use a decimal point, not a comma: 0.5");
    expect(messageOf(" -3,25 ")).toBe("Use a decimal point, not a comma: -3.25");
    expect(messageOf("0,125")).toBe("Use a decimal point, not a comma: 0.125");
    expect(messageOf("1,000")).toMatch(/write 1000 \(or 1\.000/);
    expect(messageOf("1,2,3")).toMatch(/Unexpected ',' at position 2/);
    expect(messageOf("1, 2")).toMatch(/Unexpected ',' at position 2/);
  });

  it.each([
    ["abc", /Unexpected 'abc' at position 1/],
    ["x+1", /Unexpected 'x' at position 1/],
    ["1+x", /Unexpected 'x' at position 3/],
    ["sqrt(2)", /Unexpected 'sqrt' at position 1/],
    ["pi", /Unexpected 'pi' at position 1/],
    ["2pi", /Unexpected 'pi' at position 2/],
    ["e", /Unexpected 'e' at position 1/],
    ["2ex", /Unexpected 'ex' at position 2/],
    ["0x10", /Unexpected 'x10' at position 2/],
    ["__proto__", /Unexpected '__proto__' at position 1/],
    ["constructor", /Unexpected 'constructor' at position 1/],
    ["alert(1)", /Unexpected 'alert' at position 1/],
    ["process.exit()", /Unexpected 'process' at position 1/],
    ["1%", /Unexpected '%' at position 2/],
    ["{1}", /Unexpected '\{' at position 1/],
    ["1\u0000", /Unexpected character U\+0000 at position 2/],
    ["\u{1F600}1", /Unexpected '\u{1F600}' at position 1/u],
    ["1+\u{1F600}", /Unexpected '\u{1F600}' at position 3/u],
  ])("rejects %j as an unknown character", (input, expected) => {
    const message = messageOf(input);
    expect(message).toMatch(expected);
    if (/[A-Za-z_%{\u{1F600}]/u.test(input)) expect(message).toMatch(/only numbers/);
  });

  it("truncates a very long word in the message", () => {
    expect(messageOf("a".repeat(60))).toMatch(/Unexpected 'a{20}…' at position 1/);
  });

  it("points out superscripts and suggests ^", () => {
    expect(messageOf("2\u00B2")).toMatch(/Unexpected '²' at position 2: write powers with \^/);
  });

  it.each([
    ["(1", /Missing '\)' to close '\(' at position 1/],
    ["((1)", /Missing '\)' to close '\(' at position 1/],
    ["[1", /Missing '\]' to close '\[' at position 1/],
    ["1)", /Unexpected '\)' at position 2/],
    [")", /Unexpected '\)' at position 1/],
    ["(1))", /Unexpected '\)' at position 4/],
    ["(1]", /Mismatched brackets: '\(' at position 1 is closed by '\]' at position 3/],
    ["[1)", /Mismatched brackets: '\[' at position 1 is closed by '\)' at position 3/],
    ["()", /Empty brackets at position 1/],
    ["2*()", /Empty brackets at position 3/],
    ["(", /Missing a number after '\(' at position 1/],
  ])("rejects unbalanced brackets in %j", (input, expected) => {
    expect(messageOf(input)).toMatch(expected);
  });

  it.each([
    ["2*", /Missing a number after '\*' at position 2/],
    ["2 /", /Missing a number after '\/' at position 3/],
    ["2^", /Missing a number after '\^' at position 2/],
    ["-", /Missing a number after '-' at position 1/],
    ["1+", /Missing a number after '\+' at position 2/],
    ["2*)", /Missing a number after '\*' at position 2/],
    ["*2", /'\*' at position 1 needs a number before it/],
    ["^2", /'\^' at position 1 needs a number before it/],
    ["(/2)", /'\/' at position 2 needs a number before it/],
    ["2**3", /Use \^ for powers, not '\*\*' \(position 2\)/],
    ["2+*3", /Two operators in a row: '\+' at position 2 and '\*' at position 3/],
    ["2*/3", /Two operators in a row: '\*' at position 2 and '\/' at position 3/],
  ])("rejects a dangling operator in %j", (input, expected) => {
    expect(messageOf(input)).toMatch(expected);
  });

  it.each([
    ["2 3", /Missing an operator between '2' and '3' at position 3/],
    ["(2)3", /Missing an operator between '\)' and '3' at position 4/],
    ["(2 3)", /Missing an operator between '2' and '3' at position 4/],
  ])("rejects a missing operator in %j", (input, expected) => {
    expect(messageOf(input)).toMatch(expected);
  });

  it.each([
    [".", /Unexpected '\.' at position 1/],
    ["1.2.3", /Unexpected '\.' at position 4: a number can have only one decimal point/],
    ["1e5.5", /Unexpected '\.' at position 4: the exponent after 'e' must be a whole number/],
    ["2e", /Incomplete exponent at position 2/],
    ["2e-", /Incomplete exponent at position 2/],
    ["2e+x", /Incomplete exponent at position 2/],
  ])("rejects a malformed number %j", (input, expected) => {
    expect(messageOf(input)).toMatch(expected);
  });

  it("reports division by zero with its position", () => {
    expect(messageOf("1/0")).toBe("Division by zero at position 2.");
    expect(messageOf("0/0")).toMatch(/^Division by zero/);
    expect(messageOf("1/(2-2)")).toMatch(/Division by zero at position 2/);
    expect(messageOf("1 \u00F7 0")).toMatch(/Division by zero at position 3/);
    expect(messageOf("0^-1")).toMatch(/Division by zero/);
  });

  it.each(["1e999", "-1e999", "10^400", "2^2^2^2^2^2^2", "1e308*10", "1e308+1e308", "Infinity", "-Infinity", "NaN", "inf", "\u221E"])(
    "rejects the non-finite %j",
    (input) => {
      expect(messageOf(input)).toBe("The answer is not a finite number.");
    },
  );

  it("rejects a negative base with a fractional exponent", () => {
    expect(messageOf("(-8)^(1/3)")).toMatch(/negative number can't be raised to a fractional power \(position 5\)/);
  });

  it("rejects nesting deeper than the limit", () => {
    const tooDeep = "(".repeat(MAX_NESTING_DEPTH + 1) + "1" + ")".repeat(MAX_NESTING_DEPTH + 1);
    expect(messageOf(tooDeep)).toMatch(/Too many nested parentheses \(at most 50\)/);
  });

  it("counts positions as typed, including leading spaces", () => {
    expect(messageOf("  x")).toMatch(/position 3/);
    expect(messageOf("\u{1F600} x")).toMatch(/Unexpected '\u{1F600}' at position 1/u);
  });

  it("never touches prototypes", () => {
    for (const input of ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype"]) {
      expect(parseAnswer(input).ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("returns a message instead of throwing for non-string input from JSON", () => {
    expect(parseAnswer(undefined as unknown as string)).toEqual({ ok: false, message: "Enter a number." });
    expect(parseAnswer(5 as unknown as string)).toEqual({ ok: false, message: "Enter a number." });
  });
});

describe("parseAnswerMatrix", () => {
  it("parses a good matrix", () => {
    expect(parseAnswerMatrix([["0.5", "-3/25"], ["1e-3", "2(3)"]])).toEqual({
      ok: true,
      value: [
        [0.5, -0.12],
        [0.001, 6],
      ],
    });
  });

  it("accepts ragged rows and empty input (shape is the grader's job)", () => {
    expect(parseAnswerMatrix([["1"], ["2", "3", "4"], []])).toEqual({ ok: true, value: [[1], [2, 3, 4], []] });
    expect(parseAnswerMatrix([])).toEqual({ ok: true, value: [] });
  });

  it.each([
    ["a string", "1"],
    ["null", null],
    ["an object", { 0: ["1"] }],
    ["a number", 3],
  ])("rejects %s instead of a list of rows", (_label, rows) => {
    expect(parseAnswerMatrix(rows)).toEqual({ ok: false, message: "Expected a list of rows." });
  });

  it("names a row that is not a list, 1-based", () => {
    expect(parseAnswerMatrix([["1"], "2"])).toEqual({ ok: false, message: "Row 2 is not a list of cells." });
  });

  it("names a cell that is not text by row and column", () => {
    expect(parseAnswerMatrix([["1", "2"], ["3", 4]])).toEqual({
      ok: false,
      message: "Row 2, column 2 is not text.",
    });
    expect(parseAnswerMatrix([[null]])).toEqual({ ok: false, message: "Row 1, column 1 is not text." });
  });

  it("summarizes the first failing cell and marks every cell", () => {
    const result = parseAnswerMatrix([
      ["1", "2", "3"],
      ["4", "5", "x"],
      ["1/0", "6"],
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^Row 2, column 3: Unexpected 'x' at position 1/);
    expect(result.message).toMatch(/1 more cell needs fixing\.$/);
    expect(result.cells).toEqual([
      [null, null, null],
      [null, null, expect.stringMatching(/Unexpected 'x'/)],
      ["Division by zero at position 2.", null],
    ]);
  });

  it("gives a plain message when exactly one cell fails", () => {
    const result = parseAnswerMatrix([["1", ""]]);
    expect(result).toEqual({ ok: false, message: "Row 1, column 2: Enter a number.", cells: [[null, "Enter a number."]] });
  });
});

// ---------------------------------------------------------------------------------------------
// Deterministic fuzzing
// ---------------------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_PIECES = [
  ..."0123456789",
  ..."+-*/^().[]eE,= ",
  ..."abcxyzIN_$%{}<>\\'\"`;:!?&|~#@",
  "\u2212", "\u2013", "\u2014", "\u00D7", "\u00B7", "\u00F7", "\u00B2", "\u221E",
  "\u00A0", "\u200B", "\uFEFF", "\u0000", "\u0301", "\uD800", "\uDC00", "\u{1F600}", "\n", "\t",
  "__proto__", "constructor", "prototype", "Infinity", "NaN", "1e999", "1e-999", "9".repeat(30),
  "2^2^2^2", "((((", "))))", "[[", "]]", "**", "--", "1e", "e-", "0/0", "alert(1)", "process.exit()",
];

function randomHostileString(random: () => number): string {
  const roll = random();
  if (roll < 0.03) {
    // a very long run of one piece, often well past the length limit
    const piece = HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)] ?? "(";
    return piece.repeat(1 + Math.floor(random() * 400));
  }
  const pieceCount = Math.floor(random() * (roll < 0.1 ? 120 : 16));
  let text = "";
  for (let i = 0; i < pieceCount; i++) {
    text += HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)] ?? "";
  }
  return text;
}

type Generated = { text: string; value: number; dividesByZero: boolean };

/** Builds a random fully-bracketed expression and, alongside it, its value computed directly. */
function randomExpression(random: () => number, depth: number): Generated {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  if (depth === 0 || random() < 0.3) {
    const digits = String(Math.floor(random() * 1000));
    const text = random() < 0.4 ? `${digits}.${Math.floor(random() * 100)}` : digits;
    return { text, value: Number(text), dividesByZero: false };
  }
  const space = () => pick(["", "", " ", "\u00A0"]);
  const [open, close] = pick([["(", ")"], ["[", "]"]] as const);
  const left = randomExpression(random, depth - 1);
  const op = pick(["+", "-", "*", "/", "^", "\u2212", "\u00D7", "\u00F7"] as const);
  const right = op === "^" ? { text: String(Math.floor(random() * 4)), value: 0, dividesByZero: false } : randomExpression(random, depth - 1);
  if (op === "^") right.value = Number(right.text);
  const text = `${open}${left.text}${close}${space()}${op}${space()}${open}${right.text}${close}`;
  let value: number;
  let dividesByZero = left.dividesByZero || right.dividesByZero;
  switch (op) {
    case "+":
      value = left.value + right.value;
      break;
    case "-":
    case "\u2212":
      value = left.value - right.value;
      break;
    case "*":
    case "\u00D7":
      value = left.value * right.value;
      break;
    case "/":
    case "\u00F7":
      dividesByZero ||= right.value === 0;
      value = left.value / right.value;
      break;
    case "^":
      dividesByZero ||= left.value === 0 && right.value < 0;
      value = Math.pow(left.value, right.value);
      break;
  }
  return { text, value, dividesByZero };
}

describe("parseAnswer: fuzzing", () => {
  it("never throws on 20,000 hostile strings and always returns a well-formed result", () => {
    const random = mulberry32(0xc4a1);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const input = randomHostileString(random);
      let result: ReturnType<typeof parseAnswer> | undefined;
      expect(() => {
        result = parseAnswer(input);
      }, JSON.stringify(input)).not.toThrow();
      if (result === undefined) throw new Error("unreachable");
      if (result.ok) {
        accepted++;
        expect(Number.isFinite(result.value), JSON.stringify(input)).toBe(true);
        expect(Object.is(result.value, -0), JSON.stringify(input)).toBe(false);
      } else {
        expect(typeof result.message).toBe("string");
        expect(result.message.length, JSON.stringify(input)).toBeGreaterThan(0);
      }
      if (input.length > MAX_ANSWER_LENGTH) expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/too long/) });
    }
    expect(accepted).toBeGreaterThan(0); // the alphabet really does produce some valid answers
  }, 60_000); // 20,000 parses take ~1 s alone, but over 5 s on a machine busy with builds

  it("agrees with direct evaluation on 3,000 random valid expressions", () => {
    const random = mulberry32(2024);
    for (let i = 0; i < 3_000; i++) {
      const expression = randomExpression(random, 4);
      if (expression.text.length > MAX_ANSWER_LENGTH) continue;
      const result = parseAnswer(expression.text);
      if (expression.dividesByZero) {
        expect(result, expression.text).toMatchObject({ ok: false, message: expect.stringMatching(/Division by zero/) });
      } else if (!Number.isFinite(expression.value)) {
        expect(result, expression.text).toMatchObject({ ok: false });
      } else {
        expect(result, expression.text).toEqual({ ok: true, value: expression.value === 0 ? 0 : expression.value });
      }
    }
  });
});
