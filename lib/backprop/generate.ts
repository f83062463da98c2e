// The generator: a seeded, reproducible, hand-friendly instance and the parts it asks,
// with no ReLU pre-activation near the kink and no asked value that is 0 by accident.
import type { Activation, Instance, Matrix, ScalarTarget, Solution, Target } from "./types";
import { createRng, hashString, type Rng } from "./prng";
import { preActivations, solve } from "./solve";
import { findPreset, PRESETS, type NetworkSpec, type PartTemplate, type UnitChoice } from "./presets";
import { ACTIVATION_RULES, hasKink } from "./activations";
import { scalarValue } from "./targets";
import { SpecError } from "./errors";
import { checkActivations, checkLayers, checkLoss, isRecord } from "./validate";

/** Bump when generation changes, and keep the old path, so stored variants regenerate identically. */
export const GENERATOR_VERSION = 1;
/** No ReLU or leaky-ReLU pre-activation is generated closer than this to 0. */
export const KINK_MARGIN = 0.05;
/** Pre-activations stay within ±this, so sigmoid/tanh derivatives are not vanishingly small. */
export const MAX_PREACTIVATION = 4;
/** An asked value smaller than this is treated as 0 (trivial) unless the part asks for a dead unit. */
export const MIN_ASKED_MAGNITUDE = 0.005;
/** Output errors stay within ±this, so numbers stay small enough to work by hand. */
export const MAX_OUTPUT_ERROR = 2;
export const MAX_SEED = 0xffffffff;
const MAX_TRIES = 20000;

const DEFAULT_WEIGHT_RANGE: [number, number] = [-1, 1];
const DEFAULT_INPUT_RANGE: [number, number] = [-1, 1];
const DEFAULT_TARGET_RANGE: [number, number] = [0, 1];
const SIGMOID_TARGET_RANGE: [number, number] = [0.1, 0.9];

export interface Variant {
  instance: Instance;
  parts: Target[];
}

/** One decimal, never 0, within [lo, hi]. */
function oneDecimal(rng: Rng, range: [number, number]): number {
  const min = Math.ceil(range[0] * 10);
  const max = Math.floor(range[1] * 10);
  if (min === 0 && max === 0) return 0;
  for (;;) {
    const tenths = min + Math.floor(rng.next() * (max - min + 1));
    if (tenths !== 0) return tenths / 10;
  }
}

/** One decimal, 0 allowed (targets may be 0). */
function oneDecimalOrZero(rng: Rng, range: [number, number]): number {
  return rng.int(Math.ceil(range[0] * 10), Math.floor(range[1] * 10)) / 10;
}

function sampleTargets(rng: Rng, spec: NetworkSpec): number[] {
  const outputs = spec.layers[spec.layers.length - 1];
  const output = spec.activations[spec.activations.length - 1];
  const y = new Array<number>(outputs);
  if (spec.loss === "cross_entropy" && output === "softmax") {
    const hot = rng.int(0, outputs - 1);
    for (let i = 0; i < outputs; i++) y[i] = i === hot ? 1 : 0;
  } else if (spec.loss === "cross_entropy") {
    for (let i = 0; i < outputs; i++) y[i] = rng.int(0, 1);
  } else {
    const range = spec.targetRange ?? (output === "sigmoid" ? SIGMOID_TARGET_RANGE : DEFAULT_TARGET_RANGE);
    for (let i = 0; i < outputs; i++) y[i] = oneDecimalOrZero(rng, range);
  }
  return y;
}

function sampleInstance(rng: Rng, spec: NetworkSpec): Instance {
  const theta: Record<string, Matrix> = {};
  const weights = spec.weightRange ?? DEFAULT_WEIGHT_RANGE;
  for (let l = 2; l <= spec.layers.length; l++) {
    const rows: Matrix = new Array(spec.layers[l - 1]);
    for (let j = 0; j < rows.length; j++) {
      const row = new Array<number>(spec.layers[l - 2] + 1);
      for (let k = 0; k < row.length; k++) row[k] = oneDecimal(rng, weights);
      rows[j] = row;
    }
    theta[String(l)] = rows;
  }
  const inputs = spec.inputRange ?? DEFAULT_INPUT_RANGE;
  const x = new Array<number>(spec.layers[0]);
  for (let i = 0; i < x.length; i++) x[i] = oneDecimal(rng, inputs);
  const instance: Instance = { layers: spec.layers.slice(), activations: spec.activations.slice(), loss: spec.loss, theta, x, y: sampleTargets(rng, spec) };
  if (spec.leakySlope !== undefined) instance.leakySlope = spec.leakySlope;
  return instance;
}

