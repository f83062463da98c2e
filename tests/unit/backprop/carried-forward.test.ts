// Error carried forward: a later part done right from the student's own wrong earlier answer is recognised.
import { describe, it, expect } from "vitest";
import {
  generateVariant,
  gradeMatrix,
  gradeScalar,
  solve,
  type EarlierPart,
  type Instance,
  type ScalarTarget,
  type Solution,
  type Target,
} from "@/lib/backprop";
import { HEAVY_TIMEOUT } from "./oracle";

const CREDIT = 0.5;
const text = (v: number) => v.toPrecision(15);
const allowed = (truth: number) => 0.001 + 0.01 * Math.abs(truth);
/** Clearly different for the default tolerance. */
const differs = (a: number, b: number) => Math.abs(a - b) > 3 * allowed(b);

interface QuestionVariant {
  seed: number;
  instance: Instance;
  s: Solution;
  /** [J, δ(3)_i, ∂J/∂Θ(3)_ij, δ(2)_m, ∂J/∂Θ(2)_mk, Θ(2)_mk after a step] */
  parts: Target[];
  i: number;
  j: number;
  m: number;
  k: number;
  alpha: number;
}

function* questionVariants(count = 300): Generator<QuestionVariant> {
  for (let seed = 0; seed < count; seed++) {
    const { instance, parts } = generateVariant("question-relu", seed);
    const [, d3, g3, d2, g2, update] = parts as [Target, ...ScalarTarget[]];
    if (d3.kind !== "delta" || g3.kind !== "grad" || d2.kind !== "delta" || g2.kind !== "grad" || update.kind !== "update") {
      throw new Error(`unexpected parts ${JSON.stringify(parts)}`);
    }
    // the question's chain: the gradient parts use the unit of the δ part before them
    expect(g3.j).toBe(d3.j);
    expect(g2.j).toBe(d2.j);
    expect([update.l, update.j, update.k]).toEqual([g2.l, g2.j, g2.k]);
    yield { seed, instance, s: solve(instance), parts, i: d3.j, j: g3.k, m: d2.j, k: g2.k, alpha: update.alpha! };
  }
}

/** Wrong values a student might hold: the sign flipped, or simply a different number. */
const wrongDeltas = (d: number) => [-d, 1.5 * d + 0.2];

