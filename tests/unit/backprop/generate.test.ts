// The generator: reproducible, hand-friendly, away from ReLU kinks, never asking a value that is 0 by accident.
import { describe, it, expect } from "vitest";
import {
  checkSeed,
  generateVariant,
  GENERATOR_VERSION,
  KINK_MARGIN,
  MAX_SEED,
  PRESETS,
  regenerateVariant,
  SpecError,
  validateInstance,
  validateSpec,
  validateTarget,
  type Instance,
  type NetworkSpec,
  type Target,
} from "@/lib/backprop";
import { forward, hasKink, HEAVY_TIMEOUT, numericDelta, numericGrad } from "./oracle";

const PRESET_NAMES = PRESETS.map((p) => p.name);

function withoutMeta(instance: Instance): string {
  const { meta: _meta, ...rest } = instance;
  return JSON.stringify(rest);
}

function isOneDecimal(v: number): boolean {
  return Number.isFinite(v) && Math.abs(Math.round(v * 10) / 10 - v) < 1e-12 && Number(v.toFixed(1)) === v;
}

/** The asked value, from the oracle: forward values directly, derivatives by centred differences. */
function askedValue(instance: Instance, target: Target, f = forward(instance)): number | null {
  switch (target.kind) {
    case "J":
      return f.J;
    case "z":
      return f.z[target.l][target.j - 1];
    case "a":
      return f.a[target.l][target.j - 1];
    case "delta":
      return numericDelta(instance, target.l, target.j);
    case "grad":
      return target.j === undefined ? null : numericGrad(instance, target.l, target.j, target.k);
    case "update": {
      const weight = instance.theta[String(target.l)][target.j - 1][target.k];
      return weight - (target.alpha ?? 0.1) * numericGrad(instance, target.l, target.j, target.k);
    }
  }
}

describe("generateVariant: determinism and metadata", { timeout: HEAVY_TIMEOUT }, () => {
  it.each(PRESET_NAMES)("%s: the same seed gives a byte-identical variant; different seeds differ", (preset) => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const first = generateVariant(preset, seed);
      const again = generateVariant(preset, seed);
      expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      expect(first.instance.meta).toEqual({ preset, seed, generatorVersion: GENERATOR_VERSION });
      seen.add(withoutMeta(first.instance));
    }
    expect(seen.size).toBe(200);
  });

  it("is deterministic for a custom spec too, and records it as custom", () => {
    const spec: NetworkSpec = { layers: [3, 2, 2], activations: ["tanh", "sigmoid"], loss: "cross_entropy" };
    const a = generateVariant(spec, 99);
    expect(JSON.stringify(generateVariant({ ...spec }, 99))).toBe(JSON.stringify(a));
    expect(a.instance.meta).toEqual({ preset: "custom", seed: 99, generatorVersion: GENERATOR_VERSION });
    expect(withoutMeta(generateVariant(spec, 100).instance)).not.toBe(withoutMeta(a.instance));
  });

  it("accepts the extreme seeds", () => {
    expect(generateVariant("question-relu", 0).instance.meta?.seed).toBe(0);
    expect(generateVariant("question-relu", MAX_SEED).instance.meta?.seed).toBe(MAX_SEED);
    expect(MAX_SEED).toBe(2 ** 32 - 1);
  });
});

