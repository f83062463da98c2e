// Grading properties over many seeds, the tolerance rules checked by hand, and whole-matrix grading.
import { describe, it, expect } from "vitest";
import {
  allowedError,
  generateVariant,
  gradeAnswer,
  gradeMatrix,
  gradeScalar,
  isMatrixTarget,
  isWithinTolerance,
  PRESETS,
  scalarValue,
  solve,
  SpecError,
  validateTolerance,
  type Instance,
  type MatrixGrade,
  type MatrixTarget,
  type ScalarGrade,
  type ScalarTarget,
  type Tolerance,
} from "@/lib/backprop";
import { HEAVY_TIMEOUT, testRng } from "./oracle";

const SEEDS = 300;
const DEFAULTS = { rtol: 0.01, atol: 0.001, sigfigs: 3 };

/** The contract's tolerance rules, written independently of grade.ts. */
function allowed(truth: number, tolerance: Tolerance): number {
  if (tolerance.mode === "relabs") return (tolerance.atol ?? DEFAULTS.atol) + (tolerance.rtol ?? DEFAULTS.rtol) * Math.abs(truth);
  const n = tolerance.sigfigs ?? DEFAULTS.sigfigs;
  if (truth === 0) return 0.5 * 10 ** -n;
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(truth))) - n + 1);
}

const full = (v: number) => v.toPrecision(15);
const rounded = (v: number, figures: number) => v.toPrecision(figures);

function scalarCases(preset: string, seeds: number) {
  const cases: { label: string; instance: Instance; target: ScalarTarget; truth: number }[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const { instance, parts } = generateVariant(preset, seed);
    const s = solve(instance);
    parts.forEach((part, i) => {
      if (isMatrixTarget(part)) return;
      cases.push({ label: `${preset}#${seed} part ${i}`, instance, target: part as ScalarTarget, truth: scalarValue(instance, s, part as ScalarTarget) });
    });
  }
  return cases;
}

