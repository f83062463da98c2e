// Reads a student's typed numeric answer (numbers, fractions, small arithmetic) safely, without eval.
import type { ParsedAnswer } from "./types";

export const MAX_ANSWER_LENGTH = 200;
/** Deepest allowed nesting of ( ) / [ ]. */
export const MAX_NESTING_DEPTH = 50;

export type ParsedAnswerMatrix =
  | { ok: true; value: number[][] }
  | { ok: false; message: string; cells?: (string | null)[][] };

const EMPTY_MESSAGE = "Enter a number.";
const NOT_FINITE_MESSAGE = "The answer is not a finite number.";
const ALLOWED_SUMMARY = "only numbers, + - * / ^ and parentheses are allowed";

/** Thrown inside the parser and always caught by parseAnswer; deliberately not an Error (no stack capture). */
class AnswerError {
  constructor(readonly message: string) {}
}

// ---------------------------------------------------------------------------------------------
// Characters
// ---------------------------------------------------------------------------------------------

type Operator = "+" | "-" | "*" | "/" | "^";

const MINUS_SIGNS = new Set(["-", "\u2212", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\uFE58", "\uFE63", "\uFF0D"]);
const PLUS_SIGNS = new Set(["+", "\uFF0B"]);
const TIMES_SIGNS = new Set(["*", "\u00D7", "\u00B7", "\u22C5", "\u2219", "\u2217"]);
const DIVIDE_SIGNS = new Set(["/", "\u00F7", "\u2215", "\u2044"]);
const INVISIBLE_SPACES = new Set(["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"]);
const SUPERSCRIPTS = new Set(["\u00B2", "\u00B3", "\u00B9", "\u2070", "\u2074", "\u2075", "\u2076", "\u2077", "\u2078", "\u2079", "\u207B"]);
const NON_FINITE_WORDS = new Set(["infinity", "inf", "nan"]);

const WHITESPACE = /^\s$/u;
const WORD_START = /^[\p{L}_$]$/u;
const WORD_PART = /^[\p{L}\p{M}\p{N}_$]$/u;
const PRINTABLE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;

function isDigit(ch: string): boolean {
  return ch.length === 1 && ch >= "0" && ch <= "9";
}

function isBlank(ch: string): boolean {
  return WHITESPACE.test(ch) || INVISIBLE_SPACES.has(ch);
}

function operatorFor(ch: string): Operator | null {
  if (PLUS_SIGNS.has(ch)) return "+";
  if (MINUS_SIGNS.has(ch)) return "-";
  if (TIMES_SIGNS.has(ch)) return "*";
  if (DIVIDE_SIGNS.has(ch)) return "/";
  if (ch === "^") return "^";
  return null;
}

function describeCharacter(ch: string): string {
  if (PRINTABLE.test(ch)) return `'${ch}'`;
  const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return `character U+${code}`;
}

function shorten(text: string, max = 20): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/** `position` is 1-based and counts characters as typed, leading spaces included. */
type Token =
  | { kind: "number"; value: number; text: string; position: number }
  | { kind: "operator"; op: Operator; text: string; position: number }
  | { kind: "open"; text: "(" | "["; position: number }
  | { kind: "close"; text: ")" | "]"; position: number }
  | { kind: "end"; text: ""; position: number };

type OperatorToken = Extract<Token, { kind: "operator" }>;
type OpenToken = Extract<Token, { kind: "open" }>;

const CLOSING_FOR = { "(": ")", "[": "]" } as const;
const OPENING_FOR = { ")": "(", "]": "[" } as const;

/** Character-array reader that returns "" past the end, so lookahead never needs bounds checks. */
class CharReader {
  index = 0;
  constructor(readonly chars: readonly string[]) {}

  peek(offset = 0): string {
    return this.chars[this.index + offset] ?? "";
  }

  get position(): number {
    return this.index + 1;
  }

  atEnd(): boolean {
    return this.index >= this.chars.length;
  }

  takeWhile(test: (ch: string) => boolean): string {
    let taken = "";
    while (!this.atEnd() && test(this.peek())) taken += this.chars[this.index++];
    return taken;
  }
}

function tokenize(chars: readonly string[]): Token[] {
  const reader = new CharReader(chars);
  const tokens: Token[] = [];
  while (!reader.atEnd()) {
    const ch = reader.peek();
    const position = reader.position;
    const op = operatorFor(ch);
    if (isBlank(ch)) {
      reader.index++;
    } else if (isDigit(ch) || ch === ".") {
      tokens.push(readNumber(reader));
    } else if (op !== null) {
      tokens.push({ kind: "operator", op, text: ch, position });
      reader.index++;
    } else if (ch === "(" || ch === "[") {
      tokens.push({ kind: "open", text: ch, position });
      reader.index++;
    } else if (ch === ")" || ch === "]") {
      tokens.push({ kind: "close", text: ch, position });
      reader.index++;
    } else {
      throw unexpectedCharacter(reader);
    }
  }
  tokens.push({ kind: "end", text: "", position: chars.length + 1 });
  return tokens;
}

/** Reads `12`, `.5`, `5.`, `1e-3`, `2.5E+2` (any dash lookalike works as the exponent's minus). */
function readNumber(reader: CharReader): Token {
  const start = reader.index;
  let digits = reader.takeWhile(isDigit);
  if (reader.peek() === ".") {
    reader.index++;
    digits += "." + reader.takeWhile(isDigit);
  }
  if (digits === ".") {
    throw new AnswerError(`Unexpected '.' at position ${start + 1}: a decimal point needs digits next to it.`);
  }
  const exponent = readExponent(reader);
  if (reader.peek() === ".") {
    const why = exponent === "" ? "a number can have only one decimal point" : "the exponent after 'e' must be a whole number";
    throw new AnswerError(`Unexpected '.' at position ${reader.position}: ${why}.`);
  }
  const value = Number(digits + exponent);
  if (!Number.isFinite(value)) throw new AnswerError(NOT_FINITE_MESSAGE);
  const text = reader.chars.slice(start, reader.index).join("");
  return { kind: "number", value, text, position: start + 1 };
}

/** Returns the normalized exponent suffix (`e-3`), or "" when the number has none. */
function readExponent(reader: CharReader): string {
  const e = reader.peek();
  if (e !== "e" && e !== "E") return "";
  const signChar = reader.peek(1);
  const sign = operatorFor(signChar);
  const hasSign = sign === "+" || sign === "-";
  if (!isDigit(reader.peek(hasSign ? 2 : 1))) {
    // `2ex` is a stray word (reported by the tokenizer); `2e`, `2e-`, `2e+x` are broken exponents.
    if (!hasSign && WORD_PART.test(signChar)) return "";
    throw new AnswerError(
      `Incomplete exponent at position ${reader.position}: 'e' must be followed by a whole number, as in 1e-3.`,
    );
  }
  reader.index += hasSign ? 2 : 1;
  return "e" + (sign === "-" ? "-" : "") + reader.takeWhile(isDigit);
}

function unexpectedCharacter(reader: CharReader): AnswerError {
  const ch = reader.peek();
  const position = reader.position;
  if (WORD_START.test(ch)) {
    const word = reader.takeWhile((c) => WORD_PART.test(c));
    if (NON_FINITE_WORDS.has(word.toLowerCase())) return new AnswerError(NOT_FINITE_MESSAGE);
    return new AnswerError(`Unexpected '${shorten(word)}' at position ${position}: ${ALLOWED_SUMMARY}.`);
  }
  if (ch === "\u221E") return new AnswerError(NOT_FINITE_MESSAGE);
  if (ch === ",") return commaError(reader.chars, position);
  if (ch === "=") return new AnswerError(`Unexpected '=' at position ${position}: enter only the value, not an equation.`);
  if (SUPERSCRIPTS.has(ch)) {
    return new AnswerError(`Unexpected '${ch}' at position ${position}: write powers with ^, as in 2^2.`);
  }
  return new AnswerError(`Unexpected ${describeCharacter(ch)} at position ${position}: ${ALLOWED_SUMMARY}.`);
}

/**
 * A lone comma between digits is almost certainly a decimal comma: show the corrected answer.
 * `1,000` could also be a thousands separator, so offer both readings.
 */
function commaError(chars: readonly string[], position: number): AnswerError {
  const index = position - 1;
  const commaCount = chars.filter((c) => c === ",").length;
  const betweenDigits = isDigit(chars[index - 1] ?? "") && isDigit(chars[index + 1] ?? "");
  if (commaCount !== 1 || !betweenDigits) {
    return new AnswerError(
      `Unexpected ',' at position ${position}: use a decimal point for decimals, and enter a single number.`,
    );
  }
  const typed = chars.join("").trim();
  const digitsBefore = digitRunLength(chars, index - 1, -1);
  const digitsAfter = digitRunLength(chars, index + 1, +1);
  const wholePart = chars.slice(index - digitsBefore, index).join("");
  if (digitsAfter === 3 && !/^0+$/.test(wholePart)) {
    return new AnswerError(
      `Don't use commas in numbers: write ${typed.replace(",", "")} (or ${typed.replace(",", ".")} if you meant a decimal point).`,
    );
  }
  return new AnswerError(`Use a decimal point, not a comma: ${typed.replace(",", ".")}`);
}

function digitRunLength(chars: readonly string[], from: number, step: 1 | -1): number {
  let length = 0;
  while (isDigit(chars[from + step * length] ?? "")) length++;
  return length;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic (every intermediate result must stay finite)
// ---------------------------------------------------------------------------------------------

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new AnswerError(NOT_FINITE_MESSAGE);
  return value;
}

function applyBinary(op: OperatorToken, left: number, right: number): number {
  switch (op.op) {
    case "+":
      return finite(left + right);
    case "-":
      return finite(left - right);
    case "*":
      return finite(left * right);
    case "/":
      if (right === 0) throw new AnswerError(`Division by zero at position ${op.position}.`);
      return finite(left / right);
    case "^":
      return power(left, right, op);
  }
}

function power(base: number, exponent: number, op: OperatorToken): number {
  if (base === 0 && exponent < 0) throw new AnswerError(`Division by zero at position ${op.position}.`);
  if (base < 0 && !Number.isInteger(exponent)) {
    throw new AnswerError(`A negative number can't be raised to a fractional power (position ${op.position}).`);
  }
  return finite(Math.pow(base, exponent));
}

// ---------------------------------------------------------------------------------------------
// Parser (recursive descent)
//
//   sum     := product (("+" | "-") product)*
//   product := signed (("*" | "/") signed | power)*     -- a bare "(" after a value multiplies: 2(3), (1)(2)
//   signed  := ("+" | "-") signed | power               -- so -2^2 = -(2^2)
//   power   := primary ("^" signed)?                    -- right-associative: 2^3^2 = 2^9
//   primary := number | "(" sum ")" | "[" sum "]"
// ---------------------------------------------------------------------------------------------

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseWhole(): number {
    const value = this.parseSum();
    const next = this.peek();
    if (next.kind !== "end") throw this.unexpectedAfterValue(next);
    return value;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: "end", text: "", position: 0 };
  }

  private takeOperator(...ops: Operator[]): OperatorToken | null {
    const token = this.peek();
    if (token.kind !== "operator" || !ops.includes(token.op)) return null;
    this.index++;
    return token;
  }

  private parseSum(): number {
    let value = this.parseProduct();
    for (let op = this.takeOperator("+", "-"); op !== null; op = this.takeOperator("+", "-")) {
      value = applyBinary(op, value, this.parseProduct());
    }
    return value;
  }

  private parseProduct(): number {
    let value = this.parseSigned();
    for (;;) {
      if (this.peek().kind === "open") {
        value = finite(value * this.parsePower());
        continue;
      }
      const op = this.takeOperator("*", "/");
      if (op === null) return value;
      value = applyBinary(op, value, this.parseSigned());
    }
  }

  private parseSigned(): number {
    const sign = this.takeOperator("+", "-");
    if (sign === null) return this.parsePower();
    const operand = this.parseSigned();
    return sign.op === "-" ? -operand : operand;
  }

  private parsePower(): number {
    const base = this.parsePrimary();
    const op = this.takeOperator("^");
    return op === null ? base : applyBinary(op, base, this.parseSigned());
  }

  private parsePrimary(): number {
    const token = this.peek();
    if (token.kind === "number") {
      this.index++;
      return token.value;
    }
    if (token.kind === "open") {
      this.index++;
      return this.parseGroup(token);
    }
    throw this.missingNumber(token);
  }

  private parseGroup(open: OpenToken): number {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new AnswerError(`Too many nested parentheses (at most ${MAX_NESTING_DEPTH}).`);
    }
    const value = this.parseSum();
    const close = this.peek();
    if (close.kind === "close" && close.text === CLOSING_FOR[open.text]) {
      this.index++;
      this.depth--;
      return value;
    }
    if (close.kind === "close") {
      throw new AnswerError(
        `Mismatched brackets: '${open.text}' at position ${open.position} is closed by '${close.text}' at position ${close.position}.`,
      );
    }
    if (close.kind === "end") {
      throw new AnswerError(`Missing '${CLOSING_FOR[open.text]}' to close '${open.text}' at position ${open.position}.`);
    }
    throw this.unexpectedAfterValue(close);
  }

  /** A value was complete but `token` followed it. */
  private unexpectedAfterValue(token: Token): AnswerError {
    if (token.kind === "close") {
      return new AnswerError(
        `Unexpected '${token.text}' at position ${token.position}: there is no matching '${OPENING_FOR[token.text]}'.`,
      );
    }
    const before = this.tokens[this.index - 1];
    if (token.kind === "number" && before !== undefined) {
      return new AnswerError(
        `Missing an operator between '${before.text}' and '${token.text}' at position ${token.position}.`,
      );
    }
    return new AnswerError(`Unexpected '${token.text}' at position ${token.position}.`);
  }

  /** A number or "(" was expected, but `token` came instead. */
  private missingNumber(token: Token): AnswerError {
    const before = this.tokens[this.index - 1];
    if (before === undefined) {
      if (token.kind === "end") return new AnswerError(EMPTY_MESSAGE);
      if (token.kind === "close") return this.unexpectedAfterValue(token);
      return new AnswerError(`'${token.text}' at position ${token.position} needs a number before it.`);
    }
    if (token.kind === "close" && before.kind === "open") {
      return new AnswerError(`Empty brackets at position ${before.position}.`);
    }
    if (token.kind === "operator" && before.kind === "operator") {
      if (before.op === "*" && token.op === "*") {
        return new AnswerError(`Use ^ for powers, not '**' (position ${before.position}).`);
      }
      return new AnswerError(
        `Two operators in a row: '${before.text}' at position ${before.position} and '${token.text}' at position ${token.position}.`,
      );
    }
    if (token.kind === "operator") {
      return new AnswerError(`'${token.text}' at position ${token.position} needs a number before it.`);
    }
    return new AnswerError(`Missing a number after '${before.text}' at position ${before.position}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function evaluateAnswer(input: unknown): number {
  if (typeof input !== "string") throw new AnswerError(EMPTY_MESSAGE);
  if (input.length > MAX_ANSWER_LENGTH) {
    throw new AnswerError(`Answer is too long (${input.length} characters; at most ${MAX_ANSWER_LENGTH}).`);
  }
  const trimmed = input.trim();
  if (trimmed === "") throw new AnswerError(EMPTY_MESSAGE);
  if (trimmed.startsWith("=")) throw new AnswerError("Remove the leading '='.");
  const value = new Parser(tokenize(Array.from(input))).parseWhole();
  return value === 0 ? 0 : value; // never hand back -0
}

/** Parses one typed answer. Never throws; failures carry a short message saying what and where. */
export function parseAnswer(input: string): ParsedAnswer {
  try {
    return { ok: true, value: evaluateAnswer(input) };
  } catch (error) {
    if (error instanceof AnswerError) return { ok: false, message: error.message };
    return { ok: false, message: "This answer could not be read." };
  }
}

/** Checks that `rows` is an array of arrays of strings; returns them typed, or a message. */
function checkMatrixShape(rows: unknown): string[][] | string {
  if (!Array.isArray(rows)) return "Expected a list of rows.";
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (!Array.isArray(row)) return `Row ${r + 1} is not a list of cells.`;
    for (let c = 0; c < row.length; c++) {
      if (typeof row[c] !== "string") return `Row ${r + 1}, column ${c + 1} is not text.`;
    }
  }
  return rows as string[][];
}

function summarizeFailures(first: string, failureCount: number): string {
  const others = failureCount - 1;
  if (others === 0) return first;
  return `${first} ${others} more ${others === 1 ? "cell needs" : "cells need"} fixing.`;
}

/**
 * Parses a grid of typed answers. Rows may differ in length (shape is the grader's concern).
 * On failure, `cells` (when present) holds each cell's message, or null for cells that parsed.
 */
export function parseAnswerMatrix(rows: unknown): ParsedAnswerMatrix {
  const grid = checkMatrixShape(rows);
  if (typeof grid === "string") return { ok: false, message: grid };

  const value: number[][] = [];
  const cells: (string | null)[][] = [];
  let firstFailure: string | null = null;
  let failureCount = 0;

  for (let r = 0; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const valueRow: number[] = [];
    const cellRow: (string | null)[] = [];
    for (let c = 0; c < row.length; c++) {
      const parsed = parseAnswer(row[c] ?? "");
      valueRow.push(parsed.ok ? parsed.value : Number.NaN);
      cellRow.push(parsed.ok ? null : parsed.message);
      if (!parsed.ok) {
        failureCount++;
        firstFailure ??= `Row ${r + 1}, column ${c + 1}: ${parsed.message}`;
      }
    }
    value.push(valueRow);
    cells.push(cellRow);
  }

  if (firstFailure === null) return { ok: true, value };
  return { ok: false, message: summarizeFailures(firstFailure, failureCount), cells };
}
