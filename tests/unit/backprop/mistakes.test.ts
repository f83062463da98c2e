// Each catalogued mistake, made by hand in the test from the solution's numbers, must be named by the grader.
import { describe, it, expect } from "vitest";
import {
  generateVariant,
  gradeMatrix,
  gradeScalar,
  isMatrixTarget,
  PRESETS,
  scalarValue,
  solve,
  type Instance,
  type MistakeId,
  type ScalarTarget,
  type Solution,
  type Tolerance,
} from "@/lib/backprop";
import { forward, HEAVY_TIMEOUT, testRng } from "./oracle";

interface MistakeCase {
  label: string;
  instance: Instance;
  target: ScalarTarget;
  /** the value a student making the mistake would enter */
  mistaken: number;
  tolerance?: Tolerance;
  /** values of other catalogued mistakes here: a case whose answer matches one of them too is ambiguous, and skipped */
  others?: number[];
}

function allowed(truth: number, tolerance: Tolerance = { mode: "relabs" }): number {
  return (tolerance.atol ?? 0.001) + (tolerance.rtol ?? 0.01) * Math.abs(truth);
}

const sigma = (v: number) => 1 / (1 + Math.exp(-v));
const toleranceOf = (preset: string) => PRESETS.find((p) => p.name === preset)?.tolerance;

/** Every seed's instance and solution, for building cases. */
function* variants(preset: string, seeds = 400): Generator<{ seed: number; instance: Instance; s: Solution; parts: ReturnType<typeof generateVariant>["parts"] }> {
  for (let seed = 0; seed < seeds; seed++) {
    const { instance, parts } = generateVariant(preset, seed);
    yield { seed, instance, s: solve(instance), parts };
  }
}

/**
 * Submits each mistaken value as a typed answer and expects the mistake to be named — on the first
 * `want` cases where the mistaken value differs from the truth by more than 3 tolerances.
 */
function expectDiagnosed(id: MistakeId, cases: Iterable<MistakeCase>, want = 12): void {
  let found = 0;
  for (const c of cases) {
    const truth = scalarValue(c.instance, solve(c.instance), c.target);
    if (!(Math.abs(c.mistaken - truth) > 3 * allowed(truth, c.tolerance))) continue;
    if (c.others?.some((v) => Math.abs(c.mistaken - v) <= 2 * allowed(v, c.tolerance))) continue;
    const grade = gradeScalar(c.instance, c.target, c.mistaken.toPrecision(15), c.tolerance ? { tolerance: c.tolerance } : {});
    expect(grade.status, c.label).toBe("incorrect");
    expect(grade.diagnosis?.mistake, `${c.label}: ${grade.message}`).toBe(id);
    expect(grade.message).toContain(grade.diagnosis!.message);
    expect(grade.nearMiss).toBeUndefined();
    expect(grade.score).toBe(0);
    if (++found >= want) return;
  }
  expect(found, `cases of ${id}`).toBeGreaterThanOrEqual(want);
}

/** Σ_i Θ^(l+1)_ij δ^(l+1)_i: the error reaching unit j of layer l, before g'. */
function backSum(instance: Instance, s: Solution, l: number, j: number): number {
  return instance.theta[String(l + 1)].reduce((sum, row, i) => sum + row[j] * s.delta[String(l + 1)][i], 0);
}

