// Check an untrusted instance against the contract and return a clean copy, or throw an InstanceError naming the field.
import { ACTIVATIONS, LOSSES, type Activation, type Instance, type Loss, type Matrix } from "./types";
import { InstanceError } from "./errors";

export const MAX_UNITS_PER_LAYER = 64;
export const MAX_LAYERS = 12;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value;
}

function finiteVector(value: unknown, field: string, length: number): number[] {
  if (!Array.isArray(value)) throw new InstanceError(field, `must be an array of ${length} numbers, got ${describe(value)}`);
  if (value.length !== length) throw new InstanceError(field, `has ${value.length} entries, expected ${length}`);
  return value.map((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InstanceError(`${field}[${i}]`, `must be a finite number, got ${describe(v)}`);
    }
    return v;
  });
}

export function checkLayers(value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new InstanceError("layers", "must be an array of at least 2 unit counts (input first)");
  }
  if (value.length > MAX_LAYERS) throw new InstanceError("layers", `has ${value.length} layers; at most ${MAX_LAYERS}`);
  return value.map((n, i) => {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_UNITS_PER_LAYER) {
      throw new InstanceError(`layers[${i}]`, `must be a whole number of units from 1 to ${MAX_UNITS_PER_LAYER}, got ${describe(n)}`);
    }
    return n;
  });
}

export function checkActivations(value: unknown, layers: number[]): Activation[] {
  const expected = layers.length - 1;
  if (!Array.isArray(value)) throw new InstanceError("activations", `must be an array of ${expected} activation names (layers 2..${layers.length})`);
  if (value.length !== expected) {
    throw new InstanceError("activations", `has ${value.length} entries, expected ${expected} (one per layer 2..${layers.length})`);
  }
  return value.map((name, i) => {
    if (typeof name !== "string" || !(ACTIVATIONS as readonly string[]).includes(name)) {
      throw new InstanceError(`activations[${i}]`, `unknown activation ${describe(name)}; use one of ${ACTIVATIONS.join(", ")}`);
    }
    if (name === "softmax" && i !== expected - 1) {
      throw new InstanceError(`activations[${i}]`, `softmax is only allowed on the output layer (layer ${layers.length}), not layer ${i + 2}`);
    }
    if (name === "softmax" && layers[layers.length - 1] < 2) {
      throw new InstanceError(`activations[${i}]`, "softmax needs at least 2 output units");
    }
    return name as Activation;
  });
}

export function checkLoss(value: unknown, output: Activation): Loss {
  if (typeof value !== "string" || !(LOSSES as readonly string[]).includes(value)) {
    throw new InstanceError("loss", `unknown loss ${describe(value)}; use one of ${LOSSES.join(", ")}`);
  }
  if (value === "cross_entropy" && output !== "softmax" && output !== "sigmoid") {
    throw new InstanceError("loss", `cross_entropy needs a softmax or sigmoid output layer, not ${output}`);
  }
  return value as Loss;
}

function checkTheta(value: unknown, layers: number[]): Record<string, Matrix> {
  if (!isRecord(value)) throw new InstanceError("theta", `must be an object keyed by layer number 2..${layers.length}`);
  for (const key of Object.keys(value)) {
    const l = Number(key);
    if (!Number.isInteger(l) || String(l) !== key || l < 2 || l > layers.length) {
      throw new InstanceError(`theta.${key}`, `is not a layer of this network (layers 2..${layers.length})`);
    }
  }
  const theta: Record<string, Matrix> = {};
  for (let l = 2; l <= layers.length; l++) {
    const field = `theta.${l}`;
    const rows = layers[l - 1];
    const cols = layers[l - 2] + 1;
    const matrix = value[String(l)];
    if (matrix === undefined) throw new InstanceError(field, `is missing (expected ${rows} rows × ${cols} columns)`);
    if (!Array.isArray(matrix)) throw new InstanceError(field, `must be an array of ${rows} rows, got ${describe(matrix)}`);
    if (matrix.length !== rows) throw new InstanceError(field, `has ${matrix.length} rows, expected ${rows}`);
    theta[String(l)] = matrix.map((row: unknown, r) => {
      if (!Array.isArray(row)) throw new InstanceError(field, `row ${r + 1} must be an array of ${cols} numbers, got ${describe(row)}`);
      if (row.length !== cols) throw new InstanceError(field, `row ${r + 1} has ${row.length} columns, expected ${cols}`);
      return row.map((v: unknown, c) => {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new InstanceError(field, `row ${r + 1} column ${c + 1} must be a finite number, got ${describe(v)}`);
        }
        return v;
      });
    });
  }
  return theta;
}

/** Validate an untrusted value as an Instance; returns a copy holding only the contract's fields (and meta). */
export function validateInstance(input: unknown): Instance {
  if (!isRecord(input)) throw new InstanceError("instance", `must be a JSON object, got ${describe(input)}`);
  const layers = checkLayers(input.layers);
  const activations = checkActivations(input.activations, layers);
  const loss = checkLoss(input.loss, activations[activations.length - 1]);
  const theta = checkTheta(input.theta, layers);
  const x = finiteVector(input.x, "x", layers[0]);
  const y = finiteVector(input.y, "y", layers[layers.length - 1]);
  if (loss === "cross_entropy") {
    y.forEach((v, i) => {
      if (v < 0 || v > 1) throw new InstanceError(`y[${i}]`, `cross_entropy targets must lie in [0, 1], got ${v}`);
    });
  }
  const instance: Instance = { layers, activations, loss, theta, x, y };
  if (input.leakySlope !== undefined) {
    const slope = input.leakySlope;
    if (typeof slope !== "number" || !Number.isFinite(slope) || slope < 0 || slope >= 1) {
      throw new InstanceError("leakySlope", `must be a number in [0, 1), got ${describe(slope)}`);
    }
    instance.leakySlope = slope;
  }
  if (isRecord(input.meta)) {
    const { preset, seed, generatorVersion } = input.meta;
    if (typeof preset === "string" && typeof seed === "number" && typeof generatorVersion === "number") {
      instance.meta = { preset, seed, generatorVersion };
    }
  }
  return instance;
}
