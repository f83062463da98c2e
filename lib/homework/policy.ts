// Homework rules that need no database: lateness by the server clock, when solutions show, how parts score.
export type SolutionPolicy = "after_correct" | "after_attempts" | "after_due" | "never";
export const SOLUTION_POLICIES: readonly SolutionPolicy[] = ["after_correct", "after_attempts", "after_due", "never"];
export const SOLUTION_POLICY_LABELS: Record<SolutionPolicy, string> = {
  after_correct: "after the part is answered correctly",
  after_attempts: "after a correct answer or when attempts run out",
  after_due: "after the due date (and late period)",
  never: "never",
};

/** Why a finished part's worked solution is not shown yet (the page says it; the server refuses with it). */
export const SOLUTION_WAITS_FOR_EARLIER_PARTS = "The worked solution appears once the earlier parts are finished: it uses their values.";

export interface SetDates {
  opensAt: Date | null;
  dueAt: Date | null;
  lateUntil: Date | null;
  latePercent: number;
}

export type Timing =
  | { state: "not_open"; opensAt: Date }
  | { state: "on_time"; lateFactor: 1 }
  | { state: "late"; lateFactor: number }
  | { state: "closed" };

/** Where `now` falls for a set: before opening, on time, in the late period (reduced credit), or closed. */
export function submissionTiming(set: SetDates, now: Date): Timing {
  if (set.opensAt && now < set.opensAt) return { state: "not_open", opensAt: set.opensAt };
  if (!set.dueAt || now <= set.dueAt) return { state: "on_time", lateFactor: 1 };
  if (set.lateUntil && now <= set.lateUntil && set.latePercent > 0) return { state: "late", lateFactor: set.latePercent / 100 };
  return { state: "closed" };
}

export interface PartState {
  attemptsUsed: number;
  correct: boolean;
  /** an earlier part of the variant can still be answered: later parts' worked solutions contain its value */
  earlierPartOpen?: boolean;
}

/** Whether the worked solution and expected answer of a part may be shown to the student now. */
export function maySeeSolution(policy: SolutionPolicy, part: PartState, maxAttempts: number, set: SetDates, now: Date): boolean {
  switch (policy) {
    case "after_correct":
      return part.correct && !part.earlierPartOpen;
    case "after_attempts":
      return (part.correct || part.attemptsUsed >= maxAttempts) && !part.earlierPartOpen;
    case "after_due": {
      const end = set.lateUntil && set.dueAt && set.lateUntil > set.dueAt ? set.lateUntil : set.dueAt;
      return end !== null && now > end;
    }
    case "never":
      return false;
  }
}

export interface GradedAttempt {
  partIndex: number;
  score: number;
  lateFactor: number;
}

/** Score of one variant in [0, 1]: mean over parts of each part's best (score × late factor). */
export function variantScore(attempts: GradedAttempt[], partCount: number): number {
  if (partCount === 0) return 0;
  const best = new Array<number>(partCount).fill(0);
  for (const a of attempts) {
    if (a.partIndex >= 0 && a.partIndex < partCount) best[a.partIndex] = Math.max(best[a.partIndex], a.score * a.lateFactor);
  }
  return best.reduce((s, v) => s + v, 0) / partCount;
}