describe("grading properties over many seeds", { timeout: HEAVY_TIMEOUT }, () => {
  it.each(PRESETS.map((p) => [p.name, p.tolerance] as const))("%s: true answers score 1, perturbed ones do not", (preset, presetTolerance) => {
    const relabs: Tolerance = presetTolerance ?? { mode: "relabs" };
    const problems: string[] = [];
    const check = (label: string, ok: boolean) => {
      if (!ok && problems.length < 20) problems.push(label);
    };
    let nearMisses = 0;
    let nearMissTries = 0;
    for (const [n, { label, instance, target, truth }] of scalarCases(preset, SEEDS).entries()) {
      const sigfigs = 3 + (n % 3); // 3..5 significant figures
      const sigfig: Tolerance = { mode: "sigfig", sigfigs };
      const options = (tolerance: Tolerance) => ({ tolerance, solution: solve(instance) });

      for (const [mode, tolerance, figures] of [
        ["relabs", relabs, 3],
        ["sigfig", sigfig, sigfigs],
      ] as const) {
        for (const answer of [full(truth), rounded(truth, figures)]) {
          const grade = gradeScalar(instance, target, answer, options(tolerance));
          check(`${label} ${mode} "${answer}" → ${grade.status}`, grade.status === "correct" && grade.score === 1 && grade.received === Number(answer));
          check(`${label} ${mode} expected`, grade.expected === truth);
        }
        if (truth === 0) continue;

        // 5% off: wrong exactly when 5% exceeds the allowed error (always, in sigfig mode)
        const off = gradeScalar(instance, target, full(truth * 1.05), options(tolerance));
        const shouldFail = 0.05 * Math.abs(truth) > allowed(truth, tolerance);
        if (Math.abs(0.05 * Math.abs(truth) - allowed(truth, tolerance)) < 1e-12) continue; // on the boundary itself
        if (mode === "sigfig") check(`${label} sigfig 5% must fail`, shouldFail);
        check(`${label} ${mode} 5% → ${off.status}`, off.status === (shouldFail ? "incorrect" : "correct"));
        if (shouldFail) check(`${label} ${mode} 5% score`, off.score === 0);

        // 3× the tolerance away: a near miss unless it happens to match a catalogued mistake
        const near = gradeScalar(instance, target, full(truth + 3 * allowed(truth, tolerance)), options(tolerance));
        nearMissTries++;
        if (near.nearMiss) nearMisses++;
        check(`${label} ${mode} near: ${near.status}`, near.status === "incorrect" && near.score === 0);
        check(`${label} ${mode} near: nearMiss xor diagnosis`, near.nearMiss === true ? near.diagnosis === undefined : near.diagnosis !== undefined);
        if (near.nearMiss) check(`${label} ${mode} near-miss message`, /outside the tolerance/.test(near.message));

        // 6× away: no longer near
        const far = gradeScalar(instance, target, full(truth - 6 * allowed(truth, tolerance)), options(tolerance));
        check(`${label} ${mode} far: ${far.status}`, far.status === "incorrect" && far.nearMiss === undefined);
      }
    }
    expect(problems).toEqual([]);
    expect(nearMisses).toBeGreaterThan(0.9 * nearMissTries);
  });

  it("garbage is invalid with a message and score 0, never a crash", () => {
    const garbage: unknown[] = ["", "   ", "abc", "1/0", "x".repeat(10 * 1024), "9".repeat(10 * 1024), "1,2,3", "NaN", "Infinity", "0.5.5", "((1)", "=0.5", 5, null, undefined, {}, ["0.5"]];
    for (const preset of PRESETS) {
      for (let seed = 0; seed < 20; seed++) {
        const { instance, parts } = generateVariant(preset.name, seed);
        for (const part of parts) {
          if (isMatrixTarget(part)) continue;
          for (const answer of garbage) {
            const grade = gradeScalar(instance, part as ScalarTarget, answer);
            expect(grade.status, `${preset.name}#${seed} ${JSON.stringify(answer)?.slice(0, 20)}`).toBe("invalid");
            expect(grade.score).toBe(0);
            expect(grade.message.length).toBeGreaterThan(0);
            expect(grade.received).toBeUndefined();
            expect(grade.diagnosis).toBeUndefined();
          }
        }
      }
    }
  });

  it("random wrong answers far from the truth are never graded correct", () => {
    const rng = testRng(7);
    for (const preset of PRESETS) {
      for (const { label, instance, target, truth } of scalarCases(preset.name, 40)) {
        const tolerance = preset.tolerance ?? { mode: "relabs" };
        const wrong = truth + (rng.next() < 0.5 ? -1 : 1) * (1.01 + 3 * rng.next()) * allowed(truth, tolerance);
        const grade = gradeScalar(instance, target, full(wrong), { tolerance });
        expect(grade.status, label).toBe("incorrect");
      }
    }
  });
});