describe("carried forward from a wrong δ^(3)", { timeout: HEAVY_TIMEOUT }, () => {
  it("∂J/∂Θ^(3)_ij = (wrong δ^(3)_i)·a^(2)_j is carried forward, credited, and not diagnosed", () => {
    let found = 0;
    for (const v of questionVariants()) {
      const truth = v.s.grad["3"][v.i - 1][v.j];
      for (const wrong of wrongDeltas(v.s.delta["3"][v.i - 1])) {
        const fromWrong = wrong * v.s.a["2"][v.j - 1];
        if (!differs(wrong, v.s.delta["3"][v.i - 1]) || !differs(fromWrong, truth)) continue;
        const earlier: EarlierPart[] = [{ target: v.parts[1], answer: text(wrong) }];
        const grade = gradeScalar(v.instance, v.parts[2] as ScalarTarget, text(fromWrong), { earlier, carriedForwardCredit: CREDIT });
        expect(grade.status, `seed ${v.seed}`).toBe("incorrect");
        expect(grade.expected).toBe(truth);
        expect(grade.carriedForward?.fromParts).toEqual([0]);
        expect(grade.carriedForward?.expected).toBeCloseTo(fromWrong, 12);
        expect(grade.carriedForward?.message).toContain("part 1");
        expect(grade.message).toBe(grade.carriedForward?.message);
        expect(grade.score).toBe(CREDIT);
        expect(grade.diagnosis).toBeUndefined();
        expect(grade.nearMiss).toBeUndefined();

        // without a credit option, the same answer is still recognised but scores 0
        const unpaid = gradeScalar(v.instance, v.parts[2] as ScalarTarget, text(fromWrong), { earlier });
        expect(unpaid.carriedForward).toBeDefined();
        expect(unpaid.score).toBe(0);
        found++;
      }
    }
    expect(found).toBeGreaterThan(200);
  });

  it("an answer wrong in a different way is not carried forward", () => {
    let checked = 0;
    for (const v of questionVariants(100)) {
      const truth = v.s.grad["3"][v.i - 1][v.j];
      const wrong = 1.5 * v.s.delta["3"][v.i - 1] + 0.2;
      const fromWrong = wrong * v.s.a["2"][v.j - 1];
      const otherwise = fromWrong * 1.3 + 0.05;
      if (!differs(otherwise, fromWrong) || !differs(otherwise, truth)) continue;
      const earlier: EarlierPart[] = [{ target: v.parts[1], answer: text(wrong) }];
      const grade = gradeScalar(v.instance, v.parts[2] as ScalarTarget, text(otherwise), { earlier, carriedForwardCredit: CREDIT });
      expect(grade.status, `seed ${v.seed}`).toBe("incorrect");
      expect(grade.carriedForward).toBeUndefined();
      expect(grade.score).toBe(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
  });

  it("the right answer stays right whatever the earlier parts were", () => {
    for (const v of questionVariants(50)) {
      const earlier: EarlierPart[] = [{ target: v.parts[1], answer: text(-v.s.delta["3"][v.i - 1]) }];
      const grade = gradeScalar(v.instance, v.parts[2] as ScalarTarget, text(v.s.grad["3"][v.i - 1][v.j]), { earlier, carriedForwardCredit: CREDIT });
      expect(grade.status).toBe("correct");
      expect(grade.score).toBe(1);
      expect(grade.carriedForward).toBeUndefined();
    }
  });

  it("a correct or unreadable earlier answer carries nothing forward", () => {
    for (const v of questionVariants(50)) {
      const d = v.s.delta["3"][v.i - 1];
      const wrong = -d;
      const fromWrong = wrong * v.s.a["2"][v.j - 1];
      if (!differs(fromWrong, v.s.grad["3"][v.i - 1][v.j])) continue;
      for (const answer of [text(d), (d * 1.004).toPrecision(15), "abc", ""]) {
        const grade = gradeScalar(v.instance, v.parts[2] as ScalarTarget, text(fromWrong), {
          earlier: [{ target: v.parts[1], answer }],
          carriedForwardCredit: CREDIT,
        });
        expect(grade.carriedForward, `seed ${v.seed} earlier "${answer}"`).toBeUndefined();
        expect(grade.score).toBe(0);
      }
    }
  });

  it("δ^(2)_m back-propagated from the wrong δ^(3) is carried forward", () => {
    let found = 0;
    for (const v of questionVariants()) {
      const delta3 = v.s.delta["3"].slice();
      const wrong = 1.5 * delta3[v.i - 1] + 0.2;
      delta3[v.i - 1] = wrong;
      // unit m is alive (ReLU' = 1): δ^(2)_m = Σ_r Θ^(3)_rm δ'^(3)_r
      expect(v.s.z["2"][v.m - 1]).toBeGreaterThan(0);
      const fromWrong = v.instance.theta["3"].reduce((sum, row, r) => sum + row[v.m] * delta3[r], 0);
      if (!differs(fromWrong, v.s.delta["2"][v.m - 1])) continue;
      const grade = gradeScalar(v.instance, v.parts[3] as ScalarTarget, text(fromWrong), {
        earlier: [{ target: v.parts[1], answer: text(wrong) }],
        carriedForwardCredit: CREDIT,
      });
      expect(grade.carriedForward?.fromParts, `seed ${v.seed}`).toEqual([0]);
      expect(grade.carriedForward?.expected).toBeCloseTo(fromWrong, 12);
      expect(grade.score).toBe(CREDIT);
      found++;
    }
    expect(found).toBeGreaterThan(200);
  });

  it("a chain of two wrong parts: ∂J/∂Θ^(2)_mk from the student's own δ^(2)_m", () => {
    let found = 0;
    for (const v of questionVariants()) {
      const wrong3 = 1.5 * v.s.delta["3"][v.i - 1] + 0.2;
      const delta3 = v.s.delta["3"].map((d, r) => (r === v.i - 1 ? wrong3 : d));
      const wrong2 = v.instance.theta["3"].reduce((sum, row, r) => sum + row[v.m] * delta3[r], 0);
      const fromWrong = wrong2 * v.instance.x[v.k - 1];
      if (!differs(wrong2, v.s.delta["2"][v.m - 1]) || !differs(fromWrong, v.s.grad["2"][v.m - 1][v.k])) continue;
      const earlier: EarlierPart[] = [
        { target: v.parts[1], answer: text(wrong3) },
        { target: v.parts[3], answer: text(wrong2) },
      ];
      const grade = gradeScalar(v.instance, v.parts[4] as ScalarTarget, text(fromWrong), { earlier, carriedForwardCredit: CREDIT });
      expect(grade.carriedForward?.fromParts, `seed ${v.seed}`).toEqual([0, 1]);
      expect(grade.carriedForward?.message).toContain("part 1, part 2");
      expect(grade.score).toBe(CREDIT);
      found++;
    }
    expect(found).toBeGreaterThan(200);
  });
});

describe("carried forward into an update", { timeout: HEAVY_TIMEOUT }, () => {
  it("Θ − α·(wrong gradient) is carried forward", () => {
    let found = 0;
    for (const v of questionVariants()) {
      const g = v.s.grad["2"][v.m - 1][v.k];
      const weight = v.instance.theta["2"][v.m - 1][v.k];
      for (const wrong of [-g, 2 * g + 0.3]) {
        const fromWrong = weight - v.alpha * wrong;
        if (!differs(wrong, g) || !differs(fromWrong, weight - v.alpha * g)) continue;
        const grade = gradeScalar(v.instance, v.parts[5] as ScalarTarget, text(fromWrong), {
          earlier: [{ target: v.parts[4], answer: text(wrong) }],
          carriedForwardCredit: CREDIT,
        });
        expect(grade.carriedForward?.fromParts, `seed ${v.seed}`).toEqual([0]);
        expect(grade.carriedForward?.expected).toBeCloseTo(fromWrong, 12);
        expect(grade.score).toBe(CREDIT);
        expect(grade.diagnosis).toBeUndefined();
        found++;
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  it("an update from a wrong whole gradient matrix (one wrong cell) is carried forward", () => {
    let found = 0;
    for (let seed = 0; seed < 100; seed++) {
      const { instance } = generateVariant("deep-4-3-3-2", seed);
      const s = solve(instance);
      const truth = s.grad["4"];
      const matrix = truth.map((row) => row.map(text));
      const wrongCell = truth[0][2] + 0.25;
      matrix[0][2] = text(wrongCell);
      const target: ScalarTarget = { kind: "update", l: 4, j: 1, k: 2, alpha: 0.1 };
      const fromWrong = instance.theta["4"][0][2] - 0.1 * wrongCell;
      const grade = gradeScalar(instance, target, text(fromWrong), {
        earlier: [{ target: { kind: "grad", l: 4 }, answer: matrix }],
        carriedForwardCredit: CREDIT,
      });
      expect(grade.carriedForward?.fromParts, `seed ${seed}`).toEqual([0]);
      expect(grade.score).toBe(CREDIT);
      found++;
    }
    expect(found).toBe(100);
  });
});

describe("carried forward in a whole-matrix answer", { timeout: HEAVY_TIMEOUT }, () => {
  it("row i of ∂J/∂Θ^(3) built from a wrong δ^(3)_i is recognised cell by cell", () => {
    let checked = 0;
    for (const v of questionVariants(100)) {
      const wrong = 1.5 * v.s.delta["3"][v.i - 1] + 0.2;
      const a = [1, ...v.s.a["2"]];
      const answer = v.s.grad["3"].map((row, r) => row.map((g, c) => text(r === v.i - 1 ? wrong * a[c] : g)));
      const grade = gradeMatrix(v.instance, { kind: "grad", l: 3 }, answer, { earlier: [{ target: v.parts[1], answer: text(wrong) }] });
      grade.cells.forEach((row, r) =>
        row.forEach((cell, c) => {
          // outside the tolerance, so graded wrong — but consistent with the wrong δ
          const changed = r === v.i - 1 && Math.abs(wrong * a[c] - v.s.grad["3"][r][c]) > allowed(v.s.grad["3"][r][c]);
          expect(cell.status, `seed ${v.seed} cell ${r + 1},${c}`).toBe(changed ? "incorrect" : "correct");
          if (changed) expect(cell.message).toContain("Consistent with your earlier answer");
        }),
      );
      const correct = grade.cells.flat().filter((cell) => cell.status === "correct").length;
      expect(grade.score).toBeCloseTo(correct / 8, 12);
      // with a carried-forward credit, each carried cell earns it
      const credited = gradeMatrix(v.instance, { kind: "grad", l: 3 }, answer, { earlier: [{ target: v.parts[1], answer: text(wrong) }], carriedForwardCredit: CREDIT });
      const carried = credited.cells.flat().filter((cell) => cell.carriedForward).length;
      expect(carried).toBe(8 - correct);
      expect(credited.score).toBeCloseTo((correct + CREDIT * carried) / 8, 12);
      checked++;
    }
    expect(checked).toBe(100);
  });
});

describe("which earlier parts a carried-forward error names", { timeout: HEAVY_TIMEOUT }, () => {
  it("names only the wrong parts the answer depends on, not an unrelated wrong J", () => {
    let checked = 0;
    for (const v of questionVariants(100)) {
      const wrongJ = v.s.J * 3 + 1;
      const wrongDelta = -v.s.delta["3"][v.i - 1];
      const fromWrong = wrongDelta * v.s.a["2"][v.j - 1];
      if (!differs(fromWrong, v.s.grad["3"][v.i - 1][v.j])) continue;
      const earlier: EarlierPart[] = [
        { target: v.parts[0], answer: text(wrongJ) },
        { target: v.parts[1], answer: text(wrongDelta) },
      ];
      const grade = gradeScalar(v.instance, v.parts[2] as ScalarTarget, text(fromWrong), { earlier, carriedForwardCredit: CREDIT });
      expect(grade.carriedForward?.fromParts, `seed ${v.seed}`).toEqual([1]);
      expect(grade.message).toContain("(part 2)");
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