const isAliveAt = (activation: Activation, z: number) => !hasKink(activation) || z > 0;

/** The forward-pass constraints alone, checked before the full solve: most rejected samples stop here, cheaply. */
function passesForward(spec: NetworkSpec, instance: Instance): boolean {
  const L = spec.layers.length;
  const slope = instance.leakySlope ?? 0.01;
  let a = instance.x;
  for (let l = 2; l <= L; l++) {
    const activation = spec.activations[l - 2];
    const z = preActivations(instance.theta[String(l)], a, false);
    let alive = 0;
    for (const v of z) {
      if (Math.abs(v) > MAX_PREACTIVATION) return false;
      if (hasKink(activation) && Math.abs(v) < KINK_MARGIN) return false;
      if (v > 0) alive++;
    }
    if (l < L && activation === "relu" && spec.minAliveHidden && alive < Math.min(spec.minAliveHidden, z.length)) return false;
    if (l === L && spec.deadOutputUnit && activation === "relu" && z.length - alive !== 1) return false;
    a = ACTIVATION_RULES[activation].forward(z, slope);
  }
  return true;
}

/** The network-level constraints: away from kinks, bounded, live enough, a real output error. */
function isAcceptable(spec: NetworkSpec, s: Solution): boolean {
  const L = spec.layers.length;
  for (let l = 2; l <= L; l++) {
    const activation = spec.activations[l - 2];
    const z = s.z[String(l)];
    if (z.some((v) => Math.abs(v) > MAX_PREACTIVATION)) return false;
    if (hasKink(activation) && z.some((v) => Math.abs(v) < KINK_MARGIN)) return false;
    if (l < L && activation === "relu" && spec.minAliveHidden) {
      if (z.filter((v) => v > 0).length < Math.min(spec.minAliveHidden, z.length)) return false;
    }
  }
  const out = s.z[String(L)];
  if (spec.deadOutputUnit && spec.activations[L - 2] === "relu") {
    if (out.filter((v) => v <= 0).length !== 1) return false;
  }
  const alive = out.map((v) => isAliveAt(spec.activations[L - 2], v));
  // every live output unit carries a real error, so δ^(L) is never trivially 0
  return s.delta[String(L)].every((d, i) => (!alive[i] || Math.abs(d) >= 0.05) && Math.abs(d) <= MAX_OUTPUT_ERROR);
}

function unitMatches(choice: UnitChoice | undefined, activation: Activation, z: number): boolean {
  if (choice === "dead") return activation === "relu" && z < 0;
  if (choice === "alive") return isAliveAt(activation, z);
  return true;
}

/** Candidate targets of one unit-level template, before the non-triviality filter. */
function candidateTargets(instance: Instance, s: Solution, template: Exclude<PartTemplate, { kind: "J" | "grad-matrix" | "update" }>, onlyUnit: number | undefined): Target[] {
  const l = template.l;
  const activation = instance.activations[l - 2];
  const z = s.z[String(l)];
  const out: Target[] = [];
  const units = instance.layers[l - 1];
  for (let j = 1; j <= units; j++) {
    if (onlyUnit !== undefined && j !== onlyUnit) continue;
    if (!unitMatches(template.unit, activation, z ? z[j - 1] : 1)) continue;
    if (template.kind !== "grad") {
      out.push({ kind: template.kind, l, j });
      continue;
    }
    const inputs = instance.layers[l - 2];
    const first = template.input === "unit" ? 1 : 0;
    const last = template.input === "bias" ? 0 : inputs;
    for (let k = first; k <= last; k++) out.push({ kind: "grad", l, j, k });
  }
  return out;
}

