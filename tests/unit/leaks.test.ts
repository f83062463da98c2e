import { describe, expect, it } from "vitest";
import { leakedAnswers, numbersIn } from "../e2e/leaks";

describe("the answer-leak detector used by the end-to-end tests", () => {
  it("finds an answer in any rounding, in HTML or an RSC payload", () => {
    expect(leakedAnswers("<td>-0.69490</td>", [-0.6949])).toContain("0.6949");
    expect(leakedAnswers('{"children":"0.694900012"}', [-0.694900012])).not.toEqual([]);
    expect(leakedAnswers("x = 1.203 here", [1.2029999999999998])).toContain("1.203");
  });
  it("ignores CSS lengths, longer numbers and short values that also appear as weights", () => {
    expect(numbersIn('style="height:1.45em;top:-3.61em" width:0.5%')).toEqual(new Set());
    expect(leakedAnswers("1.4567", [1.45])).toEqual([]);
    expect(leakedAnswers("weight 0.5", [0.5])).toEqual([]);
  });
});