describe("each catalogued mistake is recognised", { timeout: HEAVY_TIMEOUT }, () => {
  it("missing_activation_derivative: δ without g'(z)", () => {
    // a dead ReLU hidden unit: the student passes the error back anyway
    expectDiagnosed(
      "missing_activation_derivative",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu")) {
          for (let j = 1; j <= 3; j++) {
            if (s.z["2"][j - 1] < 0) yield { label: `question-relu#${seed} δ(2)_${j}`, instance, target: { kind: "delta", l: 2, j }, mistaken: backSum(instance, s, 2, j) };
          }
        }
      })(),
    );
    // sigmoid hidden layer: Σ Θ δ without σ'(z)
    expectDiagnosed(
      "missing_activation_derivative",
      (function* () {
        for (const { seed, instance, s } of variants("sigmoid-2-2-1")) {
          for (let j = 1; j <= 2; j++) {
            yield { label: `sigmoid#${seed} δ(2)_${j}`, instance, target: { kind: "delta", l: 2, j }, mistaken: backSum(instance, s, 2, j), tolerance: toleranceOf("sigmoid-2-2-1") };
          }
        }
      })(),
    );
    // a dead ReLU output unit: δ = a − y instead of 0
    expectDiagnosed(
      "missing_activation_derivative",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu-output")) {
          for (let j = 1; j <= 2; j++) {
            if (s.z["3"][j - 1] < 0) yield { label: `relu-output#${seed} δ(3)_${j}`, instance, target: { kind: "delta", l: 3, j }, mistaken: s.a["3"][j - 1] - instance.y[j - 1] };
          }
        }
      })(),
    );
  });

  it("sign_flip: y − a instead of a − y", () => {
    for (const preset of ["question-relu", "softmax-3-3-3"]) {
      expectDiagnosed(
        "sign_flip",
        (function* () {
          for (const { seed, instance, s } of variants(preset)) {
            const L = instance.layers.length;
            for (let i = 1; i <= instance.layers[L - 1]; i++) {
              yield { label: `${preset}#${seed} δ(${L})_${i}`, instance, target: { kind: "delta", l: L, j: i }, mistaken: instance.y[i - 1] - s.a[String(L)][i - 1] };
            }
          }
        })(),
      );
    }
    // carried through: the hidden δ of a flipped output error is flipped too
    expectDiagnosed(
      "sign_flip",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu")) {
          const target: ScalarTarget = { kind: "delta", l: 2, j: 1 };
          yield { label: `question-relu#${seed} δ(2)_1`, instance, target, mistaken: -s.delta["2"][0] };
        }
      })(),
    );
  });

  it("factor_two: 2(a − y), and 2J or J/2", () => {
    expectDiagnosed(
      "factor_two",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu")) {
          yield { label: `question-relu#${seed} δ(3)_1`, instance, target: { kind: "delta", l: 3, j: 1 }, mistaken: 2 * (s.a["3"][0] - instance.y[0]) };
        }
      })(),
    );
    for (const factor of [2, 0.5]) {
      expectDiagnosed(
        "factor_two",
        (function* () {
          for (const { seed, instance } of variants("tanh-2-2-1")) {
            yield { label: `tanh#${seed} J×${factor}`, instance, target: { kind: "J" }, mistaken: factor * forward(instance).J };
          }
        })(),
      );
    }
  });

  it("derivative_at_activation: g'(a) instead of g'(z) (only differs for sigmoid and tanh)", () => {
    expectDiagnosed(
      "derivative_at_activation",
      (function* () {
        for (const { seed, instance, s } of variants("sigmoid-2-2-1")) {
          const a = s.a["3"][0];
          const d = s.delta["3"][0];
          // ambiguous with: sign flip, factor two, no derivative at all
          const others = [-d, 2 * d, a - instance.y[0]];
          yield { label: `sigmoid#${seed} δ(3)_1`, instance, target: { kind: "delta", l: 3, j: 1 }, mistaken: (a - instance.y[0]) * sigma(a) * (1 - sigma(a)), tolerance: toleranceOf("sigmoid-2-2-1"), others };
        }
      })(),
    );
    expectDiagnosed(
      "derivative_at_activation",
      (function* () {
        for (const { seed, instance, s } of variants("tanh-2-2-1")) {
          for (let j = 1; j <= 2; j++) {
            const a = s.a["2"][j - 1];
            const mistaken = (1 - Math.tanh(a) ** 2) * instance.theta["3"][0][j] * s.delta["3"][0];
            const d = s.delta["2"][j - 1];
            // ambiguous with: sign flip, factor two, no derivative (tanh'(a)/tanh'(z) is near 2 for z ≈ 1.3)
            const others = [-d, 2 * d, backSum(instance, s, 2, j)];
            yield { label: `tanh#${seed} δ(2)_${j}`, instance, target: { kind: "delta", l: 2, j }, mistaken, others };
          }
        }
      })(),
    );
  });

  it("transposed_indices: δ_k·a_j for Θ_jk, and row j of Θ instead of column j when back-propagating", () => {
    expectDiagnosed(
      "transposed_indices",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu")) {
          // ∂J/∂Θ^(3)_12 = δ^(3)_1·a^(2)_2; swapped: δ^(3)_2·a^(2)_1
          yield { label: `question-relu#${seed} Θ(3)_12`, instance, target: { kind: "grad", l: 3, j: 1, k: 2 }, mistaken: s.delta["3"][1] * s.a["2"][0] };
        }
      })(),
    );
    expectDiagnosed(
      "transposed_indices",
      (function* () {
        for (const { seed, instance, s } of variants("softmax-3-3-3")) {
          for (let j = 1; j <= 3; j++) {
            if (s.z["2"][j - 1] <= 0) continue;
            // δ^(2)_j = ReLU'(z_j) Σ_i Θ^(3)_ji δ^(3)_i  (row j instead of column j)
            const row = instance.theta["3"][j - 1];
            const mistaken = s.delta["3"].reduce((sum, d, i) => sum + row[i + 1] * d, 0);
            yield { label: `softmax#${seed} δ(2)_${j}`, instance, target: { kind: "delta", l: 2, j }, mistaken };
          }
        }
      })(),
    );
  });

  it("wrong_input_unit: δ_j times an input other than a_k", () => {
    expectDiagnosed(
      "wrong_input_unit",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu")) {
          for (let j = 1; j <= 3; j++) {
            const d = s.delta["2"][j - 1];
            yield { label: `question-relu#${seed} Θ(2)_${j}1 with x2`, instance, target: { kind: "grad", l: 2, j, k: 1 }, mistaken: d * instance.x[1] };
            yield { label: `question-relu#${seed} Θ(2)_${j}0 with x1`, instance, target: { kind: "grad", l: 2, j, k: 0 }, mistaken: d * instance.x[0] };
          }
        }
      })(),
    );
  });

  it("missing_input_activation: δ_j alone for ∂J/∂Θ_jk", () => {
    expectDiagnosed(
      "missing_input_activation",
      (function* () {
        for (const { seed, instance, s } of variants("question-relu")) {
          yield { label: `question-relu#${seed} Θ(3)_13`, instance, target: { kind: "grad", l: 3, j: 1, k: 3 }, mistaken: s.delta["3"][0] };
          yield { label: `question-relu#${seed} Θ(2)_32`, instance, target: { kind: "grad", l: 2, j: 3, k: 2 }, mistaken: s.delta["2"][2] };
        }
      })(),
    );
  });

  it("forward_no_activation: z instead of a, or J from a forward pass without a hidden activation", () => {
    expectDiagnosed(
      "forward_no_activation",
      (function* () {
        for (const { seed, instance, s } of variants("softmax-3-3-3")) {
          for (let j = 1; j <= 3; j++) yield { label: `softmax#${seed} a(3)_${j}`, instance, target: { kind: "a", l: 3, j }, mistaken: s.z["3"][j - 1] };
        }
      })(),
    );
    expectDiagnosed(
      "forward_no_activation",
      (function* () {
        for (const { seed, instance, s } of variants("sigmoid-2-2-1")) {
          yield { label: `sigmoid#${seed} a(2)_1`, instance, target: { kind: "a", l: 2, j: 1 }, mistaken: s.z["2"][0], tolerance: toleranceOf("sigmoid-2-2-1") };
        }
      })(),
    );
    expectDiagnosed(
      "forward_no_activation",
      (function* () {
        for (const { seed, instance } of variants("question-relu")) {
          yield { label: `question-relu#${seed} J`, instance, target: { kind: "J" }, mistaken: forward(instance, { skipActivationAt: 2 }).J };
        }
      })(),
    );
  });

  it("forward_missing_bias: z or J computed without the bias column", () => {
    expectDiagnosed(
      "forward_missing_bias",
      (function* () {
        for (const { seed, instance } of variants("question-relu")) {
          for (let j = 1; j <= 3; j++) {
            const row = instance.theta["2"][j - 1];
            yield { label: `question-relu#${seed} z(2)_${j}`, instance, target: { kind: "z", l: 2, j }, mistaken: row[1] * instance.x[0] + row[2] * instance.x[1] };
          }
        }
      })(),
    );
    expectDiagnosed(
      "forward_missing_bias",
      (function* () {
        for (const { seed, instance } of variants("deep-4-3-3-2")) {
          yield { label: `deep#${seed} J`, instance, target: { kind: "J" }, mistaken: forward(instance, { omitBias: true }).J };
        }
      })(),
    );
  });

  describe("update mistakes", () => {
    function* updates(preset: string) {
      for (const { seed, instance, s, parts } of variants(preset)) {
        const part = parts.find((p) => p.kind === "update");
        if (!part || part.kind !== "update") throw new Error(`${preset} asks no update`);
        const weight = instance.theta[String(part.l)][part.j - 1][part.k];
        const g = s.grad[String(part.l)][part.j - 1][part.k];
        const alpha = part.alpha!;
        // the three update mistakes coincide when Θ ≈ 2g or α ≈ 1: such cases are ambiguous
        const values = [weight + alpha * g, weight - g, g];
        yield { seed, instance, target: part as ScalarTarget, weight, g, alpha, values };
      }
    }
    for (const preset of ["question-relu", "sigmoid-2-2-1"]) {
      const tolerance = toleranceOf(preset);
      it(`${preset}: update_sign (Θ + αg)`, () => {
        expectDiagnosed(
          "update_sign",
          (function* () {
            for (const u of updates(preset)) yield { label: `${preset}#${u.seed}`, instance: u.instance, target: u.target, mistaken: u.weight + u.alpha * u.g, tolerance, others: u.values.filter((v) => v !== u.weight + u.alpha * u.g) };
          })(),
        );
      });
      it(`${preset}: update_missing_alpha (Θ − g)`, () => {
        expectDiagnosed(
          "update_missing_alpha",
          (function* () {
            for (const u of updates(preset)) yield { label: `${preset}#${u.seed}`, instance: u.instance, target: u.target, mistaken: u.weight - u.g, tolerance, others: u.values.filter((v) => v !== u.weight - u.g) };
          })(),
        );
      });
      it(`${preset}: gradient_instead_of_update (g)`, () => {
        expectDiagnosed(
          "gradient_instead_of_update",
          (function* () {
            for (const u of updates(preset)) yield { label: `${preset}#${u.seed}`, instance: u.instance, target: u.target, mistaken: u.g, tolerance, others: u.values.filter((v) => v !== u.g) };
          })(),
        );
      });
    }
  });

  it("a whole gradient matrix with every sign flipped shares one diagnosis", () => {
    let checked = 0;
    for (const { seed, instance, s, parts } of variants("deep-4-3-3-2", 20)) {
      const target = parts.find(isMatrixTarget)!;
      const truth = s.grad[String(target.l)];
      const grade = gradeMatrix(instance, target, truth.map((row) => row.map((v) => (-v).toPrecision(15))));
      const wrong = grade.cells.flat().filter((c) => c.status !== "correct");
      expect(wrong.length, `deep#${seed}`).toBeGreaterThan(0);
      for (const cell of wrong) expect(cell.diagnosis?.mistake, `deep#${seed}`).toBe("sign_flip");
      expect(grade.diagnosis?.mistake).toBe("sign_flip");
      expect(grade.message).toContain(grade.diagnosis!.message);
      checked++;
    }
    expect(checked).toBe(20);
  });
});

