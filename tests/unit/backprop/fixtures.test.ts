// Hand-computed fixtures: the arithmetic is written out in the comments, the solver must reproduce it.
import { describe, it, expect } from "vitest";
import { gradeScalar, scalarValue, solve, validateInstance, type Instance, type ScalarTarget } from "@/lib/backprop";

const PLACES = 10;

function expectVector(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((v, i) => expect(actual[i], `entry ${i + 1}`).toBeCloseTo(v, PLACES));
}

function expectMatrix(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((row, r) => {
    expect(actual[r]).toHaveLength(row.length);
    row.forEach((v, c) => expect(actual[r][c], `row ${r + 1} column ${c}`).toBeCloseTo(v, PLACES));
  });
}

describe("the question's 2-3-2 network: ReLU hidden layer, linear output, J = ½Σ(a − y)²", () => {
  // x = (0.5, −0.4), y = (0.3, 0.2)
  // Θ^(2) (rows: hidden units 1..3; columns: bias, x1, x2)   Θ^(3) (rows: outputs 1..2; columns: bias, a1, a2, a3)
  //   [ 0.1   0.6  −0.5 ]                                     [ 0.2   0.5  −0.3   0.1 ]
  //   [−0.2   0.4   0.5 ]                                     [−0.1  −0.4   0.7  −0.6 ]
  //   [ 0.3  −0.2  −0.5 ]
  const instance: Instance = {
    layers: [2, 3, 2],
    activations: ["relu", "linear"],
    loss: "half_sse",
    theta: {
      "2": [
        [0.1, 0.6, -0.5],
        [-0.2, 0.4, 0.5],
        [0.3, -0.2, -0.5],
      ],
      "3": [
        [0.2, 0.5, -0.3, 0.1],
        [-0.1, -0.4, 0.7, -0.6],
      ],
    },
    x: [0.5, -0.4],
    y: [0.3, 0.2],
  };
  const s = solve(instance);

  it("is a valid instance", () => {
    expect(validateInstance(instance)).toEqual(instance);
  });

  it("forward pass: z^(2), a^(2) (unit 2 is dead), z^(3) = a^(3)", () => {
    // z^(2)_1 = 0.1 + 0.6·0.5 + (−0.5)(−0.4) = 0.1 + 0.3 + 0.2 = 0.6    → a = 0.6
    // z^(2)_2 = −0.2 + 0.4·0.5 + 0.5·(−0.4) = −0.2 + 0.2 − 0.2 = −0.2    → a = ReLU(−0.2) = 0 (dead)
    // z^(2)_3 = 0.3 + (−0.2)(0.5) + (−0.5)(−0.4) = 0.3 − 0.1 + 0.2 = 0.4 → a = 0.4
    expectVector(s.a["1"], [0.5, -0.4]);
    expectVector(s.z["2"], [0.6, -0.2, 0.4]);
    expectVector(s.a["2"], [0.6, 0, 0.4]);
    // z^(3)_1 = 0.2 + 0.5·0.6 + (−0.3)·0 + 0.1·0.4 = 0.2 + 0.3 + 0 + 0.04 = 0.54
    // z^(3)_2 = −0.1 + (−0.4)(0.6) + 0.7·0 + (−0.6)(0.4) = −0.1 − 0.24 + 0 − 0.24 = −0.58
    expectVector(s.z["3"], [0.54, -0.58]);
    expectVector(s.a["3"], [0.54, -0.58]);
  });

  it("cost J", () => {
    // J = ½[(0.54 − 0.3)² + (−0.58 − 0.2)²] = ½[0.24² + 0.78²] = ½[0.0576 + 0.6084] = ½·0.666 = 0.333
    expect(s.J).toBeCloseTo(0.333, PLACES);
  });

  it("δ^(3) = a^(3) − y (linear output: g' = 1)", () => {
    // δ^(3)_1 = 0.54 − 0.3 = 0.24;  δ^(3)_2 = −0.58 − 0.2 = −0.78
    expectVector(s.delta["3"], [0.24, -0.78]);
  });

  it("δ^(2)_j = ReLU'(z^(2)_j) Σ_i Θ^(3)_ij δ^(3)_i: the dead unit passes nothing back", () => {
    // δ^(2)_1 = 1 · [0.5·0.24 + (−0.4)(−0.78)] = 0.12 + 0.312 = 0.432
    // δ^(2)_2 = 0 · [(−0.3)(0.24) + 0.7·(−0.78)] = 0 · (−0.072 − 0.546) = 0 · (−0.618) = 0
    // δ^(2)_3 = 1 · [0.1·0.24 + (−0.6)(−0.78)] = 0.024 + 0.468 = 0.492
    expectVector(s.delta["2"], [0.432, 0, 0.492]);
  });

  it("∂J/∂Θ^(3)_ij = δ^(3)_i · a^(2)_j with a^(2)_0 = 1", () => {
    // row 1: 0.24·[1, 0.6, 0, 0.4]  = [0.24, 0.144, 0, 0.096]
    // row 2: −0.78·[1, 0.6, 0, 0.4] = [−0.78, −0.468, 0, −0.312]
    expectMatrix(s.grad["3"], [
      [0.24, 0.144, 0, 0.096],
      [-0.78, -0.468, 0, -0.312],
    ]);
  });

  it("∂J/∂Θ^(2)_jk = δ^(2)_j · x_k with x_0 = 1: the dead unit's weights get no gradient", () => {
    // row 1: 0.432·[1, 0.5, −0.4] = [0.432, 0.216, −0.1728]
    // row 2: 0·[1, 0.5, −0.4]     = [0, 0, 0]
    // row 3: 0.492·[1, 0.5, −0.4] = [0.492, 0.246, −0.1968]
    expectMatrix(s.grad["2"], [
      [0.432, 0.216, -0.1728],
      [0, 0, 0],
      [0.492, 0.246, -0.1968],
    ]);
  });

  it("one gradient-descent step with α = 0.1, every weight", () => {
    // Θ^(2) − 0.1·∂J/∂Θ^(2):
    //   [0.1 − 0.0432, 0.6 − 0.0216, −0.5 + 0.01728] = [0.0568, 0.5784, −0.48272]
    //   [−0.2, 0.4, 0.5] unchanged (dead unit)
    //   [0.3 − 0.0492, −0.2 − 0.0246, −0.5 + 0.01968] = [0.2508, −0.2246, −0.48032]
    // Θ^(3) − 0.1·∂J/∂Θ^(3):
    //   [0.2 − 0.024, 0.5 − 0.0144, −0.3 − 0, 0.1 − 0.0096]      = [0.176, 0.4856, −0.3, 0.0904]
    //   [−0.1 + 0.078, −0.4 + 0.0468, 0.7 + 0, −0.6 + 0.0312]   = [−0.022, −0.3532, 0.7, −0.5688]
    const updated: Record<string, number[][]> = {
      "2": [
        [0.0568, 0.5784, -0.48272],
        [-0.2, 0.4, 0.5],
        [0.2508, -0.2246, -0.48032],
      ],
      "3": [
        [0.176, 0.4856, -0.3, 0.0904],
        [-0.022, -0.3532, 0.7, -0.5688],
      ],
    };
    for (const [l, rows] of Object.entries(updated)) {
      rows.forEach((row, r) =>
        row.forEach((v, k) => {
          const target: ScalarTarget = { kind: "update", l: Number(l), j: r + 1, k, alpha: 0.1 };
          expect(scalarValue(instance, s, target), `Θ(${l})_${r + 1}${k}`).toBeCloseTo(v, PLACES);
          // α given by the grader instead of the target
          expect(scalarValue(instance, s, { kind: "update", l: Number(l), j: r + 1, k }, 0.1)).toBeCloseTo(v, PLACES);
        }),
      );
    }
  });

  it("grades the hand-computed values as correct", () => {
    const cases: [ScalarTarget, string][] = [
      [{ kind: "J" }, "0.333"],
      [{ kind: "z", l: 2, j: 2 }, "-0.2"],
      [{ kind: "a", l: 2, j: 2 }, "0"],
      [{ kind: "delta", l: 3, j: 2 }, "-0.78"],
      [{ kind: "delta", l: 2, j: 2 }, "0"],
      [{ kind: "delta", l: 2, j: 3 }, "0.492"],
      [{ kind: "grad", l: 2, j: 1, k: 2 }, "-0.1728"],
      [{ kind: "grad", l: 3, j: 2, k: 1 }, "-0.468"],
      [{ kind: "update", l: 2, j: 1, k: 1, alpha: 0.1 }, "0.5784"],
    ];
    for (const [target, answer] of cases) {
      const grade = gradeScalar(instance, target, answer, { tolerance: { mode: "relabs", rtol: 1e-9, atol: 1e-12 } });
      expect(grade.status, JSON.stringify(target)).toBe("correct");
      expect(grade.score).toBe(1);
    }
  });
});