describe("tolerance semantics, checked by hand", () => {
  it("relabs: |s − t| ≤ atol + rtol·|t|, defaults rtol 0.01 and atol 0.001", () => {
    // t = 2: 0.001 + 0.01·2 = 0.021
    expect(allowedError(2)).toBeCloseTo(0.021, 15);
    expect(isWithinTolerance(2.0209, 2)).toBe(true);
    expect(isWithinTolerance(1.9791, 2)).toBe(true);
    expect(isWithinTolerance(2.0212, 2)).toBe(false);
    // t = −0.5: 0.001 + 0.005 = 0.006
    expect(allowedError(-0.5, { mode: "relabs" })).toBeCloseTo(0.006, 15);
    expect(isWithinTolerance(-0.4941, -0.5)).toBe(true);
    expect(isWithinTolerance(-0.4939, -0.5)).toBe(false);
    // t = 0: only atol
    expect(isWithinTolerance(0.0009, 0)).toBe(true);
    expect(isWithinTolerance(-0.0011, 0)).toBe(false);
    // custom rtol/atol
    expect(allowedError(10, { mode: "relabs", rtol: 0.05, atol: 0 })).toBeCloseTo(0.5, 15);
    expect(isWithinTolerance(10.49, 10, { mode: "relabs", rtol: 0.05, atol: 0 })).toBe(true);
    expect(isWithinTolerance(10.51, 10, { mode: "relabs", rtol: 0.05, atol: 0 })).toBe(false);
  });

  it("sigfig: half a unit in the n-th significant place of the truth", () => {
    const three: Tolerance = { mode: "sigfig", sigfigs: 3 };
    // 0.1234 to 3 significant figures: the last place is 0.001, so ±0.0005
    expect(isWithinTolerance(0.123, 0.1234, three)).toBe(true);
    expect(isWithinTolerance(0.1235, 0.1234, three)).toBe(true);
    expect(isWithinTolerance(0.124, 0.1234, three)).toBe(false);
    expect(isWithinTolerance(0.1228, 0.1234, three)).toBe(false);
    // 1234 to 2 figures: ±50
    const two: Tolerance = { mode: "sigfig", sigfigs: 2 };
    expect(isWithinTolerance(1200, 1234, two)).toBe(true);
    expect(isWithinTolerance(1283, 1234, two)).toBe(true);
    expect(isWithinTolerance(1300, 1234, two)).toBe(false);
    // −0.004567 to 3 figures: ±0.0000005
    expect(isWithinTolerance(-0.00457, -0.004567, three)).toBe(true);
    expect(isWithinTolerance(-0.004575, -0.004567, three)).toBe(false);
    // default is 3 figures
    expect(isWithinTolerance(0.123, 0.1234, { mode: "sigfig" })).toBe(true);
    expect(isWithinTolerance(0.124, 0.1234, { mode: "sigfig" })).toBe(false);
  });

  it("the same rules through gradeScalar, on a one-weight network whose z is 0.1234", () => {
    // z^(2)_1 = 0.1 + 0.0234·1 = 0.1234
    const instance: Instance = { layers: [1, 1], activations: ["linear"], loss: "half_sse", theta: { "2": [[0.1, 0.0234]] }, x: [1], y: [0] };
    const target: ScalarTarget = { kind: "z", l: 2, j: 1 };
    const sigfig = { tolerance: { mode: "sigfig", sigfigs: 3 } as Tolerance };
    expect(gradeScalar(instance, target, "0.123", sigfig).status).toBe("correct");
    expect(gradeScalar(instance, target, "0.124", sigfig).status).toBe("incorrect");
    expect(gradeScalar(instance, target, "1234/10000", sigfig).status).toBe("correct");
    // relabs default: ±(0.001 + 0.001234)
    expect(gradeScalar(instance, target, "0.1256").status).toBe("correct");
    expect(gradeScalar(instance, target, "0.1258").status).toBe("incorrect");
    const near = gradeScalar(instance, target, "0.13");
    expect(near.nearMiss).toBe(true);
    expect(near.message).toContain("outside the tolerance");
    expect(gradeScalar(instance, target, "0.15").nearMiss).toBeUndefined();
  });

  it("validateTolerance fills defaults and names a bad field", () => {
    expect(validateTolerance(undefined)).toEqual({ mode: "relabs", rtol: 0.01, atol: 0.001 });
    expect(validateTolerance({ mode: "relabs", rtol: 0.02 })).toEqual({ mode: "relabs", rtol: 0.02, atol: 0.001 });
    expect(validateTolerance({ mode: "sigfig" })).toEqual({ mode: "sigfig", sigfigs: 3 });
    const field = (input: unknown) => {
      try {
        validateTolerance(input);
      } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        return (error as SpecError).field;
      }
      return "accepted";
    };
    expect(field({ mode: "exact" })).toBe("tolerance.mode");
    expect(field("relabs")).toBe("tolerance");
    expect(field({ mode: "relabs", rtol: -0.1 })).toBe("tolerance.rtol");
    expect(field({ mode: "relabs", atol: Number.NaN })).toBe("tolerance.atol");
    for (const sigfigs of [0, 16, 2.5, "3"]) expect(field({ mode: "sigfig", sigfigs })).toBe("tolerance.sigfigs");
  });
});

