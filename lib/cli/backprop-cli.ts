// The `backprop` command line: JSON in, JSON out, errors on stderr naming what is wrong.
// The file system is injected so tests run it in-process.
import {
  PRESETS,
  checkSeed,
  explainTarget,
  generateVariant,
  gradeAnswer,
  solve,
  validateInstance,
  validateSpec,
  validateTarget,
  validateTolerance,
  InstanceError,
  SpecError,
  type EarlierPart,
  type Instance,
  type MatrixGrade,
  type ScalarGrade,
  type Solution,
} from "../backprop";

export interface CliIO {
  readFile(path: string): string;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class UsageError extends Error {}

export const USAGE = `Usage: npm run -s backprop -- <command> [options]

Commands:
  presets                                   list the preset names with one-line descriptions
  generate --preset NAME --seed N           print one generated instance (with meta and the parts it asks)
  generate --spec FILE [--seed N]           the same from a custom network spec (JSON file)
  solve FILE                                forward values, J, deltas and gradients of an instance (or an array)
  grade FILE                                grade {instance, target, answer, alpha?, tolerance?, earlier?} (or an array)
  explain FILE                              worked solution of {instance, target, alpha?}

FILE may be - for standard input. Output is JSON on stdout; errors go to stderr with exit code 1.`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  return value;
}

function onlyKnownOptions(args: string[], known: string[]) {
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith("--")) {
      if (!known.includes(args[i])) throw new UsageError(`unknown option ${args[i]}`);
      i++;
    }
  }
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) throw new UsageError("--seed N is required");
  if (!/^\d+$/.test(text)) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${text}"`);
  return checkSeed(Number(text));
}

function readJson(io: CliIO, path: string | undefined): unknown {
  if (!path) throw new UsageError("a FILE argument is required");
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}${code ? ` (${code})` : ""}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Apply fn to one item or each item of an array; an error names the item's index. */
function eachItem<T>(input: unknown, fn: (item: unknown) => T): T | T[] {
  if (!Array.isArray(input)) return fn(input);
  return input.map((item, i) => {
    try {
      return fn(item);
    } catch (error) {
      if (error instanceof Error) error.message = `[${i}] ${error.message}`;
      throw error;
    }
  });
}

function solutionJson(solution: Solution) {
  return { J: solution.J, z: solution.z, a: solution.a, delta: solution.delta, grad: solution.grad };
}

function requestOf(item: unknown, needsAnswer: boolean) {
  if (!isRecord(item)) throw new SpecError("request", `must be an object with instance, target${needsAnswer ? " and answer" : ""}`);
  if (item.instance === undefined) throw new SpecError("instance", "is missing");
  const instance: Instance = validateInstance(item.instance);
  if (item.target === undefined) throw new SpecError("target", "is missing");
  const target = validateTarget(item.target, instance);
  const alpha = item.alpha;
  if (alpha !== undefined && (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha <= 0)) {
    throw new SpecError("alpha", `must be a positive number, got ${JSON.stringify(alpha)}`);
  }
  return { instance, target, alpha: alpha as number | undefined };
}

function earlierOf(value: unknown, instance: Instance): EarlierPart[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SpecError("earlier", "must be an array of {target, answer}");
  return value.map((part, i) => {
    if (!isRecord(part)) throw new SpecError(`earlier[${i}]`, "must be {target, answer}");
    return { target: validateTarget(part.target, instance), answer: part.answer as EarlierPart["answer"] };
  });
}

function gradeJson(grade: ScalarGrade | MatrixGrade) {
  if ("cells" in grade) {
    return {
      status: grade.status,
      expected: grade.expected,
      message: grade.message,
      score: grade.score,
      cells: grade.cells.map((row) => row.map((c) => ({ status: c.status, expected: c.expected, received: c.received, message: c.message, ...(c.diagnosis ? { diagnosis: c.diagnosis } : {}) }))),
      ...(grade.diagnosis ? { diagnosis: grade.diagnosis } : {}),
    };
  }
  // exactly the contract's fields: {status, expected, received?, message, diagnosis?, carriedForward?}
  return {
    status: grade.status,
    expected: grade.expected,
    ...(grade.received !== undefined ? { received: grade.received } : {}),
    message: grade.message,
    ...(grade.diagnosis ? { diagnosis: grade.diagnosis } : {}),
    ...(grade.carriedForward ? { carriedForward: grade.carriedForward } : {}),
  };
}

const commands: Record<string, (args: string[], io: CliIO) => unknown> = {
  presets(args) {
    onlyKnownOptions(args, []);
    if (args.length) throw new UsageError("presets takes no arguments");
    return PRESETS.map((p) => ({ name: p.name, description: p.description, layers: p.spec.layers, activations: p.spec.activations, loss: p.spec.loss }));
  },
  generate(args, io) {
    onlyKnownOptions(args, ["--preset", "--seed", "--spec"]);
    const preset = option(args, "--preset");
    const specFile = option(args, "--spec");
    if (preset && specFile) throw new UsageError("give either --preset or --spec, not both");
    if (!preset && !specFile) throw new UsageError("generate needs --preset NAME or --spec FILE");
    const seedText = option(args, "--seed");
    const seed = specFile && seedText === undefined ? 0 : parseSeed(seedText);
    const variant = preset ? generateVariant(preset, seed) : generateVariant(validateSpec(readJson(io, specFile)), seed);
    return { ...variant.instance, parts: variant.parts };
  },
  solve(args, io) {
    onlyKnownOptions(args, []);
    return eachItem(readJson(io, args[0]), (item) => solutionJson(solve(validateInstance(item))));
  },
  grade(args, io) {
    onlyKnownOptions(args, []);
    return eachItem(readJson(io, args[0]), (item) => {
      const { instance, target, alpha } = requestOf(item, true);
      const request = item as Record<string, unknown>;
      if (!("answer" in request)) throw new SpecError("answer", "is missing");
      const tolerance = validateTolerance(request.tolerance);
      const credit = request.carriedForwardCredit;
      if (credit !== undefined && (typeof credit !== "number" || !(credit >= 0 && credit <= 1))) {
        throw new SpecError("carriedForwardCredit", "must be a number from 0 to 1");
      }
      return gradeJson(
        gradeAnswer(instance, target, request.answer, {
          alpha,
          tolerance,
          earlier: earlierOf(request.earlier, instance),
          carriedForwardCredit: credit as number | undefined,
        }),
      );
    });
  },
  explain(args, io) {
    onlyKnownOptions(args, []);
    return eachItem(readJson(io, args[0]), (item) => {
      const { instance, target, alpha } = requestOf(item, false);
      return explainTarget(instance, target, alpha);
    });
  },
};

export function runCli(argv: string[], io: CliIO): CliResult {
  const [command, ...args] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    return command ? { code: 0, stdout: USAGE + "\n", stderr: "" } : { code: 1, stdout: "", stderr: USAGE + "\n" };
  }
  const run = commands[command];
  if (!run) return { code: 1, stdout: "", stderr: `error: unknown command "${command}"\n\n${USAGE}\n` };
  try {
    return { code: 0, stdout: JSON.stringify(run(args, io), null, 2) + "\n", stderr: "" };
  } catch (error) {
    if (error instanceof UsageError || error instanceof InstanceError || error instanceof SpecError) {
      return { code: 1, stdout: "", stderr: `error: ${error.message}\n` };
    }
    throw error;
  }
}
