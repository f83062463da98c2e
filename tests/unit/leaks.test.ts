import { describe, expect, it } from "vitest";
import { givenNumbers, leakedAnswers, leakForms, numbersIn, secretNumbers } from "../e2e/leaks";
import { generateVariant, scalarValue, solve, type ScalarTarget } from "../../lib/backprop";

describe("the answer-leak detector used by the end-to-end tests", () => {
  it("finds an answer in any rounding from 2 to 15 significant digits, in HTML or an RSC payload", () => {
    expect(leakedAnswers("<td>-0.69490</td>", [-0.6949])).toContain("0.6949");
    expect(leakedAnswers('{"children":"0.694900012"}', [-0.694900012])).not.toEqual([]);
    expect(leakedAnswers("x = 1.203 here", [1.2029999999999998])).toContain("1.203");
    expect(leakedAnswers("<mn>0.35</mn>", [0.3478])).toEqual(["0.35"]); // two significant digits
    expect(leakedAnswers("J = 0.12345678901234", [0.123456789012345])).toEqual(["0.12345678901234"]); // fourteen
    expect(leakedAnswers("tiny: 3.4e-5", [0.0000341])).toEqual(["0.000034"]);
    expect(leakedAnswers("3.41\\times 10^{-5}", [0.0000341])).toEqual(["0.0000341"]);
  });

  it("lists the roundings of a value once each", () => {
    expect(leakForms(0.34781)).toEqual(["0.35", "0.348", "0.3478", "0.34781"]);
    expect(leakForms(-2)).toEqual(["2"]);
  });

  it("ignores CSS lengths, percentages, longer numbers, integers and numbers shown on purpose", () => {
    expect(numbersIn('style="height:1.45em;top:-3.61em" width:0.5%')).toEqual(new Set());
    expect(numbersIn("id 3478 and 12")).toEqual(new Set());
    expect(leakedAnswers("1.4567", [1.45])).toEqual([]);
    expect(leakedAnswers("weight 0.5", [0.503], [0.5])).toEqual([]);
    expect(leakedAnswers("weight 0.5", [0.503])).toEqual(["0.5"]);
    expect(leakedAnswers("weight 0.50 then 0.503", [0.503], [0.5])).toEqual(["0.503"]);
  });

  it("knows every number a part can ask and every number the question gives", () => {
    const variant = generateVariant("question-relu", 7);
    const secrets = secretNumbers(variant.instance, variant.parts);
    const solution = solve(variant.instance);
    for (const part of variant.parts.filter((p) => !(p.kind === "grad" && p.j === undefined))) {
      const truth = scalarValue(variant.instance, solution, part as ScalarTarget);
      expect(secrets.some((s) => Math.abs(s - truth) < 1e-12), JSON.stringify(part)).toBe(true);
    }
    const given = givenNumbers(variant.instance, variant.parts);
    expect(given).toEqual(expect.arrayContaining([...variant.instance.x, ...variant.instance.y, 0.1]));
  });
});