describe("sigmoid 2-2-1 network, J = ½(a − y)²", () => {
  // x = (0.5, 0.8), y = 0.9
  // Θ^(2) = [[0.1, 0.4, −0.2], [−0.3, 0.2, 0.6]],  Θ^(3) = [[0.2, −0.5, 0.7]]
  const instance: Instance = {
    layers: [2, 2, 1],
    activations: ["sigmoid", "sigmoid"],
    loss: "half_sse",
    theta: {
      "2": [
        [0.1, 0.4, -0.2],
        [-0.3, 0.2, 0.6],
      ],
      "3": [[0.2, -0.5, 0.7]],
    },
    x: [0.5, 0.8],
    y: [0.9],
  };
  const s = solve(instance);
  const sigma = (v: number) => 1 / (1 + Math.exp(-v));

  // z^(2)_1 = 0.1 + 0.4·0.5 + (−0.2)(0.8) = 0.1 + 0.2 − 0.16 = 0.14
  // z^(2)_2 = −0.3 + 0.2·0.5 + 0.6·0.8 = −0.3 + 0.1 + 0.48 = 0.28
  const a21 = sigma(0.14); // ≈ 0.534943
  const a22 = sigma(0.28); // ≈ 0.569546
  // z^(3) = 0.2 + (−0.5)·a21 + 0.7·a22 ≈ 0.2 − 0.267471 + 0.398682 ≈ 0.331211
  const z3 = 0.2 - 0.5 * a21 + 0.7 * a22;
  const a3 = sigma(z3); // ≈ 0.582054
  // J = ½(a3 − 0.9)² ≈ ½(−0.317946)² ≈ 0.050545
  const J = 0.5 * (a3 - 0.9) ** 2;
  // δ^(3) = (a3 − y)·a3(1 − a3) ≈ −0.317946 · 0.243267 ≈ −0.077346
  const d3 = (a3 - 0.9) * a3 * (1 - a3);
  // δ^(2)_1 = a21(1 − a21)·(−0.5)·δ^(3) ≈ 0.248779 · 0.038673 ≈ 0.009621
  // δ^(2)_2 = a22(1 − a22)·0.7·δ^(3)    ≈ 0.245163 · (−0.054142) ≈ −0.013274
  const d21 = a21 * (1 - a21) * -0.5 * d3;
  const d22 = a22 * (1 - a22) * 0.7 * d3;

  it("matches the hand computation", () => {
    expectVector(s.z["2"], [0.14, 0.28]);
    expectVector(s.a["2"], [a21, a22]);
    expectVector(s.z["3"], [z3]);
    expectVector(s.a["3"], [a3]);
    expect(s.J).toBeCloseTo(J, PLACES);
    expectVector(s.delta["3"], [d3]);
    expectVector(s.delta["2"], [d21, d22]);
    // ∂J/∂Θ^(3) = δ^(3)·[1, a21, a22] ≈ [−0.077346, −0.041376, −0.044052]
    expectMatrix(s.grad["3"], [[d3, d3 * a21, d3 * a22]]);
    // ∂J/∂Θ^(2)_jk = δ^(2)_j·[1, 0.5, 0.8]
    expectMatrix(s.grad["2"], [
      [d21, d21 * 0.5, d21 * 0.8],
      [d22, d22 * 0.5, d22 * 0.8],
    ]);
    // Θ^(2)_21 after a step with α = 0.5: 0.2 − 0.5·(δ^(2)_2·0.5) ≈ 0.2 + 0.003318 ≈ 0.203318
    expect(scalarValue(instance, s, { kind: "update", l: 2, j: 2, k: 1, alpha: 0.5 })).toBeCloseTo(0.2 - 0.5 * d22 * 0.5, PLACES);
  });

  it("agrees with the rounded values written in the comments", () => {
    expect(s.a["3"][0]).toBeCloseTo(0.582054, 6);
    expect(s.J).toBeCloseTo(0.050545, 6);
    expect(s.delta["3"][0]).toBeCloseTo(-0.077346, 6);
    expect(s.delta["2"][0]).toBeCloseTo(0.009621, 6);
    expect(s.delta["2"][1]).toBeCloseTo(-0.013274, 6);
    expect(scalarValue(instance, s, { kind: "update", l: 2, j: 2, k: 1, alpha: 0.5 })).toBeCloseTo(0.203318, 6);
  });
});