describe("generateVariant: hand-friendly, valid, kink-free instances with non-trivial parts", { timeout: HEAVY_TIMEOUT }, () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))("%s over 2,000 seeds", (name, preset) => {
    const problems: string[] = [];
    const report = (seed: number, what: string) => problems.length < 20 && problems.push(`seed ${seed}: ${what}`);
    for (let seed = 0; seed < 2000; seed++) {
      const { instance, parts } = generateVariant(name, seed);
      const spec = preset.spec;
      const shape = JSON.stringify([instance.layers, instance.activations, instance.loss, instance.leakySlope]);
      if (shape !== JSON.stringify([spec.layers, spec.activations, spec.loss, spec.leakySlope])) report(seed, `shape ${shape}`);

      // every weight and input has one decimal, is non-zero and within the default range [−1, 1]
      const numbers = [...instance.x, ...Object.values(instance.theta).flat(2)];
      for (const v of numbers) {
        if (!isOneDecimal(v) || v === 0 || Math.abs(v) > 1) report(seed, `weight or input ${v}`);
      }
      for (const v of instance.y) if (!isOneDecimal(v)) report(seed, `target ${v}`);

      const f = forward(instance);
      const L = instance.layers.length;
      for (let l = 2; l <= L; l++) {
        if (!hasKink(instance.activations[l - 2])) continue;
        // a tiny slack for float rounding of the sums: the generator rejects |z| < KINK_MARGIN
        for (const z of f.z[l]) if (Math.abs(z) < KINK_MARGIN - 1e-12) report(seed, `pre-activation ${z} in layer ${l}`);
        if (l < L && spec.minAliveHidden && instance.activations[l - 2] === "relu") {
          const alive = f.z[l].filter((z) => z > 0).length;
          if (alive < spec.minAliveHidden) report(seed, `only ${alive} live units in layer ${l}`);
        }
      }
      if (spec.deadOutputUnit) {
        const dead = f.z[L].filter((z) => z < 0).length;
        if (dead !== 1) report(seed, `${dead} dead output units`);
      }

      // the instance and its parts pass the engine's own validation
      if (JSON.stringify(validateInstance(instance)) !== JSON.stringify(instance)) report(seed, "instance changed by validation");
      if (parts.length !== spec.parts!.length) report(seed, `${parts.length} parts`);
      parts.forEach((part, i) => {
        if (JSON.stringify(validateTarget(part, instance)) !== JSON.stringify(part)) report(seed, `part ${i} changed by validation`);
        const template = spec.parts![i];
        if ((template.kind === "grad-matrix" ? "grad" : template.kind) !== part.kind) report(seed, `part ${i} is ${part.kind}`);

        const value = askedValue(instance, part, f);
        if (value === null) return; // a whole matrix
        const deadUnitDelta =
          part.kind === "delta" && "unit" in template && template.unit === "dead";
        if (deadUnitDelta) {
          // the question-relu-output preset asks what a dead output unit passes back: exactly 0
          if (!(f.z[part.l][part.j - 1] < 0 && value === 0)) report(seed, `dead-unit part ${i} has z ${f.z[part.l][part.j - 1]}, value ${value}`);
        } else if (!(Math.abs(value) >= 0.005)) {
          report(seed, `part ${i} (${JSON.stringify(part)}) asks ${value}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it("the question-relu-output preset really asks a dead unit's δ", () => {
    for (let seed = 0; seed < 50; seed++) {
      const { parts } = generateVariant("question-relu-output", seed);
      expect(parts[1]).toMatchObject({ kind: "delta", l: 3 });
      expect(parts[2]).toMatchObject({ kind: "delta", l: 3 });
      expect(parts[1]).not.toEqual(parts[2]);
    }
  });

  it("update parts update the weight of the gradient part they follow", () => {
    for (const preset of PRESET_NAMES) {
      const { parts } = generateVariant(preset, 5);
      const template = PRESETS.find((p) => p.name === preset)!.spec.parts!;
      template.forEach((t, i) => {
        if (t.kind !== "update") return;
        const from = parts[t.sameAs!];
        if (from.kind !== "grad" || from.j === undefined) throw new Error(`part ${t.sameAs} of ${preset} is not a weight's gradient`);
        expect(parts[i]).toEqual({ kind: "update", l: from.l, j: from.j, k: from.k, alpha: t.alpha });
      });
    }
  });

  it("custom specs without parts get the default chain, asked non-trivially", () => {
    const spec: NetworkSpec = { layers: [2, 2, 2, 1], activations: ["leaky_relu", "tanh", "linear"], loss: "half_sse", leakySlope: 0.2 };
    for (let seed = 0; seed < 100; seed++) {
      const { instance, parts } = generateVariant(spec, seed);
      expect(parts.map((p) => p.kind)).toEqual(["J", "delta", "delta", "grad", "update"]);
      for (const part of parts) expect(Math.abs(askedValue(instance, part)!)).toBeGreaterThanOrEqual(0.005);
    }
  });
});

