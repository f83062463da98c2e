// Worked solutions: right answer, every step renders in KaTeX, the final number shown is the answer;
// and the network diagram data matches the instance.
import { describe, it, expect } from "vitest";
import katex from "katex";
import { HEAVY_TIMEOUT } from "./oracle";
import {
  describeNetwork,
  explainTarget,
  generateVariant,
  isMatrixTarget,
  matrixValue,
  PRESETS,
  scalarValue,
  solve,
  type Explanation,
  type Instance,
  type MatrixTarget,
  type ScalarTarget,
  type Target,
} from "@/lib/backprop";

/** The app renders with strict: "ignore" (lib/katex.ts); throwOnError catches real LaTeX errors. */
function render(latex: string): string {
  return katex.renderToString(latex, { throwOnError: true, displayMode: true, strict: "ignore" });
}

/** A number as the explanations write it: 0.1234, -3, 1.5\times 10^{-5}. */
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:\\times 10\^\{-?\d+\})?`;

function parseLatexNumber(text: string): { value: number; digits: number } {
  const m = new RegExp(String.raw`^(-?)(\d+(?:\.\d+)?)(?:\\times 10\^\{(-?\d+)\})?$`).exec(text.trim());
  if (!m) throw new Error(`not a number: ${text}`);
  const value = Number(`${m[1]}${m[2]}`) * 10 ** Number(m[3] ?? 0);
  // significant figures: leading zeros never count, an integer's trailing zeros neither
  const digits = (m[2].includes(".") ? m[2].replace(".", "").replace(/^0+/, "") : m[2].replace(/^0+/, "").replace(/0+$/, "")).length;
  return { value, digits };
}

/** Shown to 4 significant figures: within half a unit of the 4th figure. */
function showsValue(shown: number, value: number): boolean {
  if (value === 0) return shown === 0;
  return Math.abs(shown - value) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - 3) * (1 + 1e-9);
}

/**
 * Some result "= n" or "\approx n" in the step (n ends the line, not the start of a product such as
 * "= 0.5\cdot 0.2") shows the value, with "=" exactly when n is the exact value.
 */
function expectStepShows(latex: string, value: number, label: string): void {
  const matches = [...latex.matchAll(new RegExp(String.raw`(=|\\approx)\s*(${NUMBER})(?=\s*(?:$|\\quad|&|\\\\|\\end))`, "g"))];
  const hit = matches.find((m) => showsValue(parseLatexNumber(m[2]).value, value));
  expect(hit, `${label}: ${value} not shown in ${latex}`).toBeDefined();
  const { value: shown, digits } = parseLatexNumber(hit![2]);
  expect(digits).toBeLessThanOrEqual(4);
  const exact = Math.abs(shown - value) <= 1e-12 * Math.max(1, Math.abs(value));
  expect(hit![1], `${label}: relation for ${value} shown as ${shown}`).toBe(exact ? "=" : "\\approx");
}

function expectMatrixShown(latex: string, matrix: number[][], label: string): void {
  const start = latex.lastIndexOf("\\begin{bmatrix}");
  const end = latex.lastIndexOf("\\end{bmatrix}");
  const rows = latex.slice(start + "\\begin{bmatrix}".length, end).split("\\\\").map((row) => row.split("&").map((cell) => parseLatexNumber(cell).value));
  expect(rows.length, label).toBe(matrix.length);
  rows.forEach((row, r) => {
    expect(row.length).toBe(matrix[r].length);
    row.forEach((shown, c) => expect(showsValue(shown, matrix[r][c]), `${label} cell ${r + 1},${c}: ${shown} vs ${matrix[r][c]}`).toBe(true));
  });
}

function expectWellFormed(e: Explanation, label: string): void {
  expect(e.steps.length, label).toBeGreaterThan(0);
  for (const step of e.steps) {
    expect(step.title.trim().length, label).toBeGreaterThan(0);
    expect(step.latex.trim().length, label).toBeGreaterThan(0);
    expect(() => render(step.latex), `${label} / ${step.title}: ${step.latex}`).not.toThrow();
    expect(step.latex).not.toMatch(/\d\.?\d*e[+-]?\d/); // no raw "1.5e+4" exponents in LaTeX
  }
}

/** Check one explanation against the solver: answer, rendering, steps in order, final number. */
function checkExplanation(instance: Instance, target: Target, label: string, alpha?: number): Explanation {
  const e = explainTarget(instance, target, alpha);
  expectWellFormed(e, label);
  const s = solve(instance);
  const L = instance.layers.length;
  const titles = e.steps.map((step) => step.title);
  const last = e.steps[e.steps.length - 1].latex;
  expect(titles[0]).toBe("Input");
  if (isMatrixTarget(target)) {
    const truth = matrixValue(s, target as MatrixTarget);
    expect(e.answer).toEqual(truth);
    expectMatrixShown(last, truth, label);
  } else {
    const truth = scalarValue(instance, s, target as ScalarTarget, alpha);
    expect(e.answer as number, label).toBeCloseTo(truth, 12);
    expectStepShows(last, truth, label);
  }
  // forward pass up to the layer needed, then (for derivatives) the output error and each hidden δ down to the target
  const forwardTo = target.kind === "z" || target.kind === "a" ? target.l : L;
  for (let l = 2; l <= forwardTo; l++) expect(titles).toContain(`Forward pass, layer ${l}`);
  expect(titles).not.toContain(`Forward pass, layer ${forwardTo + 1}`);
  if (target.kind === "delta" || target.kind === "grad" || target.kind === "update") {
    expect(titles).toContain(`Output error δ^(${L})`);
    for (let l = L - 1; l >= 2; l--) {
      if (l >= target.l) expect(titles).toContain(`Back-propagate to layer ${l}`);
      else expect(titles).not.toContain(`Back-propagate to layer ${l}`);
    }
  }
  if (target.kind === "update") {
    const rate = target.alpha ?? alpha ?? 0.1;
    expect(last).toContain("\\alpha");
    expect(last).toContain(`- ${rate}\\cdot`);
  }
  return e;
}

describe("explainTarget", { timeout: HEAVY_TIMEOUT }, () => {
  it.each(PRESETS.map((p) => p.name))("%s: every part of 10 variants", (preset) => {
    for (let seed = 0; seed < 10; seed++) {
      const { instance, parts } = generateVariant(preset, seed);
      parts.forEach((part, i) => checkExplanation(instance, part, `${preset}#${seed} part ${i}`));
    }
  });

  it("explains targets the presets do not ask: inputs, pre-activations, bias gradients, whole matrices", () => {
    for (const preset of PRESETS) {
      const { instance } = generateVariant(preset.name, 3);
      const L = instance.layers.length;
      const targets: Target[] = [
        { kind: "a", l: 1, j: 1 },
        { kind: "z", l: 2, j: 1 },
        { kind: "a", l: L, j: 1 },
        { kind: "grad", l: 2, j: 1, k: 0 },
        { kind: "grad", l: L, j: 1, k: instance.layers[L - 2] },
        { kind: "grad", l: 2 },
        { kind: "update", l: L, j: 1, k: 0, alpha: 0.25 },
      ];
      for (const target of targets) checkExplanation(instance, target, `${preset.name} ${JSON.stringify(target)}`);
    }
  });

  it("custom networks: sigmoid + cross-entropy, softmax + half SSE, leaky ReLU, a single layer", () => {
    const specs = [
      { layers: [2, 2, 2], activations: ["tanh", "sigmoid"], loss: "cross_entropy" },
      { layers: [2, 2, 3], activations: ["leaky_relu", "softmax"], loss: "half_sse", leakySlope: 0.2 },
      { layers: [3, 2], activations: ["softmax"], loss: "cross_entropy" },
      { layers: [2, 3, 2, 2], activations: ["relu", "leaky_relu", "linear"], loss: "half_sse" },
    ] as const;
    for (const spec of specs) {
      for (let seed = 0; seed < 10; seed++) {
        const { instance, parts } = generateVariant(structuredClone(spec) as never, seed);
        parts.forEach((part, i) => checkExplanation(instance, part, `${JSON.stringify(spec)}#${seed} part ${i}`));
      }
    }
  });

  it("uses the learning rate given by the caller when the target has none", () => {
    const { instance } = generateVariant("question-relu", 8);
    const target: Target = { kind: "update", l: 2, j: 1, k: 1 };
    const e = checkExplanation(instance, target, "α = 0.37", 0.37);
    const s = solve(instance);
    expect(e.answer as number).toBeCloseTo(instance.theta["2"][0][1] - 0.37 * s.grad["2"][0][1], 12);
  });

  it("tells the student that a dead ReLU unit passes no error back", () => {
    let dead = 0;
    for (let seed = 0; seed < 40; seed++) {
      const { instance } = generateVariant("question-relu", seed);
      const s = solve(instance);
      const step = explainTarget(instance, { kind: "delta", l: 2, j: 1 }).steps.find((st) => st.title === "Back-propagate to layer 2")!;
      const deadUnits = s.z["2"].filter((z) => z < 0).length;
      expect((step.latex.match(/dead unit passes no error back/g) ?? []).length).toBe(deadUnits);
      dead += deadUnits;
    }
    expect(dead).toBeGreaterThan(0);
  });

  it("writes large and tiny values without raw exponents", () => {
    // z^(2)_1 = 300 + 50·300 = 15300, J = ½·15300² = 117045000, δ^(2)_1 = 15300
    const big: Instance = { layers: [1, 1], activations: ["linear"], loss: "half_sse", theta: { "2": [[300, 50]] }, x: [300], y: [0] };
    const z = checkExplanation(big, { kind: "z", l: 2, j: 1 }, "big z");
    expect(z.steps[z.steps.length - 1].latex).toContain("= 15300");
    const J = checkExplanation(big, { kind: "J" }, "big J");
    expect(J.steps[J.steps.length - 1].latex).toContain("1.17\\times 10^{8}");
    checkExplanation(big, { kind: "grad", l: 2, j: 1, k: 1 }, "big grad");
    // δ = 0.00001·(…) ≈ 3.4e-6
    const tiny: Instance = { layers: [1, 1], activations: ["linear"], loss: "half_sse", theta: { "2": [[0.00001, 0.0000234]] }, x: [1], y: [0] };
    checkExplanation(tiny, { kind: "delta", l: 2, j: 1 }, "tiny δ");
    checkExplanation(tiny, { kind: "grad", l: 2 }, "tiny matrix");
  });
});