describe("gradeMatrix", { timeout: HEAVY_TIMEOUT }, () => {
  const cellText = (m: number[][]) => m.map((row) => row.map(full));

  function matrixCases() {
    const cases: { label: string; instance: Instance; target: MatrixTarget; truth: number[][] }[] = [];
    for (let seed = 0; seed < 30; seed++) {
      const deep = generateVariant("deep-4-3-3-2", seed);
      const asked = deep.parts.find(isMatrixTarget)!;
      cases.push({ label: `deep#${seed}`, instance: deep.instance, target: asked, truth: solve(deep.instance).grad[String(asked.l)] });
      const q = generateVariant("question-relu", seed).instance;
      for (const l of [2, 3]) cases.push({ label: `question#${seed} l=${l}`, instance: q, target: { kind: "grad", l }, truth: solve(q).grad[String(l)] });
    }
    return cases;
  }

  it("a fully correct matrix scores 1, rounded or not", () => {
    for (const { label, instance, target, truth } of matrixCases()) {
      for (const answer of [cellText(truth), truth.map((row) => row.map((v) => v.toPrecision(3)))]) {
        const grade = gradeMatrix(instance, target, answer);
        expect(grade.status, label).toBe("correct");
        expect(grade.score).toBe(1);
        expect(grade.expected).toEqual(truth);
        expect(grade.cells.flat().every((c) => c.status === "correct")).toBe(true);
        // gradeAnswer dispatches a whole-matrix target here too
        expect((gradeAnswer(instance, target, answer) as MatrixGrade).score).toBe(1);
      }
    }
  });

  it("one wrong cell scores (n − 1)/n and is the only incorrect cell", () => {
    const rng = testRng(3);
    for (const { label, instance, target, truth } of matrixCases()) {
      const r = rng.int(0, truth.length - 1);
      const c = rng.int(0, truth[0].length - 1);
      const answer = cellText(truth);
      const wrong = truth[r][c] + 0.3 + 0.2 * Math.abs(truth[r][c]);
      answer[r][c] = full(wrong);
      const grade = gradeMatrix(instance, target, answer);
      const n = truth.length * truth[0].length;
      expect(grade.status, label).toBe("incorrect");
      expect(grade.score).toBeCloseTo((n - 1) / n, 12);
      expect(grade.message).toContain(`${n - 1} of ${n}`);
      grade.cells.forEach((row, i) =>
        row.forEach((cell, j) => {
          expect(cell.status).toBe(i === r && j === c ? "incorrect" : "correct");
          expect(cell.expected).toBe(truth[i][j]);
        }),
      );
      expect(grade.cells[r][c].received).toBeCloseTo(wrong, 12);
    }
  });

  it("a wrong shape is invalid with a message; the transpose is called out", () => {
    for (const { label, instance, target, truth } of matrixCases()) {
      const answer = cellText(truth);
      const rows = truth.length;
      const cols = truth[0].length;
      const shapes = [answer.slice(1), answer.map((row) => row.slice(1)), answer.map((row) => [...row, "0"]), [...answer, answer[0]], []];
      for (const shaped of shapes) {
        const grade = gradeMatrix(instance, target, shaped);
        expect(grade.status, label).toBe("invalid");
        expect(grade.score).toBe(0);
        expect(grade.cells).toEqual([]);
        expect(grade.message).toContain(`Expected ${rows} rows × ${cols} columns`);
        expect(grade.message).not.toMatch(/transpose/);
      }
      if (rows !== cols) {
        const transposed = Array.from({ length: cols }, (_, c) => answer.map((row) => row[c]));
        const grade = gradeMatrix(instance, target, transposed);
        expect(grade.status, label).toBe("invalid");
        expect(grade.message).toMatch(/transpose/);
        expect(grade.score).toBe(0);
      }
    }
  });

  it("unreadable cells or a non-matrix answer are invalid, never a crash", () => {
    const { instance, target, truth } = matrixCases()[0];
    const answer = cellText(truth);
    answer[1][2] = "abc";
    const grade = gradeMatrix(instance, target, answer);
    expect(grade.status).toBe("invalid");
    expect(grade.message).toContain("Row 2, column 3");
    for (const bad of ["0.1", null, 3, [["0.1", 2]], [[]], undefined]) {
      const g = gradeMatrix(instance, target, bad);
      expect(g.status).toBe("invalid");
      expect(g.score).toBe(0);
      expect(g.message.length).toBeGreaterThan(0);
    }
  });

  it("a scalar target through gradeAnswer is graded as a scalar", () => {
    const { instance, parts } = generateVariant("question-relu", 1);
    const target = parts[1] as ScalarTarget;
    const truth = scalarValue(instance, solve(instance), target);
    const grade = gradeAnswer(instance, target, full(truth)) as ScalarGrade;
    expect(grade.status).toBe("correct");
    expect(grade).not.toHaveProperty("cells");
  });
});