describe("no diagnosis where there is no catalogued mistake", { timeout: HEAVY_TIMEOUT }, () => {
  it("a correct answer is never diagnosed", () => {
    for (const preset of PRESETS) {
      for (const { seed, instance, s, parts } of variants(preset.name, 60)) {
        for (const part of parts) {
          if (isMatrixTarget(part)) continue;
          const truth = scalarValue(instance, s, part as ScalarTarget);
          const grade = gradeScalar(instance, part as ScalarTarget, truth.toPrecision(15), { tolerance: preset.tolerance });
          expect(grade.status, `${preset.name}#${seed}`).toBe("correct");
          expect(grade.diagnosis).toBeUndefined();
        }
      }
    }
  });

  it("a mistake that gives the right value here is not reported (ReLU'(a) = ReLU'(z), a live unit's missing derivative)", () => {
    for (const { seed, instance, s } of variants("question-relu", 60)) {
      for (let j = 1; j <= 3; j++) {
        if (s.z["2"][j - 1] <= 0) continue;
        // a live ReLU unit has g' = 1, so leaving g' out gives the right δ: correct, no diagnosis
        const grade = gradeScalar(instance, { kind: "delta", l: 2, j }, backSum(instance, s, 2, j).toPrecision(15));
        expect(grade.status, `question-relu#${seed}`).toBe("correct");
        expect(grade.diagnosis).toBeUndefined();
      }
    }
  });

  it("a random wrong answer usually gets none", () => {
    const rng = testRng(11);
    let graded = 0;
    let diagnosed = 0;
    for (const preset of PRESETS) {
      for (const { instance, s, parts } of variants(preset.name, 60)) {
        for (const part of parts) {
          if (isMatrixTarget(part)) continue;
          const truth = scalarValue(instance, s, part as ScalarTarget);
          const answer = truth + (rng.next() * 2 - 1) * Math.max(1, 2 * Math.abs(truth));
          if (Math.abs(answer - truth) <= allowed(truth, preset.tolerance)) continue;
          const grade = gradeScalar(instance, part as ScalarTarget, answer.toPrecision(15), { tolerance: preset.tolerance });
          expect(grade.status).toBe("incorrect");
          graded++;
          if (grade.diagnosis) diagnosed++;
        }
      }
    }
    expect(graded).toBeGreaterThan(1500);
    expect(diagnosed / graded).toBeLessThan(0.1);
  });

  it("cross-entropy J has no ½, so 2J is not called a factor-two mistake", () => {
    let checked = 0;
    for (const { seed, instance, s } of variants("softmax-3-3-3", 60)) {
      for (const wrong of [2 * s.J, s.J / 2]) {
        const grade = gradeScalar(instance, { kind: "J" }, wrong.toPrecision(15));
        expect(grade.status, `softmax#${seed}`).toBe("incorrect");
        expect(grade.diagnosis?.mistake, `softmax#${seed}: ${grade.message}`).not.toBe("factor_two");
        expect(grade.message).not.toContain("½");
        checked++;
      }
    }
    expect(checked).toBe(120);
  });
});
