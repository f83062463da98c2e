import { getDb, makeUser } from "./helpers";
import type { Prisma } from "@/lib/generated/prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createCourse, joinCourse, removeStudent, fetchCourse } from "@/lib/dal/courses";
import { createSetFromTemplate, fetchSet, fetchSetsForCourse, setPublished } from "@/lib/dal/problem-sets";
import { fetchItemView, fetchMyHistory, fetchWorkedSolution, startNewVariant, submitAnswer, previewItem } from "@/lib/dal/solving";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/dal/errors";
import { overrideScore } from "@/lib/dal/gradebook";
import { solve, scalarValue, type ScalarTarget, type Instance } from "@/lib/backprop";

type User = Awaited<ReturnType<typeof makeUser>>;

let instructor: User, student: User, other: User, outsider: User;
let courseId: string, setId: string, itemId: string;

function truthOf(instance: Instance, target: unknown) {
  return scalarValue(instance, solve(instance), target as ScalarTarget);
}

let keyCounter = 0;
const key = () => `test-key-${++keyCounter}-${Date.now()}`;

/** Stored submissions matching `where`, counted in the database (not through the data layer under test). */
async function submissionCount(where: Prisma.SubmissionWhereInput = {}): Promise<number> {
  return (await getDb()).submission.count({ where });
}

beforeAll(async () => {
  instructor = await makeUser("Instructor");
  student = await makeUser("Student");
  other = await makeUser("Other student");
  outsider = await makeUser("Outsider");
  const course = await createCourse(instructor, "Backprop 101");
  courseId = course.id;
  await joinCourse(student, course.joinCode!);
  await joinCourse(other, course.joinCode!);
  setId = (await createSetFromTemplate(instructor, courseId)).id;
  await setPublished(instructor, setId, true);
  const set = await fetchSet(instructor, setId);
  itemId = set.items[0].id;
});

