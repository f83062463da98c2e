// Every way an instance or a target can break the contract throws a typed error that names the field.
import { describe, it, expect } from "vitest";
import { InstanceError, SpecError, validateInstance, validateTarget, type Instance } from "@/lib/backprop";

function question(): Record<string, unknown> & { theta: Record<string, unknown> } {
  return {
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
}

/** A softmax + cross-entropy instance, valid as written. */
function classifier(): Record<string, unknown> & { theta: Record<string, unknown> } {
  return {
    layers: [2, 3],
    activations: ["softmax"],
    loss: "cross_entropy",
    theta: { "2": [[0.1, 0.2, 0.3], [0.4, -0.5, 0.6], [-0.7, 0.8, 0.9]] },
    x: [1, -1],
    y: [0, 1, 0],
  };
}

function instanceError(input: unknown): InstanceError {
  try {
    validateInstance(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InstanceError);
    return error as InstanceError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

function expectInvalid(input: unknown, field: string, fragment: string | RegExp): void {
  const error = instanceError(input);
  expect(error.field).toBe(field);
  expect(error.message.startsWith(`${field}: `) || error.message.startsWith(`${field} row `)).toBe(true);
  if (typeof fragment === "string") expect(error.message).toContain(fragment);
  else expect(error.message).toMatch(fragment);
}

function withChange(base: () => Record<string, unknown>, change: (i: Record<string, any>) => void) {
  const instance = base();
  change(instance);
  return instance;
}

describe("validateInstance accepts the contract", () => {
  it("returns a clean copy: only the contract's fields, meta kept", () => {
    const input = { ...question(), comment: "ignored", meta: { preset: "question-relu", seed: 7, generatorVersion: 1 } };
    const copy = validateInstance(input);
    expect(copy).toEqual({ ...question(), meta: { preset: "question-relu", seed: 7, generatorVersion: 1 } });
    expect(copy).not.toHaveProperty("comment");
    expect(copy.theta).not.toBe(input.theta);
  });

  it("accepts softmax + cross-entropy, sigmoid + cross-entropy with targets in [0, 1], and leakySlope in [0, 1)", () => {
    expect(() => validateInstance(classifier())).not.toThrow();
    const sigmoid = withChange(question, (i) => {
      i.activations = ["tanh", "sigmoid"];
      i.loss = "cross_entropy";
      i.y = [0, 1];
    });
    expect(validateInstance(sigmoid).y).toEqual([0, 1]);
    expect(validateInstance(withChange(question, (i) => (i.leakySlope = 0))).leakySlope).toBe(0);
    expect(validateInstance(withChange(question, (i) => (i.leakySlope = 0.99))).leakySlope).toBe(0.99);
  });
});

describe("validateInstance rejects", () => {
  it("input that is not an object", () => {
    for (const input of [null, undefined, 42, "instance", [], [question()], true]) {
      expectInvalid(input, "instance", "must be a JSON object");
    }
  });

  it("a theta row with the wrong number of columns", () => {
    const input = withChange(question, (i) => (i.theta["3"][1] = [0.1, 0.2, 0.3]));
    expectInvalid(input, "theta.3", "row 2 has 3 columns, expected 4");
    expect(instanceError(input).message).toBe("theta.3 row 2 has 3 columns, expected 4");
  });

  it("a theta matrix with the wrong number of rows", () => {
    expectInvalid(withChange(question, (i) => i.theta["2"].pop()), "theta.2", "has 2 rows, expected 3");
    expectInvalid(withChange(question, (i) => i.theta["3"].push([0, 0, 0, 0])), "theta.3", "has 3 rows, expected 2");
  });

  it("a theta layer that is missing or not a matrix", () => {
    expectInvalid(withChange(question, (i) => delete i.theta["3"]), "theta.3", "is missing");
    expectInvalid(withChange(question, (i) => (i.theta["2"] = "weights")), "theta.2", "must be an array of 3 rows");
    expectInvalid(withChange(question, (i) => (i.theta["2"][0] = 0.5)), "theta.2", "row 1 must be an array of 3 numbers");
    expectInvalid(withChange(question, (i) => (i.theta = [[1]])), "theta", "must be an object keyed by layer number");
    expectInvalid(withChange(question, (i) => delete i.theta), "theta", "must be an object");
  });

  it("an extra theta key", () => {
    for (const key of ["1", "4", "02", "x", "2.0"]) {
      expectInvalid(withChange(question, (i) => (i.theta[key] = [[1]])), `theta.${key}`, "is not a layer of this network");
    }
  });

  it("an unknown activation, and the wrong number of activations", () => {
    expectInvalid(withChange(question, (i) => (i.activations = ["relu", "swish"])), "activations[1]", 'unknown activation "swish"');
    expectInvalid(withChange(question, (i) => (i.activations = [3, "linear"])), "activations[0]", "unknown activation");
    expectInvalid(withChange(question, (i) => (i.activations = ["relu"])), "activations", "has 1 entries, expected 2");
    expectInvalid(withChange(question, (i) => (i.activations = "relu")), "activations", "must be an array");
  });

  it("softmax in a hidden layer, or on a single output unit", () => {
    expectInvalid(withChange(question, (i) => (i.activations = ["softmax", "linear"])), "activations[0]", "softmax is only allowed on the output layer");
    const single = withChange(question, (i) => {
      i.layers = [2, 3, 1];
      i.activations = ["relu", "softmax"];
      i.theta["3"] = [[0.2, 0.5, -0.3, 0.1]];
      i.y = [1];
    });
    expectInvalid(single, "activations[1]", "softmax needs at least 2 output units");
  });

  it("cross_entropy with an output that is not softmax or sigmoid, and an unknown loss", () => {
    expectInvalid(withChange(question, (i) => (i.loss = "cross_entropy")), "loss", "cross_entropy needs a softmax or sigmoid output layer, not linear");
    expectInvalid(
      withChange(question, (i) => {
        i.loss = "cross_entropy";
        i.activations = ["relu", "relu"];
      }),
      "loss",
      "not relu",
    );
    expectInvalid(withChange(question, (i) => (i.loss = "mse")), "loss", 'unknown loss "mse"');
    expectInvalid(withChange(question, (i) => delete i.loss), "loss", "unknown loss");
  });

  it("cross-entropy targets outside [0, 1]", () => {
    expectInvalid(withChange(classifier, (i) => (i.y = [0, 1.5, 0])), "y[1]", "cross_entropy targets must lie in [0, 1], got 1.5");
    expectInvalid(withChange(classifier, (i) => (i.y = [-0.1, 1, 0])), "y[0]", "got -0.1");
    // half_sse targets may be anything finite
    expect(() => validateInstance(withChange(question, (i) => (i.y = [-3, 7])))).not.toThrow();
  });

  it("NaN and ±Infinity anywhere", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expectInvalid(withChange(question, (i) => (i.x[1] = bad)), "x[1]", `must be a finite number, got ${bad}`);
      expectInvalid(withChange(question, (i) => (i.y[0] = bad)), "y[0]", "must be a finite number");
      expectInvalid(withChange(question, (i) => (i.theta["2"][2][1] = bad)), "theta.2", "row 3 column 2 must be a finite number");
      expectInvalid(withChange(question, (i) => (i.theta["3"][0][0] = bad)), "theta.3", "row 1 column 1 must be a finite number");
      expectInvalid(withChange(classifier, (i) => (i.y[2] = bad)), "y[2]", "must be a finite number");
    }
    expectInvalid(withChange(question, (i) => (i.x[0] = "0.5")), "x[0]", 'must be a finite number, got "0.5"');
    expectInvalid(withChange(question, (i) => (i.theta["3"][1][3] = null)), "theta.3", "row 2 column 4 must be a finite number, got null");
  });

  it("x or y of the wrong length, or not arrays", () => {
    expectInvalid(withChange(question, (i) => (i.x = [0.5])), "x", "has 1 entries, expected 2");
    expectInvalid(withChange(question, (i) => (i.x = [0.5, 0.1, 0.2])), "x", "has 3 entries, expected 2");
    expectInvalid(withChange(question, (i) => (i.y = [0.3, 0.2, 0.1])), "y", "has 3 entries, expected 2");
    expectInvalid(withChange(question, (i) => (i.y = 0.3)), "y", "must be an array of 2 numbers");
    expectInvalid(withChange(question, (i) => delete i.x), "x", "must be an array");
  });

  it("a bad layers list", () => {
    expectInvalid(withChange(question, (i) => (i.layers = [2])), "layers", "at least 2");
    expectInvalid(withChange(question, (i) => (i.layers = "2-3-2")), "layers", "at least 2");
    expectInvalid(withChange(question, (i) => (i.layers = [2, 0, 2])), "layers[1]", "whole number of units");
    expectInvalid(withChange(question, (i) => (i.layers = [2, 2.5, 2])), "layers[1]", "whole number of units");
    expectInvalid(withChange(question, (i) => (i.layers = new Array(13).fill(1))), "layers", "at most 12");
  });

  it("a bad leakySlope", () => {
    for (const slope of [-0.1, 1, 2, Number.NaN, Number.POSITIVE_INFINITY, "0.1", null]) {
      expectInvalid(withChange(question, (i) => (i.leakySlope = slope)), "leakySlope", "must be a number in [0, 1)");
    }
  });
});

describe("validateTarget", () => {
  const instance = validateInstance(question()) as Instance;

  function specError(target: unknown): SpecError {
    try {
      validateTarget(target, instance);
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      return error as SpecError;
    }
    throw new Error(`expected ${JSON.stringify(target)} to be rejected`);
  }

  function expectRejected(target: unknown, field: string, fragment: string): void {
    const error = specError(target);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toContain(fragment);
  }

  it("accepts every kind of target within range", () => {
    expect(validateTarget({ kind: "J" }, instance)).toEqual({ kind: "J" });
    expect(validateTarget({ kind: "a", l: 1, j: 2 }, instance)).toEqual({ kind: "a", l: 1, j: 2 });
    expect(validateTarget({ kind: "z", l: 3, j: 2 }, instance)).toEqual({ kind: "z", l: 3, j: 2 });
    expect(validateTarget({ kind: "delta", l: 2, j: 3 }, instance)).toEqual({ kind: "delta", l: 2, j: 3 });
    expect(validateTarget({ kind: "grad", l: 3, j: 2, k: 0 }, instance)).toEqual({ kind: "grad", l: 3, j: 2, k: 0 });
    expect(validateTarget({ kind: "grad", l: 3, j: 2, k: 3 }, instance)).toEqual({ kind: "grad", l: 3, j: 2, k: 3 });
    expect(validateTarget({ kind: "grad", l: 2 }, instance)).toEqual({ kind: "grad", l: 2 });
    expect(validateTarget({ kind: "update", l: 2, j: 1, k: 2, alpha: 0.5 }, instance)).toEqual({ kind: "update", l: 2, j: 1, k: 2, alpha: 0.5 });
    expect(validateTarget({ kind: "update", l: 2, j: 1, k: 2 }, instance)).toEqual({ kind: "update", l: 2, j: 1, k: 2 });
  });

  it("rejects layers out of range", () => {
    expectRejected({ kind: "z", l: 1, j: 1 }, "target.l", "from 2 to 3, got 1");
    expectRejected({ kind: "a", l: 0, j: 1 }, "target.l", "from 1 to 3, got 0");
    expectRejected({ kind: "delta", l: 4, j: 1 }, "target.l", "got 4");
    expectRejected({ kind: "grad", l: 1, j: 1, k: 0 }, "target.l", "got 1");
    expectRejected({ kind: "update", l: 2.5, j: 1, k: 0 }, "target.l", "got 2.5");
    expectRejected({ kind: "delta", j: 1 }, "target.l", "got undefined");
  });

  it("rejects units out of range", () => {
    expectRejected({ kind: "z", l: 2, j: 4 }, "target.j", "unit of layer 2 from 1 to 3, got 4");
    expectRejected({ kind: "a", l: 3, j: 0 }, "target.j", "from 1 to 2, got 0");
    expectRejected({ kind: "grad", l: 3, j: 3, k: 1 }, "target.j", "from 1 to 2, got 3");
    expectRejected({ kind: "grad", l: 3, j: 1, k: 4 }, "target.k", "unit of layer 2 from 0 to 3, got 4");
    expectRejected({ kind: "grad", l: 2, j: 1, k: -1 }, "target.k", "from 0 to 2, got -1");
    expectRejected({ kind: "grad", l: 2, k: 1 }, "target.j", "got undefined");
    expectRejected({ kind: "grad", l: 2, j: 1 }, "target.k", "got undefined");
    expectRejected({ kind: "update", l: 2, j: "1", k: 0 }, "target.j", "got 1");
  });

  it("rejects a non-positive learning rate", () => {
    for (const alpha of [0, -0.1, Number.NaN, "0.1"]) {
      expectRejected({ kind: "update", l: 2, j: 1, k: 0, alpha }, "target.alpha", "must be a positive number");
    }
  });

  it("rejects an unknown kind or a non-object", () => {
    expectRejected({ kind: "weight", l: 2, j: 1 }, "target.kind", 'got "weight"');
    expectRejected({ l: 2, j: 1 }, "target.kind", "got nothing");
    for (const target of [null, "J", 3, [{ kind: "J" }]]) expectRejected(target, "target", "must be an object");
  });
});
