import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli, type CliIO } from "@/lib/cli/backprop-cli";

// A hand-checked 2-3-2 ReLU/linear instance (the question's network).
// z2 = [0.1+0.2*1+0.3*0.5, -0.4+0.1*1-0.2*0.5, 0.2+0.5*1+0.1*0.5] = [0.45, -0.4, 0.75]; a2 = [0.45, 0, 0.75]
// z3_1 = 0.1 + 0.4*0.45 + 0.3*0 - 0.5*0.75 = -0.095; z3_2 = -0.2 + 0.6*0.45 + 0.2*0 + 0.1*0.75 = 0.145
// J = ½((-0.095-0.5)² + (0.145-0)²) = ½(0.354025 + 0.021025) = 0.187525
const instance = {
  layers: [2, 3, 2],
  activations: ["relu", "linear"],
  loss: "half_sse",
  theta: {
    "2": [
      [0.1, 0.2, 0.3],
      [-0.4, 0.1, -0.2],
      [0.2, 0.5, 0.1],
    ],
    "3": [
      [0.1, 0.4, 0.3, -0.5],
      [-0.2, 0.6, 0.2, 0.1],
    ],
  },
  x: [1, 0.5],
  y: [0.5, 0],
};

function fakeIO(files: Record<string, unknown>): CliIO {
  return {
    readFile(p) {
      if (!(p in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
      const v = files[p];
      return typeof v === "string" ? v : JSON.stringify(v);
    },
  };
}

function run(argv: string[], files: Record<string, unknown> = {}) {
  const result = runCli(argv, fakeIO(files));
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

describe("presets", () => {
  it("lists every preset with a description", () => {
    const { code, json, stderr } = run(["presets"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const names = json.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["question-relu", "question-relu-output", "sigmoid-2-2-1", "tanh-2-2-1", "softmax-3-3-3", "deep-4-3-3-2"]));
    for (const p of json) expect(p.description.length).toBeGreaterThan(10);
  });
  it("rejects arguments", () => {
    expect(run(["presets", "extra"]).stderr).toMatch(/takes no arguments/);
  });
});

describe("generate", () => {
  it("prints a reproducible instance with meta and parts", () => {
    const a = run(["generate", "--preset", "question-relu", "--seed", "7"]);
    const b = run(["generate", "--preset", "question-relu", "--seed", "7"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.json.layers).toEqual([2, 3, 2]);
    expect(a.json.meta).toEqual({ preset: "question-relu", seed: 7, generatorVersion: 1 });
    expect(a.json.parts.length).toBeGreaterThan(2);
    // the output is itself a valid instance for solve
    expect(run(["solve", "i.json"], { "i.json": a.json }).code).toBe(0);
  });
  it("generates from a custom spec file", () => {
    const spec = { layers: [2, 2, 1], activations: ["tanh", "sigmoid"], loss: "cross_entropy" };
    const { code, json } = run(["generate", "--spec", "s.json", "--seed", "3"], { "s.json": spec });
    expect(code).toBe(0);
    expect(json.meta.preset).toBe("custom");
    expect(json.y[0] === 0 || json.y[0] === 1).toBe(true);
  });
  it.each([
    [["generate"], /needs --preset NAME or --spec FILE/],
    [["generate", "--preset", "question-relu"], /--seed N is required/],
    [["generate", "--preset", "question-relu", "--seed", "-1"], /--seed must be a whole number/],
    [["generate", "--preset", "question-relu", "--seed", "1.5"], /--seed must be a whole number/],
    [["generate", "--preset", "question-relu", "--seed", "4294967296"], /seed: must be a whole number from 0 to 4294967295/],
    [["generate", "--preset", "nope", "--seed", "1"], /unknown preset "nope"/],
    [["generate", "--preset"], /--preset needs a value/],
    [["generate", "--preset", "question-relu", "--spec", "s.json", "--seed", "1"], /either --preset or --spec/],
    [["generate", "--preset", "question-relu", "--seed", "1", "--bogus", "x"], /unknown option --bogus/],
    [["generate", "--spec", "missing.json"], /cannot read missing.json \(ENOENT\)/],
  ])("%j fails with a clear message", (argv, message) => {
    const result = run(argv as string[]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
  it("names the field of a bad custom spec", () => {
    const result = run(["generate", "--spec", "s.json"], { "s.json": { layers: [2, 1], activations: ["softmax"], loss: "half_sse" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/spec\.activations\[0\]: softmax needs at least 2 output units/);
  });
});

describe("solve", () => {
  it("prints the solution keyed by layer numbers, matching hand computation", () => {
    const { code, json } = run(["solve", "i.json"], { "i.json": instance });
    expect(code).toBe(0);
    expect(Object.keys(json).sort()).toEqual(["J", "a", "delta", "grad", "z"]);
    expect(json.J).toBeCloseTo(0.187525, 12);
    expect(json.z["2"]).toEqual([expect.closeTo(0.45, 12), expect.closeTo(-0.4, 12), expect.closeTo(0.75, 12)]);
    expect(json.a["1"]).toEqual([1, 0.5]);
    expect(json.a["2"][1]).toBe(0);
    // δ3 = a3 − y = [-0.595, 0.145]; δ2_1 = 1·(0.4·-0.595 + 0.6·0.145) = -0.151; δ2_2 = 0 (dead unit)
    expect(json.delta["3"][0]).toBeCloseTo(-0.595, 12);
    expect(json.delta["2"][0]).toBeCloseTo(-0.151, 12);
    expect(json.delta["2"][1]).toBe(0);
    // ∂J/∂Θ3_13 = δ3_1 · a2_3 = -0.595 · 0.75
    expect(json.grad["3"][0][3]).toBeCloseTo(-0.44625, 12);
  });
  it("solves an array of instances", () => {
    const { json } = run(["solve", "i.json"], { "i.json": [instance, instance] });
    expect(json).toHaveLength(2);
  });
  it("reads standard input as -", () => {
    expect(run(["solve", "-"], { "-": instance }).code).toBe(0);
  });
  it.each([
    [{ ...instance, theta: { ...instance.theta, "3": [[0.1, 0.4, 0.3, -0.5], [-0.2, 0.6, 0.2]] } }, /theta\.3 row 2 has 3 columns, expected 4/],
    [{ ...instance, activations: ["relu", "swish"] }, /activations\[1\]: unknown activation "swish"/],
    [{ ...instance, activations: ["softmax", "linear"] }, /softmax is only allowed on the output layer/],
    [{ ...instance, loss: "cross_entropy" }, /cross_entropy needs a softmax or sigmoid output layer/],
    [{ ...instance, x: [1, null] }, /x\[1\]: must be a finite number/],
    [{ ...instance, y: [0.5] }, /y: has 1 entries, expected 2/],
  ])("rejects an invalid instance naming the field (%#)", (bad, message) => {
    const result = run(["solve", "i.json"], { "i.json": bad });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
  it("names the index of the bad item in an array", () => {
    const result = run(["solve", "i.json"], { "i.json": [instance, { ...instance, y: [1, 2, 3] }] });
    expect(result.stderr).toMatch(/\[1\] y: has 3 entries/);
  });
  it("rejects files that are not JSON or missing", () => {
    expect(run(["solve", "i.json"], { "i.json": "{not json" }).stderr).toMatch(/i.json is not valid JSON/);
    expect(run(["solve"]).stderr).toMatch(/a FILE argument is required/);
  });
});

describe("grade", () => {
  const target = { kind: "grad", l: 3, j: 1, k: 3 };
  it("grades a correct expression, printing exactly the contract's fields", () => {
    const { json } = run(["grade", "g.json"], { "g.json": { instance, target, answer: "-0.595*0.75" } });
    expect(Object.keys(json)).toEqual(["status", "expected", "received", "message"]);
    expect(json.status).toBe("correct");
    expect(json.expected).toBeCloseTo(-0.44625, 12);
    expect(json.received).toBeCloseTo(-0.44625, 12);
  });
  it("diagnoses a sign flip", () => {
    const { json } = run(["grade", "g.json"], { "g.json": { instance, target, answer: "0.44625" } });
    expect(json.status).toBe("incorrect");
    expect(json.diagnosis.mistake).toBe("sign_flip");
    expect(json.diagnosis.message).toMatch(/a − y/);
  });
  it("reports invalid input without grading it", () => {
    const { json } = run(["grade", "g.json"], { "g.json": { instance, target, answer: "0.4.4" } });
    expect(json.status).toBe("invalid");
    expect(json.received).toBeUndefined();
    expect(json.message.length).toBeGreaterThan(5);
  });
  it("grades an update with alpha and a sigfig tolerance", () => {
    // Θ3_13 − 0.5 · (−0.44625) = −0.5 + 0.223125 = −0.276875
    const req = { instance, target: { kind: "update", l: 3, j: 1, k: 3 }, alpha: 0.5, answer: "-0.277", tolerance: { mode: "sigfig", sigfigs: 3 } };
    expect(run(["grade", "g.json"], { "g.json": req }).json.status).toBe("correct");
    expect(run(["grade", "g.json"], { "g.json": { ...req, answer: "-0.276" } }).json.status).toBe("incorrect");
  });
  it("grades a whole matrix per cell with a score", () => {
    const solved = run(["solve", "i.json"], { "i.json": instance }).json;
    const rows: string[][] = solved.grad["3"].map((row: number[]) => row.map(String));
    rows[1][2] = "5";
    const { json } = run(["grade", "g.json"], { "g.json": { instance, target: { kind: "grad", l: 3 }, answer: rows } });
    expect(json.status).toBe("incorrect");
    expect(json.score).toBeCloseTo(7 / 8, 12);
    expect(json.cells[1][2].status).toBe("incorrect");
    expect(json.cells[0][0].status).toBe("correct");
  });
  it("recognises an error carried forward from an earlier part", () => {
    // δ3_1 answered as +0.595 (sign flipped); ∂J/∂Θ3_13 from it: 0.595 · 0.75 = 0.44625
    const req = {
      instance,
      target,
      answer: "0.44625",
      earlier: [{ target: { kind: "delta", l: 3, j: 1 }, answer: "0.595" }],
      carriedForwardCredit: 0.5,
    };
    const { json } = run(["grade", "g.json"], { "g.json": req });
    expect(json.carriedForward.fromParts).toEqual([0]);
    expect(json.carriedForward.expected).toBeCloseTo(0.44625, 12);
  });
  it.each([
    [{ instance, answer: "1" }, /target: is missing/],
    [{ instance, target }, /answer: is missing/],
    [{ target, answer: "1" }, /instance: is missing/],
    [{ instance, target: { kind: "grad", l: 3, j: 3, k: 0 }, answer: "1" }, /target\.j: must be a unit of layer 3 from 1 to 2, got 3/],
    [{ instance, target: { kind: "grad", l: 3, j: 1, k: 4 }, answer: "1" }, /target\.k: must be a unit of layer 2 from 0 to 3, got 4/],
    [{ instance, target: { kind: "grad", l: 4, j: 1, k: 1 }, answer: "1" }, /target\.l: must be a layer number from 2 to 3/],
    [{ instance, target: { kind: "w" }, answer: "1" }, /target\.kind: must be one of/],
    [{ instance, target, answer: "1", tolerance: { mode: "close" } }, /tolerance\.mode/],
    [{ instance, target, answer: "1", tolerance: { mode: "sigfig", sigfigs: 0 } }, /tolerance\.sigfigs/],
    [{ instance, target, answer: "1", alpha: -1 }, /alpha: must be a positive number/],
    [{ instance, target, answer: "1", carriedForwardCredit: 2 }, /carriedForwardCredit/],
    [{ instance, target, answer: "1", earlier: "x" }, /earlier: must be an array/],
    [JSON.stringify("just a string"), /request: must be an object/],
  ])("rejects a bad request naming the field (%#)", (request, message) => {
    const result = run(["grade", "g.json"], { "g.json": request });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
});

describe("explain", () => {
  it("returns the answer and ordered steps", () => {
    const { json } = run(["explain", "e.json"], { "e.json": { instance, target: { kind: "delta", l: 2, j: 1 } } });
    expect(json.answer).toBeCloseTo(-0.151, 12);
    const titles = json.steps.map((s: { title: string }) => s.title);
    expect(titles[0]).toBe("Input");
    expect(titles).toContain("Back-propagate to layer 2");
    expect(json.steps.at(-1).latex).toContain("-0.151");
  });
  it("rejects a request without a target", () => {
    expect(run(["explain", "e.json"], { "e.json": { instance } }).stderr).toMatch(/target: is missing/);
  });
});

describe("usage", () => {
  it("prints usage for help and fails for no or unknown commands", () => {
    const help = runCli(["--help"], fakeIO({}));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run -s backprop/);
    expect(runCli([], fakeIO({})).code).toBe(1);
    const unknown = runCli(["train"], fakeIO({}));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "train"/);
  });
});

describe("the real command", () => {
  it("writes JSON to stdout only, and errors to stderr with exit code 1", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chainrule-cli-"));
    const file = path.join(dir, "i.json");
    writeFileSync(file, JSON.stringify(instance));
    const ok = spawnSync("npm", ["run", "-s", "backprop", "--", "solve", file], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).J).toBeCloseTo(0.187525, 12);
    const bad = spawnSync("npm", ["run", "-s", "backprop", "--", "solve", path.join(dir, "nope.json")], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/cannot read .*nope\.json/);
  }, 60_000);
});
