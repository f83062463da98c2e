// When a student may see a part's worked solution.
import { describe, expect, it } from "vitest";
import { maySeeSolution } from "@/lib/homework/policy";

const set = { opensAt: null, dueAt: new Date("2026-12-01T00:00:00Z"), lateUntil: null, latePercent: 0 };
const before = new Date("2026-11-30T00:00:00Z");
const after = new Date("2026-12-02T00:00:00Z");

describe("maySeeSolution", () => {
  it.each([
    // policy, part state, now, expected
    ["after_correct", { attemptsUsed: 1, correct: true }, before, true],
    ["after_correct", { attemptsUsed: 3, correct: false }, before, false],
    ["after_attempts", { attemptsUsed: 3, correct: false }, before, true],
    ["after_attempts", { attemptsUsed: 2, correct: false }, before, false],
    ["after_attempts", { attemptsUsed: 1, correct: true }, before, true],
    ["after_due", { attemptsUsed: 3, correct: false }, before, false],
    ["after_due", { attemptsUsed: 0, correct: false }, after, true],
    ["never", { attemptsUsed: 1, correct: true }, after, false],
  ] as const)("%s with %o at %s → %s", (policy, part, now, expected) => {
    expect(maySeeSolution(policy, part, 3, set, now)).toBe(expected);
  });

  it("withholds a finished part's solution while an earlier part is open: it contains that part's answer", () => {
    expect(maySeeSolution("after_correct", { attemptsUsed: 1, correct: true, earlierPartOpen: true }, 3, set, before)).toBe(false);
    expect(maySeeSolution("after_attempts", { attemptsUsed: 3, correct: false, earlierPartOpen: true }, 3, set, before)).toBe(false);
    // after the due date nothing can be answered any more, so nothing is given away
    expect(maySeeSolution("after_due", { attemptsUsed: 0, correct: false, earlierPartOpen: true }, 3, set, after)).toBe(true);
  });
});