describe("validateSpec and seeds", () => {
  function specError(input: unknown): SpecError {
    try {
      validateSpec(input);
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      return error as SpecError;
    }
    throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  }

  const base = { layers: [2, 3, 2], activations: ["relu", "linear"], loss: "half_sse" };

  it.each([
    [null, "spec", "must be an object"],
    [[1, 2], "spec", "must be an object"],
    [{ ...base, layers: [2] }, "spec.layers", "at least 2"],
    [{ ...base, layers: [2, 0, 2] }, "spec.layers[1]", "whole number"],
    [{ ...base, layers: [2, 7, 2] }, "spec.layers", "at most 5 layers of at most 6 units"],
    [{ ...base, layers: [2, 2, 2, 2, 2, 2], activations: ["relu", "relu", "relu", "relu", "linear"] }, "spec.layers", "at most 5 layers"],
    [{ ...base, activations: ["relu"] }, "spec.activations", "expected 2"],
    [{ ...base, activations: ["gelu", "linear"] }, "spec.activations[0]", "unknown activation"],
    [{ ...base, activations: ["softmax", "linear"] }, "spec.activations[0]", "only allowed on the output layer"],
    [{ ...base, loss: "cross_entropy" }, "spec.loss", "needs a softmax or sigmoid output"],
    [{ ...base, loss: "hinge" }, "spec.loss", "unknown loss"],
    [{ ...base, weightRange: [1, -1] }, "spec.weightRange", "min < max"],
    [{ ...base, weightRange: [0, 20] }, "spec.weightRange", "within ±10"],
    [{ ...base, inputRange: [0.11, 0.19] }, "spec.inputRange", "at least two one-decimal values"],
    [{ ...base, targetRange: "0..1" }, "spec.targetRange", "[min, max]"],
    [{ ...base, leakySlope: 1 }, "spec.leakySlope", "[0, 1)"],
    [{ ...base, leakySlope: Number.NaN }, "spec.leakySlope", "[0, 1)"],
    [{ ...base, parts: [] }, "spec.parts", "1 to 12 parts"],
    [{ ...base, parts: [{ kind: "delta", l: 4 }] }, "spec.parts[0].l", "from 2 to 3"],
    [{ ...base, parts: [{ kind: "delta", l: 2, unit: "sleepy" }] }, "spec.parts[0].unit", "any, alive or dead"],
    [{ ...base, parts: [{ kind: "J" }, { kind: "grad", l: 2, sameAs: 1 }] }, "spec.parts[1].sameAs", "earlier part"],
    [{ ...base, parts: [{ kind: "grad", l: 2, input: "weight" }] }, "spec.parts[0].input", "unit, bias or any"],
    [{ ...base, parts: [{ kind: "grad", l: 2 }, { kind: "update", l: 2, alpha: 0, sameAs: 0 }] }, "spec.parts[1].alpha", "learning rate"],
    [{ ...base, parts: [{ kind: "grad", l: 2 }, { kind: "update", l: 2, alpha: 0.1 }] }, "spec.parts[1].sameAs", "earlier grad part"],
    [{ ...base, parts: [{ kind: "hessian", l: 2 }] }, "spec.parts[0].kind", "must be one of"],
    [{ ...base, minAliveHidden: -1 }, "spec.minAliveHidden", "whole number"],
  ])("rejects %j naming %s", (input, field, fragment) => {
    const error = specError(input);
    expect(error.field).toBe(field);
    expect(error.message).toContain(fragment);
    // generateVariant validates a custom spec the same way
    if (input !== null && typeof input === "object" && !Array.isArray(input)) {
      expect(() => generateVariant(input as NetworkSpec, 1)).toThrow(SpecError);
    }
  });

  it("accepts a full custom spec and keeps its fields", () => {
    const spec = validateSpec({
      ...base,
      weightRange: [-2, 2],
      inputRange: [-1, 1],
      targetRange: [0, 1],
      leakySlope: 0.05,
      minAliveHidden: 2,
      parts: [{ kind: "J" }, { kind: "grad", l: 3, input: "bias" }, { kind: "update", l: 3, alpha: 0.2, sameAs: 1 }, { kind: "grad-matrix", l: 2 }],
      extra: "ignored",
    });
    expect(spec).toEqual({
      layers: [2, 3, 2],
      activations: ["relu", "linear"],
      loss: "half_sse",
      weightRange: [-2, 2],
      inputRange: [-1, 1],
      targetRange: [0, 1],
      leakySlope: 0.05,
      minAliveHidden: 2,
      parts: [{ kind: "J" }, { kind: "grad", l: 3, input: "bias" }, { kind: "update", l: 3, alpha: 0.2, sameAs: 1 }, { kind: "grad-matrix", l: 2 }],
    });
    const { instance, parts } = generateVariant(spec, 3);
    expect(parts[1]).toMatchObject({ kind: "grad", l: 3, k: 0 });
    expect(parts[3]).toEqual({ kind: "grad", l: 2 });
    for (const v of Object.values(instance.theta).flat(2)) expect(Math.abs(v)).toBeLessThanOrEqual(2);
  });

  it("rejects bad seeds and unknown presets", () => {
    for (const seed of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_SEED + 1, "7", null]) {
      expect(() => checkSeed(seed)).toThrow(SpecError);
      try {
        generateVariant("question-relu", seed as number);
        throw new Error(`seed ${String(seed)} was accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        expect((error as SpecError).field).toBe("seed");
      }
    }
    expect(checkSeed(12)).toBe(12);
    try {
      generateVariant("question-sigmoid", 1);
      throw new Error("unknown preset accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      expect((error as SpecError).field).toBe("preset");
      expect((error as SpecError).message).toContain("question-relu");
    }
  });

  it("regenerateVariant reproduces the current version and refuses any other", () => {
    expect(JSON.stringify(regenerateVariant("deep-4-3-3-2", 42, GENERATOR_VERSION))).toBe(JSON.stringify(generateVariant("deep-4-3-3-2", 42)));
    for (const version of [GENERATOR_VERSION - 1, GENERATOR_VERSION + 1, 0]) {
      try {
        regenerateVariant("deep-4-3-3-2", 42, version);
        throw new Error(`version ${version} accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(SpecError);
        expect((error as SpecError).field).toBe("generatorVersion");
      }
    }
  });
});