describe("visibility", () => {
  it("hides the course and its sets from non-members", async () => {
    await expect(fetchCourse(outsider, courseId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(fetchSetsForCourse(outsider, courseId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(fetchSet(outsider, setId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(fetchItemView(outsider, itemId)).rejects.toBeInstanceOf(NotFoundError);
  });
  it("shows the join code to instructors only", async () => {
    expect((await fetchCourse(instructor, courseId)).joinCode).toMatch(/^[A-Z2-9]{7}$/);
    expect((await fetchCourse(student, courseId)).joinCode).toBeUndefined();
  });
  it("keeps previews for instructors", async () => {
    await expect(previewItem(student, itemId, 1)).rejects.toBeInstanceOf(ForbiddenError);
    const preview = await previewItem(instructor, itemId, 1);
    expect(preview.parts.length).toBeGreaterThan(0);
  });
});

describe("variants", () => {
  it("creates one variant per student on first visit and reuses it", async () => {
    const a = await fetchItemView(student, itemId);
    const b = await fetchItemView(student, itemId);
    expect(a.variant.id).toBe(b.variant.id);
    expect(a.variant.number).toBe(1);
    const c = await fetchItemView(other, itemId);
    expect(c.variant.id).not.toBe(a.variant.id);
  });
  it("never includes answers or solutions before any attempt", async () => {
    const view = await fetchItemView(student, itemId);
    for (const part of view.parts) expect(part.solution).toBeUndefined();
  });
  it("refuses another student's variant as not found, and stores nothing", async () => {
    const mine = await fetchItemView(student, itemId);
    const before = await submissionCount();
    await expect(submitAnswer(other, { variantId: mine.variant.id, partIndex: 0, answer: "1", idempotencyKey: key() })).rejects.toBeInstanceOf(NotFoundError);
    expect(await submissionCount()).toBe(before);
  });
});

describe("submitting", () => {
  it("does not use an attempt or store a row for invalid input", async () => {
    const view = await fetchItemView(student, itemId);
    const before = await submissionCount({ variantId: view.variant.id });
    const result = await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: "1/0", idempotencyKey: key() });
    expect(result.graded).toBe(false);
    expect(result.feedback.status).toBe("invalid");
    expect(result.feedback.message).toMatch(/zero/i);
    expect(result.part.attemptsUsed).toBe(0);
    expect(await submissionCount({ variantId: view.variant.id })).toBe(before);
  });

  it("stores every column of what it graded, readable by the model layer like any other row", async () => {
    const student = await makeUser("Row student");
    await joinCourse(student, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(student, itemId);
    const truth = truthOf(view.variant.instance, view.parts[0].target);
    const receivedAt = new Date(Date.now() - 1234);
    const idempotencyKey = key();
    const wrong = Math.round(truth) + 7; // an integer, so the parsed value is exact
    const result = await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: String(wrong), idempotencyKey }, receivedAt);
    expect(result.graded).toBe(true);
    const stored = await (await getDb()).submission.findUniqueOrThrow({ where: { userId_idempotencyKey: { userId: student.id, idempotencyKey } } });
    expect(stored).toEqual({
      id: expect.any(String),
      variantId: view.variant.id,
      userId: student.id,
      itemId,
      partIndex: 0,
      attempt: 1,
      rawAnswer: String(wrong),
      parsedValue: wrong,
      expectedJson: JSON.stringify(truth),
      status: "incorrect",
      score: 0,
      lateFactor: 1,
      late: false,
      mistake: result.feedback.diagnosis?.mistake ?? null,
      carriedForward: false,
      message: result.feedback.message,
      idempotencyKey,
      createdAt: receivedAt,
    });
    // stored in the same form as rows the model layer writes: they sort together by time
    const earlier = await (await getDb()).submission.create({
      data: { ...stored, id: undefined, attempt: 2, idempotencyKey: key(), createdAt: new Date(receivedAt.getTime() - 1) },
    });
    const newer = await (await getDb()).submission.create({
      data: { ...stored, id: undefined, attempt: 3, idempotencyKey: key(), createdAt: new Date(receivedAt.getTime() + 1) },
    });
    const order = await (await getDb()).submission.findMany({ where: { userId: student.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
    expect(order.map((r) => r.id)).toEqual([earlier.id, stored.id, newer.id]);
    expect((await fetchMyHistory(student, itemId)).map((h) => h.attempt)).toEqual([3, 1, 2]);
  });

  it("counts attempts, refuses more, and shows the solution when they run out (after_attempts) once the earlier parts are finished", async () => {
    const student = await makeUser("Solution student"); // answers part 1 too, which later tests keep open
    await joinCourse(student, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(student, itemId);
    const part = view.parts[1];
    const truth = truthOf(view.variant.instance, part.target);
    for (let i = 1; i <= part.maxAttempts; i++) {
      const r = await submitAnswer(student, { variantId: view.variant.id, partIndex: 1, answer: String(truth * 3 + 1), idempotencyKey: key() });
      expect(r.feedback.status).toBe("incorrect");
      expect(r.part.attemptsUsed).toBe(i);
      // part 1 is still open, and part 2's worked solution walks through its value: it waits
      expect(r.part.solution).toBeUndefined();
      expect(r.part.solutionWaitsForEarlierParts === true).toBe(i === part.maxAttempts);
    }
    await expect(submitAnswer(student, { variantId: view.variant.id, partIndex: 1, answer: String(truth), idempotencyKey: key() })).rejects.toBeInstanceOf(ConflictError);
    expect((await fetchItemView(student, itemId)).parts[1].solution).toBeUndefined();
    // the page's button loads it from the server, which applies the same rule
    await expect(fetchWorkedSolution(student, view.variant.id, 1)).rejects.toThrow("once the earlier parts are finished");
    await expect(fetchWorkedSolution(student, view.variant.id, 0)).rejects.toThrow("after a correct answer or when attempts run out");
    // part 1 answered correctly: both solutions may be shown now
    const first = truthOf(view.variant.instance, view.parts[0].target);
    expect((await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: String(first), idempotencyKey: key() })).feedback.status).toBe("correct");
    const after = await fetchItemView(student, itemId);
    expect(after.parts[1].solution?.answer).toBeCloseTo(truth, 12);
    expect(after.parts[1].solutionWaitsForEarlierParts).toBeUndefined();
    expect(after.parts[0].solution?.answer).toBeCloseTo(first, 12);
    expect(after.parts[2].solution).toBeUndefined(); // untouched
    const loaded = await fetchWorkedSolution(student, view.variant.id, 1);
    expect(loaded.target).toEqual(part.target);
    expect(loaded.solution.answer).toBeCloseTo(truth, 12);
    expect(loaded.solution.steps.length).toBeGreaterThan(1);
    await expect(fetchWorkedSolution(student, view.variant.id, 2)).rejects.toBeInstanceOf(ConflictError);
    await expect(fetchWorkedSolution(student, view.variant.id, 99)).rejects.toThrow(/has parts 1 to \d+/);
    // another student, even of the same course, gets nothing of this variant
    await expect(fetchWorkedSolution(other, view.variant.id, 1)).rejects.toBeInstanceOf(NotFoundError);
    // removed from the course: refused from then on
    await removeStudent(instructor, courseId, student.id);
    await expect(fetchWorkedSolution(student, view.variant.id, 1)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reports the score that counts after an answer: an instructor's override, until it is cleared", async () => {
    const s = await makeUser("Override student");
    await joinCourse(s, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(s, itemId);
    await overrideScore(instructor, { courseId, studentId: s.id, itemId, points: 7, reason: "regrade" });
    const wrong = (n: number) => submitAnswer(s, { variantId: view.variant.id, partIndex: 0, answer: String(98765 + n), idempotencyKey: key() });
    expect((await wrong(1)).itemScore).toBeCloseTo(7 / view.points, 12);
    await overrideScore(instructor, { courseId, studentId: s.id, itemId, points: null, reason: "back to computed" });
    expect((await wrong(2)).itemScore).toBe(0);
  });

  it("keeps a scalar answer typed with brackets as text (it is not a matrix)", async () => {
    const fresh = await makeUser("Bracket student");
    await joinCourse(fresh, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(fresh, itemId);
    const r = await submitAnswer(fresh, { variantId: view.variant.id, partIndex: 1, answer: "[0.5]*2", idempotencyKey: key() });
    expect(r.graded).toBe(true);
    const again = await fetchItemView(fresh, itemId);
    expect(again.parts[1].lastAnswer).toBe("[0.5]*2");
    // a later part reads it back as an earlier answer without failing
    const later = await submitAnswer(fresh, { variantId: view.variant.id, partIndex: 2, answer: "0.123", idempotencyKey: key() });
    expect(later.graded).toBe(true);
  });

  it("grades a correct answer, updates progress, and refuses to grade the part again", async () => {
    const view = await fetchItemView(student, itemId);
    const truth = truthOf(view.variant.instance, view.parts[0].target);
    const r = await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: String(truth), idempotencyKey: key() });
    expect(r.feedback.status).toBe("correct");
    expect(r.part.correct).toBe(true);
    // part 0 scored 1, part 1 scored 0, out of all parts
    expect(r.itemScore).toBeCloseTo(1 / view.parts.length, 12);
    await expect(submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: String(truth), idempotencyKey: key() })).rejects.toBeInstanceOf(ConflictError);
    const set = await fetchSet(student, setId);
    expect(set.items[0].progress?.score).toBeCloseTo(1 / view.parts.length, 12);
    expect(set.progress?.points).toBeCloseTo((10 * 1) / view.parts.length, 12);
  });

  it("replays a retried request with the same idempotency key instead of using another attempt", async () => {
    const view = await fetchItemView(other, itemId);
    const input = { variantId: view.variant.id, partIndex: 0, answer: "12345", idempotencyKey: key() };
    const results = await Promise.all([submitAnswer(other, input), submitAnswer(other, input), submitAnswer(other, input)].map((p) => p.catch((e) => e)));
    for (const r of results) expect(r).not.toBeInstanceOf(Error);
    expect(await submissionCount({ variantId: view.variant.id, partIndex: 0 })).toBe(1);
    const again = await fetchItemView(other, itemId);
    expect(again.parts[0].attemptsUsed).toBe(1);
    // the same key for a different part is refused rather than replayed
    await expect(submitAnswer(other, { ...input, partIndex: 1 })).rejects.toBeInstanceOf(ConflictError);
  });

  it("lets only one of many racing submissions take the last attempt", async () => {
    const view = await fetchItemView(other, itemId);
    const partIndex = 2;
    const used = view.parts[partIndex].attemptsUsed;
    const max = view.parts[partIndex].maxAttempts;
    for (let i = used; i < max - 1; i++) {
      await submitAnswer(other, { variantId: view.variant.id, partIndex, answer: "999", idempotencyKey: key() });
    }
    const racers = await Promise.all(
      Array.from({ length: 10 }, () => submitAnswer(other, { variantId: view.variant.id, partIndex, answer: "998", idempotencyKey: key() }).then(() => "graded", (e) => e)),
    );
    expect(racers.filter((r) => r === "graded")).toHaveLength(1);
    for (const r of racers) if (r !== "graded") expect(r).toBeInstanceOf(ConflictError);
    expect(await submissionCount({ variantId: view.variant.id, partIndex })).toBe(max);
  });

  it("recognises an error carried forward from the student's own earlier part", async () => {
    const fresh = await makeUser("ECF student");
    await joinCourse(fresh, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(fresh, itemId);
    // question-relu parts: J, δ(3)_i, ∂J/∂Θ(3)_ij (same i), …
    const [, deltaPart, gradPart] = view.parts;
    expect(deltaPart.target.kind).toBe("delta");
    expect(gradPart.target.kind).toBe("grad");
    const s = solve(view.variant.instance);
    const wrongDelta = -scalarValue(view.variant.instance, s, deltaPart.target as ScalarTarget);
    await submitAnswer(fresh, { variantId: view.variant.id, partIndex: 1, answer: String(wrongDelta), idempotencyKey: key() });
    const g = gradPart.target as { l: number; j: number; k: number };
    const input = g.k === 0 ? 1 : s.a[String(g.l - 1)][g.k - 1];
    const r = await submitAnswer(fresh, { variantId: view.variant.id, partIndex: 2, answer: String(wrongDelta * input), idempotencyKey: key() });
    expect(r.feedback.status).toBe("incorrect");
    expect(r.feedback.carriedForward).toBe(true);
    expect(await submissionCount({ variantId: view.variant.id, partIndex: 2, score: 0.5 })).toBe(1);
  });
});

describe("late policy by the server clock", () => {
  it("gives full credit on time, the late percentage in the late period, and refuses after", async () => {
    const db = await getDb();
    const now = Date.now();
    await db.problemSet.update({ where: { id: setId }, data: { dueAt: new Date(now - 3600_000), lateUntil: new Date(now + 3600_000), latePercent: 40 } });
    const late = await makeUser("Late student");
    await joinCourse(late, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(late, itemId);
    expect(view.timing).toBe("late");
    const truth = truthOf(view.variant.instance, view.parts[0].target);
    const r = await submitAnswer(late, { variantId: view.variant.id, partIndex: 0, answer: String(truth), idempotencyKey: key() });
    expect(r.feedback.status).toBe("correct");
    expect(r.itemScore).toBeCloseTo(0.4 / view.parts.length, 12);
    expect(await submissionCount({ variantId: view.variant.id, late: true })).toBe(1);
    // after the late period: closed
    const afterLate = new Date(now + 2 * 3600_000);
    await expect(submitAnswer(late, { variantId: view.variant.id, partIndex: 1, answer: "1", idempotencyKey: key() }, afterLate)).rejects.toThrow(/closed/);
    await db.problemSet.update({ where: { id: setId }, data: { dueAt: new Date(now + 7 * 24 * 3600_000), lateUntil: null, latePercent: 0 } });
  });
});

describe("new variants and removal", () => {
  it("starts a new variant that keeps the old submissions and the best score", async () => {
    const before = await fetchItemView(student, itemId);
    const { number } = await startNewVariant(student, itemId);
    expect(number).toBe(before.variant.number + 1);
    const after = await fetchItemView(student, itemId);
    expect(after.variant.id).not.toBe(before.variant.id);
    expect(after.parts.every((p) => p.attemptsUsed === 0)).toBe(true);
    expect(after.score).toBeCloseTo(before.score, 12);
    // the replaced variant takes no more answers
    await expect(submitAnswer(student, { variantId: before.variant.id, partIndex: 3, answer: "1", idempotencyKey: key() })).rejects.toThrow(/newer variant/);
    expect(await submissionCount({ variantId: before.variant.id })).toBeGreaterThan(0);
  });

  it("keeps a student's history across variants, and shows each student only their own", async () => {
    const mine = await fetchMyHistory(student, itemId);
    const variantsSeen = new Set(mine.map((h) => h.variantNumber));
    expect(variantsSeen.size).toBeGreaterThanOrEqual(1);
    expect(mine.length).toBe(await submissionCount({ user: { id: student.id }, itemId }));
    const theirs = await fetchMyHistory(other, itemId);
    expect(theirs.length).toBe(await submissionCount({ userId: other.id, itemId }));
    expect(mine.map((h) => h.answer)).not.toContain("12345"); // other's replayed answer above
    await expect(fetchMyHistory(outsider, itemId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("history and the question page show the stored rows field by field, with their types", async () => {
    const db = await getDb();
    const before = await fetchItemView(student, itemId);
    for (const part of before.parts.filter((p) => !p.done)) {
      await submitAnswer(student, { variantId: before.variant.id, partIndex: part.index, answer: "0.123", idempotencyKey: key() });
    }
    const stored = await db.submission.findMany({ where: { userId: student.id, itemId }, orderBy: { createdAt: "desc" }, include: { variant: { select: { number: true } } } });
    expect(stored.length).toBeGreaterThan(1);
    // one row marked late, with a late factor, a diagnosis and carried-forward credit, so that booleans and products show
    await db.submission.update({ where: { id: stored[0].id }, data: { late: true, lateFactor: 0.5, carriedForward: true, mistake: "sign_flip" } });
    const history = await fetchMyHistory(student, itemId);
    expect(history).toEqual(
      stored.map((row, i) => ({
        variantNumber: row.variant.number,
        partIndex: row.partIndex,
        attempt: row.attempt,
        answer: row.rawAnswer,
        status: row.status,
        score: i === 0 ? row.score * 0.5 : row.score * row.lateFactor,
        late: i === 0 ? true : row.late,
        mistake: i === 0 ? "sign_flip" : row.mistake,
        carriedForward: i === 0 ? true : row.carriedForward,
        at: row.createdAt,
      })),
    );
    const newest = await db.variant.findFirstOrThrow({ where: { userId: student.id, itemId }, orderBy: { number: "desc" } });
    const view = await fetchItemView(student, itemId);
    expect(view.variant.id).toBe(newest.id);
    expect(view.variant.number).toBe(newest.number);
    const onVariant = stored.filter((row) => row.variantId === newest.id);
    for (const part of view.parts) {
      const mine = onVariant.filter((row) => row.partIndex === part.index).sort((a, b) => a.attempt - b.attempt);
      expect(part.attemptsUsed).toBe(mine.length);
      if (mine.length) expect(part.lastAnswer).toBe(mine.at(-1)!.rawAnswer);
    }
    if (stored[0].variantId === newest.id) {
      const part = view.parts[stored[0].partIndex];
      if (part.lastAnswer === stored[0].rawAnswer) expect(part.lastFeedback?.carriedForward).toBe(true);
    }
  });

  it("takes effect at once when a student is removed", async () => {
    const leaving = await makeUser("Leaving");
    await joinCourse(leaving, (await fetchCourse(instructor, courseId)).joinCode!);
    const view = await fetchItemView(leaving, itemId);
    await expect(removeStudent(student, courseId, leaving.id)).rejects.toBeInstanceOf(ForbiddenError);
    await removeStudent(instructor, courseId, leaving.id);
    await expect(fetchItemView(leaving, itemId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(submitAnswer(leaving, { variantId: view.variant.id, partIndex: 0, answer: "1", idempotencyKey: key() })).rejects.toBeInstanceOf(NotFoundError);
  });
});
