// The solver against an independent oracle: the oracle's own forward pass and J, and centred finite
// differences of that J for every ∂J/∂Θ entry and every δ = ∂J/∂z (perturbing z directly).
import { describe, it, expect } from "vitest";
import { generateVariant, PRESETS, solve, type Instance, type NetworkSpec } from "@/lib/backprop";
import {
  derivativesAgree,
  forward,
  hasKink,
  HEAVY_TIMEOUT,
  MAX_RELATIVE_ERROR,
  numericDelta,
  numericGrad,
  relativeError,
  testRng,
  type OracleInstance,
} from "./oracle";

/** Derivative checks are skipped where a perturbation could cross a ReLU kink. */
const KINK_SKIP = 1e-4;

interface Report {
  checked: number;
  skipped: number;
  /** entries that agree only within the float64 roundoff floor, not the relative error */
  floorOnly: number;
  failures: string[];
}

const newReport = (): Report => ({ checked: 0, skipped: 0, floorOnly: 0, failures: [] });

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

/** A perturbation of z^(l)_j (or of a weight feeding it) moves z^(l)_j and every later layer. */
function nearKinkFrom(instance: OracleInstance, z: number[][], l: number, j: number): boolean {
  const L = instance.layers.length;
  if (hasKink(instance.activations[l - 2]) && Math.abs(z[l][j - 1]) < KINK_SKIP) return true;
  for (let m = l + 1; m <= L; m++) {
    if (hasKink(instance.activations[m - 2]) && z[m].some((v) => Math.abs(v) < KINK_SKIP)) return true;
  }
  return false;
}

function checkAgainstOracle(instance: Instance, label: string, report: Report): void {
  const s = solve(instance);
  const ref = forward(instance);
  const L = instance.layers.length;
  const fail = (what: string, analytic: number, expected: number) =>
    report.failures.push(`${label} ${what}: solver ${analytic}, oracle ${expected}`);

  if (!close(s.J, ref.J)) fail("J", s.J, ref.J);
  instance.x.forEach((v, i) => {
    if (s.a["1"][i] !== v) fail(`a(1)_${i + 1}`, s.a["1"][i], v);
  });
  for (let l = 2; l <= L; l++) {
    ref.z[l].forEach((v, i) => {
      if (!close(s.z[String(l)][i], v)) fail(`z(${l})_${i + 1}`, s.z[String(l)][i], v);
    });
    ref.a[l].forEach((v, i) => {
      if (!close(s.a[String(l)][i], v)) fail(`a(${l})_${i + 1}`, s.a[String(l)][i], v);
    });
  }

  const compare = (what: string, analytic: number, numeric: number) => {
    report.checked++;
    if (!derivativesAgree(analytic, numeric, ref.J)) fail(what, analytic, numeric);
    else if (relativeError(analytic, numeric) > MAX_RELATIVE_ERROR) report.floorOnly++;
  };
  for (let l = 2; l <= L; l++) {
    const rows = instance.theta[String(l)];
    expect(s.delta[String(l)]).toHaveLength(rows.length);
    expect(s.grad[String(l)]).toHaveLength(rows.length);
    for (let j = 1; j <= rows.length; j++) {
      if (nearKinkFrom(instance, ref.z, l, j)) {
        report.skipped += 1 + rows[j - 1].length;
        continue;
      }
      compare(`δ(${l})_${j}`, s.delta[String(l)][j - 1], numericDelta(instance, l, j));
      expect(s.grad[String(l)][j - 1]).toHaveLength(rows[j - 1].length);
      for (let k = 0; k < rows[j - 1].length; k++) {
        compare(`∂J/∂Θ(${l})_${j},${k}`, s.grad[String(l)][j - 1][k], numericGrad(instance, l, j, k));
      }
    }
  }
}

const HIDDEN_ACTIVATIONS = ["relu", "leaky_relu", "sigmoid", "tanh", "linear"] as const;

/** A random custom spec: 2–4 layers of 1–4 units, any activation, softmax or sigmoid outputs, CE where valid. */
function randomSpec(rng: ReturnType<typeof testRng>): NetworkSpec {
  const L = rng.int(2, 4);
  const layers = Array.from({ length: L }, () => rng.int(1, 4));
  const activations: NetworkSpec["activations"] = Array.from({ length: L - 1 }, () => rng.pick(HIDDEN_ACTIVATIONS));
  if (layers[L - 1] >= 2 && rng.next() < 0.25) activations[L - 2] = "softmax";
  else if (rng.next() < 0.15) activations[L - 2] = "sigmoid";
  const output = activations[L - 2];
  const loss = (output === "softmax" || output === "sigmoid") && rng.next() < 0.7 ? "cross_entropy" : "half_sse";
  const spec: NetworkSpec = { layers, activations, loss };
  if (activations.includes("leaky_relu") && rng.next() < 0.6) spec.leakySlope = rng.int(1, 30) / 100;
  if (rng.next() < 0.2) spec.weightRange = [-1.5, 1.5];
  if (rng.next() < 0.2) spec.inputRange = [-2, 2];
  return spec;
}