/** Resolve part templates to concrete targets; null when this instance cannot ask them non-trivially. */
function resolveParts(rng: Rng, instance: Instance, s: Solution, templates: PartTemplate[]): Target[] | null {
  const parts: Target[] = [];
  const isTrivial = (t: ScalarTarget) => Math.abs(scalarValue(instance, s, t)) < MIN_ASKED_MAGNITUDE;
  for (const template of templates) {
    if (template.kind === "J") {
      // J and updates are asked values too: a tiny one would let the absolute tolerance accept guesses
      if (isTrivial({ kind: "J" })) return null;
      parts.push({ kind: "J" });
      continue;
    }
    if (template.kind === "grad-matrix") {
      parts.push({ kind: "grad", l: template.l });
      continue;
    }
    const from = "sameAs" in template && template.sameAs !== undefined ? parts[template.sameAs] : undefined;
    if (template.kind === "update") {
      if (!from || from.kind !== "grad" || from.j === undefined) return null;
      const update: ScalarTarget = { kind: "update", l: from.l, j: from.j, k: from.k, alpha: template.alpha };
      if (isTrivial(update)) return null;
      parts.push(update);
      continue;
    }
    // a gradient asked after a δ of the same layer uses that δ's unit, so the parts form one chain
    const onlyUnit = template.kind === "grad" && from && from.kind === "delta" && from.l === template.l ? from.j : undefined;
    const deliberateZero = template.kind !== "grad" && template.unit === "dead";
    const usable = candidateTargets(instance, s, template, onlyUnit).filter(
      (t) => deliberateZero || Math.abs(scalarValue(instance, s, t as ScalarTarget)) >= MIN_ASKED_MAGNITUDE,
    );
    if (!usable.length) return null;
    parts.push(rng.pick(usable));
  }
  return parts;
}

/** Check an untrusted custom spec; throws SpecError naming the field. */
export function validateSpec(input: unknown): NetworkSpec {
  if (!isRecord(input)) throw new SpecError("spec", "must be an object with layers, activations and loss");
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof Error && "field" in error) throw new SpecError(`spec.${String((error as { field: string }).field)}`, error.message.replace(/^[^:]*: /, ""));
      throw error;
    }
  };
  const layers = wrap(() => checkLayers(input.layers));
  if (layers.some((n) => n > 6) || layers.length > 5) throw new SpecError("spec.layers", "generated networks have at most 5 layers of at most 6 units, so they can be done by hand");
  const activations = wrap(() => checkActivations(input.activations, layers));
  const loss = wrap(() => checkLoss(input.loss, activations[activations.length - 1]));
  const spec: NetworkSpec = { layers, activations, loss };
  const range = (field: "weightRange" | "inputRange" | "targetRange") => {
    const r = input[field];
    if (r === undefined) return;
    if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > 10) || r[0] >= r[1]) {
      throw new SpecError(`spec.${field}`, "must be [min, max] with min < max, both within ±10");
    }
    if (Math.floor(r[1] * 10) - Math.ceil(r[0] * 10) < 1) throw new SpecError(`spec.${field}`, "must contain at least two one-decimal values");
    spec[field] = [r[0], r[1]];
  };
  range("weightRange");
  range("inputRange");
  range("targetRange");
  if (input.leakySlope !== undefined) {
    const slope = input.leakySlope;
    if (typeof slope !== "number" || !(slope >= 0 && slope < 1)) throw new SpecError("spec.leakySlope", "must be a number in [0, 1)");
    spec.leakySlope = slope;
  }
  if (input.parts !== undefined) spec.parts = validatePartTemplates(input.parts, layers.length);
  if (input.minAliveHidden !== undefined) {
    const n = input.minAliveHidden;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new SpecError("spec.minAliveHidden", "must be a whole number ≥ 0");
    spec.minAliveHidden = n;
  }
  return spec;
}