describe("describeNetwork", { timeout: HEAVY_TIMEOUT }, () => {
  function checkDiagram(instance: Instance, label: string): void {
    const d = describeNetwork(instance);
    const { layers, theta } = instance;
    const L = layers.length;
    const units = layers.reduce((sum, n) => sum + n, 0);
    expect(d.nodes.length, label).toBe(units + (L - 1));
    expect(new Set(d.nodes.map((n) => n.id)).size).toBe(d.nodes.length);

    for (let l = 1; l <= L; l++) {
      const inLayer = d.nodes.filter((n) => n.layer === l);
      const bias = inLayer.filter((n) => n.bias);
      expect(bias.length, `${label} layer ${l} bias`).toBe(l < L ? 1 : 0);
      if (l < L) expect(bias[0]).toMatchObject({ unit: 0, label: "+1" });
      const plain = inLayer.filter((n) => !n.bias).map((n) => n.unit).sort((a, b) => a - b);
      expect(plain).toEqual(Array.from({ length: layers[l - 1] }, (_, i) => i + 1));
      for (const n of inLayer) {
        expect(n.activation).toBe(l === 1 || n.bias ? undefined : instance.activations[l - 2]);
        expect(n.x).toBeGreaterThanOrEqual(0);
        expect(n.x).toBeLessThanOrEqual(d.width);
        expect(n.y).toBeGreaterThanOrEqual(0);
        expect(n.y).toBeLessThanOrEqual(d.height);
        if (l > 1) expect(n.x).toBeGreaterThan(d.nodes.find((m) => m.layer === l - 1)!.x);
      }
    }

    const expectedEdges = layers.slice(1).reduce((sum, n, i) => sum + n * (layers[i] + 1), 0);
    expect(d.edges.length, label).toBe(expectedEdges);
    const byId = new Map(d.nodes.map((n) => [n.id, n]));
    const seen = new Set<string>();
    for (const e of d.edges) {
      expect(e.weight).toBe(theta[String(e.l)][e.j - 1][e.k]);
      const from = byId.get(e.from)!;
      const to = byId.get(e.to)!;
      expect(from).toMatchObject({ layer: e.l - 1, unit: e.k, bias: e.k === 0 });
      expect(to).toMatchObject({ layer: e.l, unit: e.j, bias: false });
      seen.add(`${e.l}:${e.j}:${e.k}`);
    }
    expect(seen.size).toBe(expectedEdges);
  }

  it("has every unit, a bias on all but the output layer, and one edge per weight carrying Θ", () => {
    for (const preset of PRESETS) {
      for (let seed = 0; seed < 5; seed++) checkDiagram(generateVariant(preset.name, seed).instance, `${preset.name}#${seed}`);
    }
    checkDiagram(generateVariant({ layers: [3, 1], activations: ["sigmoid"], loss: "half_sse" }, 1).instance, "3-1");
    checkDiagram(generateVariant({ layers: [1, 4, 2, 3, 1], activations: ["tanh", "relu", "leaky_relu", "linear"], loss: "half_sse" }, 1).instance, "1-4-2-3-1");
  });

  it("draws the question's 2-3-2 network: 9 nodes, 17 edges", () => {
    const { instance } = generateVariant("question-relu", 0);
    const d = describeNetwork(instance);
    // units 2 + 3 + 2, bias units on layers 1 and 2; weights 3·(2+1) + 2·(3+1)
    expect(d.nodes).toHaveLength(9);
    expect(d.edges).toHaveLength(17);
    expect(d.nodes.filter((n) => n.layer === 1 && !n.bias).map((n) => n.label)).toEqual(["x₁", "x₂"]);
  });
});
