// Question targets: checking them against an instance, reading their value from a solution, naming them in LaTeX.
import { SpecError } from "./errors";
import { indexPair } from "./format";
import type { Instance, Matrix, MatrixTarget, ScalarTarget, Solution, Target } from "./types";

export const DEFAULT_ALPHA = 0.1;

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function checkLayer(l: unknown, instance: Instance, from: number): number {
  const L = instance.layers.length;
  if (!isInt(l) || l < from || l > L) throw new SpecError("target.l", `must be a layer number from ${from} to ${L}, got ${String(l)}`);
  return l;
}

function checkUnit(j: unknown, count: number, field: string, layer: number, from = 1): number {
  if (!isInt(j) || j < from || j > count) {
    throw new SpecError(field, `must be a unit of layer ${layer} from ${from} to ${count}, got ${String(j)}`);
  }
  return j;
}

/** Validate an untrusted target against an instance. */
export function validateTarget(input: unknown, instance: Instance): Target {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new SpecError("target", "must be an object such as {\"kind\": \"J\"}");
  const t = input as Record<string, unknown>;
  const { layers } = instance;
  switch (t.kind) {
    case "J":
      return { kind: "J" };
    case "z":
    case "a":
    case "delta": {
      const l = checkLayer(t.l, instance, t.kind === "a" ? 1 : 2);
      const j = checkUnit(t.j, layers[l - 1], "target.j", l);
      return { kind: t.kind, l, j };
    }
    case "grad":
    case "update": {
      const l = checkLayer(t.l, instance, 2);
      if (t.kind === "grad" && t.j === undefined && t.k === undefined) return { kind: "grad", l };
      const j = checkUnit(t.j, layers[l - 1], "target.j", l);
      const k = checkUnit(t.k, layers[l - 2], "target.k", l - 1, 0);
      if (t.kind === "grad") return { kind: "grad", l, j, k };
      if (t.alpha !== undefined && (typeof t.alpha !== "number" || !Number.isFinite(t.alpha) || t.alpha <= 0)) {
        throw new SpecError("target.alpha", `must be a positive number, got ${String(t.alpha)}`);
      }
      return { kind: "update", l, j, k, ...(t.alpha !== undefined ? { alpha: t.alpha as number } : {}) };
    }
    default:
      throw new SpecError("target.kind", `must be one of z, a, delta, J, grad, update; got ${JSON.stringify(t.kind) ?? "nothing"}`);
  }
}

export function isMatrixTarget(target: Target): target is MatrixTarget {
  return target.kind === "grad" && target.j === undefined;
}

/** The learning rate of an update target: its own α, else the one given, else DEFAULT_ALPHA. */
export function alphaOf(target: Target, alpha?: number): number {
  return (target.kind === "update" ? target.alpha : undefined) ?? alpha ?? DEFAULT_ALPHA;
}

/** The value of a scalar target in a solution. */
export function scalarValue(instance: Instance, solution: Solution, target: ScalarTarget, alpha?: number): number {
  switch (target.kind) {
    case "J":
      return solution.J;
    case "z":
      return solution.z[String(target.l)][target.j - 1];
    case "a":
      return solution.a[String(target.l)][target.j - 1];
    case "delta":
      return solution.delta[String(target.l)][target.j - 1];
    case "grad":
      return solution.grad[String(target.l)][target.j - 1][target.k];
    case "update": {
      const weight = instance.theta[String(target.l)][target.j - 1][target.k];
      return weight - alphaOf(target, alpha) * solution.grad[String(target.l)][target.j - 1][target.k];
    }
  }
}

export function matrixValue(solution: Solution, target: MatrixTarget): Matrix {
  return solution.grad[String(target.l)].map((row) => row.slice());
}

/** LaTeX symbol for what a target asks, e.g. \frac{\partial J}{\partial \Theta^{(2)}_{1,0}}. */
export function targetLatex(target: Target): string {
  switch (target.kind) {
    case "J":
      return "J";
    case "z":
    case "a":
      return `${target.kind}^{(${target.l})}_{${target.j}}`;
    case "delta":
      return `\\delta^{(${target.l})}_{${target.j}}`;
    case "grad":
      return target.j === undefined
        ? `\\frac{\\partial J}{\\partial \\Theta^{(${target.l})}}`
        : `\\frac{\\partial J}{\\partial \\Theta^{(${target.l})}_{${indexPair(target.j, target.k)}}}`;
    case "update":
      return `\\Theta^{(${target.l})}_{${indexPair(target.j, target.k)}}\\ \\text{after one step}`;
  }
}

/** Plain-text name of a target for labels and screen readers, e.g. "∂J/∂Θ(2)_1,0". */
export function targetText(target: Target): string {
  switch (target.kind) {
    case "J":
      return "J";
    case "z":
    case "a":
      return `${target.kind}(${target.l})_${target.j}`;
    case "delta":
      return `δ(${target.l})_${target.j}`;
    case "grad":
      return target.j === undefined ? `∂J/∂Θ(${target.l})` : `∂J/∂Θ(${target.l})_${target.j},${target.k}`;
    case "update":
      return `Θ(${target.l})_${target.j},${target.k} after one step`;
  }
}

/** The family of a target, without unit indices: what part i of an item asks in every variant, e.g. "δ(2)". */
export function targetFamilyText(target: Target): string {
  switch (target.kind) {
    case "J":
      return "J";
    case "z":
    case "a":
      return `${target.kind}(${target.l})`;
    case "delta":
      return `δ(${target.l})`;
    case "grad":
      return target.j === undefined ? `∂J/∂Θ(${target.l}) (matrix)` : `∂J/∂Θ(${target.l})`;
    case "update":
      return `Θ(${target.l}) after one step`;
  }
}