function validatePartTemplates(input: unknown, L: number): PartTemplate[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > 12) throw new SpecError("spec.parts", "must be a list of 1 to 12 parts");
  return input.map((raw, i) => {
    const field = `spec.parts[${i}]`;
    if (!isRecord(raw)) throw new SpecError(field, "must be an object with a kind");
    const kind = raw.kind;
    if (kind === "J") return { kind: "J" };
    const l = raw.l;
    const minLayer = 2;
    if (typeof l !== "number" || !Number.isInteger(l) || l < minLayer || l > L) throw new SpecError(`${field}.l`, `must be a layer from ${minLayer} to ${L}`);
    const unit = raw.unit;
    if (unit !== undefined && unit !== "any" && unit !== "alive" && unit !== "dead") throw new SpecError(`${field}.unit`, "must be any, alive or dead");
    const sameAs = raw.sameAs;
    if (sameAs !== undefined && (typeof sameAs !== "number" || !Number.isInteger(sameAs) || sameAs < 0 || sameAs >= i)) {
      throw new SpecError(`${field}.sameAs`, "must be the index of an earlier part");
    }
    switch (kind) {
      case "z":
      case "a":
        return { kind, l, ...(unit ? { unit } : {}) };
      case "delta":
        return { kind, l, ...(unit ? { unit } : {}), ...(sameAs !== undefined ? { sameAs } : {}) };
      case "grad": {
        const inp = raw.input;
        if (inp !== undefined && inp !== "unit" && inp !== "bias" && inp !== "any") throw new SpecError(`${field}.input`, "must be unit, bias or any");
        return { kind, l, ...(unit ? { unit } : {}), ...(sameAs !== undefined ? { sameAs } : {}), ...(inp ? { input: inp } : {}) };
      }
      case "grad-matrix":
        return { kind, l };
      case "update": {
        const alpha = raw.alpha;
        if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 10)) throw new SpecError(`${field}.alpha`, "must be a learning rate in (0, 10]");
        if (sameAs === undefined) throw new SpecError(`${field}.sameAs`, "must name the earlier grad part whose weight is updated");
        return { kind, l, alpha, sameAs };
      }
      default:
        throw new SpecError(`${field}.kind`, "must be one of J, z, a, delta, grad, grad-matrix, update");
    }
  });
}

function defaultParts(spec: NetworkSpec): PartTemplate[] {
  const L = spec.layers.length;
  if (L === 2) return [{ kind: "J" }, { kind: "delta", l: 2, unit: "alive" }, { kind: "grad", l: 2, sameAs: 1, input: "any" }];
  return [
    { kind: "J" },
    { kind: "delta", l: L, unit: "alive" },
    { kind: "delta", l: 2, unit: "alive" },
    { kind: "grad", l: 2, sameAs: 2, input: "unit" },
    { kind: "update", l: 2, alpha: 0.1, sameAs: 3 },
  ];
}

export function checkSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new SpecError("seed", `must be a whole number from 0 to ${MAX_SEED}, got ${String(seed)}`);
  }
  return seed;
}

/** Generate a variant from a preset name or a custom spec. Same (preset or spec, seed, version) → same variant. */
export function generateVariant(presetOrSpec: string | NetworkSpec, seed: number): Variant {
  checkSeed(seed);
  let spec: NetworkSpec;
  let name: string;
  if (typeof presetOrSpec === "string") {
    const preset = findPreset(presetOrSpec);
    if (!preset) throw new SpecError("preset", `unknown preset "${presetOrSpec}"; use one of ${PRESETS.map((p) => p.name).join(", ")}`);
    spec = preset.spec;
    name = preset.name;
  } else {
    spec = validateSpec(presetOrSpec);
    name = "custom";
  }
  const streamKey = typeof presetOrSpec === "string" ? name : JSON.stringify(spec);
  const rng = createRng(seed, hashString(`${streamKey}@${GENERATOR_VERSION}`));
  const templates = spec.parts ?? defaultParts(spec);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const instance = sampleInstance(rng, spec);
    if (!passesForward(spec, instance)) continue;
    const solution = solve(instance);
    if (!isAcceptable(spec, solution)) continue;
    const parts = resolveParts(rng, instance, solution, templates);
    if (!parts) continue;
    instance.meta = { preset: name, seed, generatorVersion: GENERATOR_VERSION };
    return { instance, parts };
  }
  throw new SpecError("spec", `no instance met the constraints in ${MAX_TRIES} tries; widen the ranges or ask different parts`);
}

/** Regenerate a stored variant; refuses a generator version this code cannot reproduce. */
export function regenerateVariant(presetOrSpec: string | NetworkSpec, seed: number, generatorVersion: number): Variant {
  if (generatorVersion !== GENERATOR_VERSION) {
    throw new SpecError("generatorVersion", `version ${generatorVersion} cannot be reproduced by generator version ${GENERATOR_VERSION}`);
  }
  return generateVariant(presetOrSpec, seed);
}