describe("2-2-3 network: ReLU hidden layer, softmax output, cross-entropy", () => {
  // x = (1.0, −0.5), y = (0, 1, 0)
  // Θ^(2) = [[0.2, 0.3, −0.4], [0.1, −0.6, 0.2]]
  // Θ^(3) = [[0.1, 1.0, 0.5], [−0.2, 0.3, −0.4], [0.3, −0.6, 0.9]]
  const instance: Instance = {
    layers: [2, 2, 3],
    activations: ["relu", "softmax"],
    loss: "cross_entropy",
    theta: {
      "2": [
        [0.2, 0.3, -0.4],
        [0.1, -0.6, 0.2],
      ],
      "3": [
        [0.1, 1.0, 0.5],
        [-0.2, 0.3, -0.4],
        [0.3, -0.6, 0.9],
      ],
    },
    x: [1.0, -0.5],
    y: [0, 1, 0],
  };
  const s = solve(instance);

  // z^(2)_1 = 0.2 + 0.3·1 + (−0.4)(−0.5) = 0.2 + 0.3 + 0.2 = 0.7  → a = 0.7
  // z^(2)_2 = 0.1 + (−0.6)·1 + 0.2·(−0.5) = 0.1 − 0.6 − 0.1 = −0.6 → a = 0 (dead)
  // z^(3)_1 = 0.1 + 1.0·0.7 + 0.5·0 = 0.8
  // z^(3)_2 = −0.2 + 0.3·0.7 + (−0.4)·0 = −0.2 + 0.21 = 0.01
  // z^(3)_3 = 0.3 + (−0.6)·0.7 + 0.9·0 = 0.3 − 0.42 = −0.12
  const e = [Math.exp(0.8), Math.exp(0.01), Math.exp(-0.12)]; // ≈ [2.225541, 1.010050, 0.886920]
  const total = e[0] + e[1] + e[2]; // ≈ 4.122512
  const a3 = e.map((v) => v / total); // ≈ [0.539851, 0.245008, 0.215141]
  // J = −Σ y_i ln a_i = −ln a_2 ≈ 1.406463
  // δ^(3) = a − y ≈ [0.539851, −0.754992, 0.215141]
  const d3 = [a3[0], a3[1] - 1, a3[2]];
  // δ^(2)_1 = 1·[1.0·δ_1 + 0.3·δ_2 + (−0.6)·δ_3] ≈ 0.539851 − 0.226497 − 0.129084 ≈ 0.184269
  // δ^(2)_2 = 0 (dead)
  const d21 = 1.0 * d3[0] + 0.3 * d3[1] - 0.6 * d3[2];

  it("matches the hand computation", () => {
    expectVector(s.z["2"], [0.7, -0.6]);
    expectVector(s.a["2"], [0.7, 0]);
    expectVector(s.z["3"], [0.8, 0.01, -0.12]);
    expectVector(s.a["3"], a3);
    expect(s.J).toBeCloseTo(-Math.log(a3[1]), PLACES);
    expectVector(s.delta["3"], d3);
    expectVector(s.delta["2"], [d21, 0]);
    // ∂J/∂Θ^(3)_ij = δ^(3)_i·[1, 0.7, 0]
    expectMatrix(
      s.grad["3"],
      d3.map((d) => [d, d * 0.7, 0]),
    );
    // ∂J/∂Θ^(2) = [δ^(2)_1·[1, 1.0, −0.5]; 0]
    expectMatrix(s.grad["2"], [
      [d21, d21, -0.5 * d21],
      [0, 0, 0],
    ]);
  });

  it("agrees with the rounded values written in the comments", () => {
    expect(s.a["3"][1]).toBeCloseTo(0.245008, 6);
    expect(s.J).toBeCloseTo(1.406463, 6);
    expect(s.delta["3"][1]).toBeCloseTo(-0.754992, 6);
    expect(s.delta["2"][0]).toBeCloseTo(0.184269, 6);
  });
});