describe("solve against the independent oracle", { timeout: HEAVY_TIMEOUT }, () => {
  it.each(PRESETS.map((p) => p.name))("preset %s: 50 seeds, every δ and ∂J/∂Θ entry", (preset) => {
    const report = newReport();
    for (let seed = 0; seed < 50; seed++) {
      checkAgainstOracle(generateVariant(preset, seed).instance, `${preset}#${seed}`, report);
    }
    expect(report.failures).toEqual([]);
    // generated instances keep every kinked pre-activation far from 0, so nothing is skipped
    expect(report.skipped).toBe(0);
    expect(report.checked).toBeGreaterThan(50 * 5);
    expect(report.floorOnly).toBeLessThanOrEqual(report.checked * 0.01);
  });

  it("1,000 random custom specs generated through generateVariant", () => {
    const rng = testRng(20240611);
    const report = newReport();
    const seen = { leaky: 0, softmaxCE: 0, softmaxSSE: 0, sigmoidCE: 0, tanh: 0, fourLayers: 0, oneUnitLayer: 0, slope: 0 };
    for (let n = 0; n < 1000; n++) {
      const spec = randomSpec(rng);
      const seed = rng.int(0, 1_000_000);
      const { instance } = generateVariant(spec, seed);
      const output = spec.activations[spec.activations.length - 1];
      if (spec.activations.includes("leaky_relu")) seen.leaky++;
      if (output === "softmax") seen[spec.loss === "cross_entropy" ? "softmaxCE" : "softmaxSSE"]++;
      if (output === "sigmoid" && spec.loss === "cross_entropy") seen.sigmoidCE++;
      if (spec.activations.includes("tanh")) seen.tanh++;
      if (spec.layers.length === 4) seen.fourLayers++;
      if (spec.layers.includes(1)) seen.oneUnitLayer++;
      if (spec.leakySlope !== undefined) seen.slope++;
      checkAgainstOracle(instance, `${JSON.stringify(spec)}#${seed}`, report);
    }
    expect(report.failures.slice(0, 20)).toEqual([]);
    expect(report.skipped).toBe(0);
    expect(report.checked).toBeGreaterThan(10_000);
    expect(report.floorOnly).toBeLessThanOrEqual(report.checked * 0.01);
    // the random specs really cover the activations and losses they are meant to
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(20);
  });

  it("softmax + cross-entropy with targets that do not sum to 1 still gets the true gradient", () => {
    const base = {
      layers: [2, 3, 3],
      activations: ["tanh", "softmax"] as Instance["activations"],
      loss: "cross_entropy" as const,
      theta: {
        "2": [
          [0.1, -0.7, 0.4],
          [-0.3, 0.2, 0.9],
          [0.5, 0.6, -0.2],
        ],
        "3": [
          [0.2, 1.1, -0.4, 0.3],
          [-0.6, 0.5, 0.8, -0.9],
          [0.4, -0.3, 0.2, 0.7],
        ],
      },
      x: [0.8, -0.5],
    };
    const targets = [
      [0.5, 0.8, 0],
      [1, 1, 1],
      [0, 0, 0],
      [0.2, 0, 0.3],
      [1, 0.5, 0.25],
    ];
    const report = newReport();
    for (const y of targets) {
      const instance: Instance = { ...base, y };
      checkAgainstOracle(instance, `softmax CE y=${JSON.stringify(y)}`, report);
      // with Σy ≠ 1, δ^(L) = a·Σy − y, not a − y
      const s = solve(instance);
      const ySum = y.reduce((t, v) => t + v, 0);
      const a = forward(instance).a[3];
      s.delta["3"].forEach((d, i) => expect(d).toBeCloseTo(a[i] * ySum - y[i], 12));
    }
    expect(report.failures).toEqual([]);
    expect(report.checked).toBe(targets.length * (3 + 9 + 3 + 12));
  });

  it("sigmoid + cross-entropy with fractional targets", () => {
    const instance: Instance = {
      layers: [3, 2, 2],
      activations: ["leaky_relu", "sigmoid"],
      loss: "cross_entropy",
      leakySlope: 0.2,
      theta: {
        "2": [
          [0.3, -0.8, 0.5, 0.1],
          [-0.4, 0.6, 0.7, -0.9],
        ],
        "3": [
          [0.2, -1.3, 0.6],
          [0.9, 0.4, -0.5],
        ],
      },
      x: [0.6, -0.2, 1.4],
      y: [0.3, 0.75],
    };
    const report = newReport();
    checkAgainstOracle(instance, "sigmoid CE", report);
    expect(report.failures).toEqual([]);
    expect(report.checked).toBe(2 + 8 + 2 + 6);
  });

  it("takes ReLU'(0) = 0 at an exact kink (the finite-difference check skips that unit)", () => {
    // z^(2)_1 = −0.5 + 0.5·1 = 0 exactly; z^(2)_2 = 0.2 + 0.3·1 = 0.5
    const instance: Instance = {
      layers: [1, 2, 1],
      activations: ["relu", "linear"],
      loss: "half_sse",
      theta: { "2": [[-0.5, 0.5], [0.2, 0.3]], "3": [[0.1, 0.7, -0.4]] },
      x: [1],
      y: [0.6],
    };
    const s = solve(instance);
    expect(s.z["2"][0]).toBe(0);
    expect(s.a["2"][0]).toBe(0);
    expect(s.delta["2"][0]).toBe(0);
    expect(s.grad["2"][0]).toEqual([0, 0]);
    const report = newReport();
    checkAgainstOracle(instance, "kink", report);
    expect(report.failures).toEqual([]);
    expect(report.skipped).toBe(3); // δ(2)_1 and its two weights
    expect(report.checked).toBe(1 + 2 + 1 + 3);
  });
});
