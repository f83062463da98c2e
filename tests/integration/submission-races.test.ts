// Submissions under races, on the data layer and the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres):
// one request sent many times at once, many answers racing for the last attempt, stored progress that must
// converge when one student's answers arrive together, and lateness judged by the server's clock at receipt.
import { getDb, makeUser } from "./helpers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { UserDTO } from "@/lib/dal/users";

const session = vi.hoisted(() => ({ user: null as UserDTO | null, whileAuthenticating: (() => undefined) as () => void }));
vi.mock("@/lib/dal/session", () => ({
  getCurrentUser: async () => session.user,
  requireUser: async () => {
    // a slow session check: whatever happens to the clock now must not move the time of receipt
    session.whileAuthenticating();
    await new Promise((r) => setTimeout(r, 5));
    return session.user;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { createCourse, joinCourse } from "@/lib/dal/courses";
import { createSetFromTemplate, fetchSet, setPublished } from "@/lib/dal/problem-sets";
import { ConflictError } from "@/lib/dal/errors";
import { fetchItemView, submitAnswer } from "@/lib/dal/solving";
import { POST } from "@/app/api/submissions/route";
import type { ActionResult } from "@/lib/actions/result";
import type { SubmitReply } from "@/lib/present/parts";
import { variantScore } from "@/lib/homework/policy";

type User = Awaited<ReturnType<typeof makeUser>>;
let instructor: User;
let joinCode: string;
let setId: string;
let itemId: string;

let keyCounter = 0;
const key = () => `race-${++keyCounter}-${Date.now()}`;

beforeAll(async () => {
  instructor = await makeUser("Instructor");
  const course = await createCourse(instructor, "Races 101");
  joinCode = course.joinCode!;
  setId = (await createSetFromTemplate(instructor, course.id)).id;
  await setPublished(instructor, setId, true);
  itemId = (await fetchSet(instructor, setId)).items[0].id;
});

/** An answer as the question page's form posts it to the route handler (session mocked above). */
async function postAnswer(input: Record<string, unknown>): Promise<ActionResult<SubmitReply>> {
  const response = await POST(
    new Request("http://app.test/api/submissions", {
      method: "POST",
      headers: { host: "app.test", origin: "http://app.test", "content-type": "application/json" },
      body: JSON.stringify(input),
    }),
  );
  const result = (await response.json()) as ActionResult<SubmitReply>;
  expect(response.status).toBe(result.ok ? 200 : result.status);
  return result;
}

async function newStudent(name: string) {
  const user = await makeUser(name);
  await joinCourse(user, joinCode);
  return user;
}

/** The stored progress next to what the stored submissions say it must be (the same rule as the app's, in JS). */
async function progressAndTruth(userId: string) {
  const db = await getDb();
  const progress = await db.itemProgress.findUnique({ where: { userId_itemId: { userId, itemId } } });
  const rows = await db.submission.findMany({ where: { userId, itemId } });
  const newest = await db.variant.findFirst({ where: { userId, itemId }, orderBy: { number: "desc" } });
  const partsTotal = progress?.partsTotal ?? 0;
  const byVariant = new Map<string, typeof rows>();
  for (const r of rows) byVariant.set(r.variantId, [...(byVariant.get(r.variantId) ?? []), r]);
  const score = Math.max(0, ...[...byVariant.values()].map((v) => variantScore(v, partsTotal)));
  const partsDone = new Set(rows.filter((r) => r.variantId === newest?.id && r.status === "correct").map((r) => r.partIndex)).size;
  return { stored: progress && { score: progress.score, partsDone: progress.partsDone }, truth: { score, partsDone }, rows };
}

describe("one submission sent five times at once (one idempotency key)", () => {
  it("stores one row, uses one attempt, and answers all five alike", async () => {
    const student = await newStudent("Impatient");
    const view = await fetchItemView(student, itemId);
    const input = { variantId: view.variant.id, partIndex: 1, answer: "12345.678", idempotencyKey: key() };
    const results = await Promise.all(Array.from({ length: 5 }, () => submitAnswer(student, input)));
    const db = await getDb();
    const rows = await db.submission.findMany({ where: { userId: student.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ partIndex: 1, attempt: 1, rawAnswer: "12345.678", idempotencyKey: input.idempotencyKey, status: "incorrect" });
    // every response is the stored result: same verdict, same part state (one attempt used), same item score
    const answers = results.map((r) => ({ graded: r.graded, feedback: r.feedback, part: r.part, itemScore: r.itemScore }));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].part.attemptsUsed).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await fetchItemView(student, itemId)).parts[1].attemptsUsed).toBe(1);
  });
});

describe("twenty answers racing for the last attempt", () => {
  it("grades and stores exactly one; the others are refused as a conflict, with distinct attempt numbers stored", async () => {
    const student = await newStudent("Racer");
    const view = await fetchItemView(student, itemId);
    const partIndex = 2;
    const max = view.parts[partIndex].maxAttempts;
    for (let i = 0; i < max - 1; i++) await submitAnswer(student, { variantId: view.variant.id, partIndex, answer: `${900 + i}`, idempotencyKey: key() });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        submitAnswer(student, { variantId: view.variant.id, partIndex, answer: `${1000 + i}`, idempotencyKey: key() }).then(
          (r) => ({ graded: r.graded, answer: r.part.lastAnswer }),
          (e: unknown) => e,
        ),
      ),
    );
    const graded = outcomes.filter((o) => !(o instanceof Error));
    expect(graded).toHaveLength(1);
    for (const o of outcomes) if (o instanceof Error) expect(o).toBeInstanceOf(ConflictError); // a refusal (409), never a crash
    const stored = await (await getDb()).submission.findMany({ where: { variantId: view.variant.id, partIndex }, orderBy: { attempt: "asc" } });
    expect(stored.map((s) => s.attempt)).toEqual(Array.from({ length: max }, (_, i) => i + 1));
    // the graded racer is the one stored last
    expect(stored.at(-1)!.rawAnswer).toBe((graded[0] as { answer: string }).answer);
    const { stored: progress, truth } = await progressAndTruth(student.id);
    expect(progress).toEqual(truth);
  });
});

describe("stored progress when one student's answers arrive together", () => {
  it("always equals what the stored submissions say, after every burst", async () => {
    const { solve, scalarValue } = await import("@/lib/backprop");
    const students = await Promise.all(Array.from({ length: 6 }, (_, i) => newStudent(`Quick ${i}`)));
    const views = await Promise.all(students.map((s) => fetchItemView(s, itemId)));
    const truths = views.map((view) => {
      const solution = solve(view.variant.instance);
      return view.parts.map((p) => (p.target.kind === "grad" && !("j" in p.target) ? null : scalarValue(view.variant.instance, solution, p.target as never)));
    });
    // three bursts per student, all students at once: every part wrong, then half right, then right
    for (const round of [0, 1, 2]) {
      await Promise.all(
        students.flatMap((student, si) =>
          views[si].parts.map((p, i) => {
            const truth = truths[si][i];
            if (truth === null) return null;
            const right = round === 2 || (round === 1 && i % 2 === 0);
            return submitAnswer(student, { variantId: views[si].variant.id, partIndex: i, answer: String(right ? truth : truth * 3 + 7), idempotencyKey: key() }).catch((e: unknown) => {
              if (!(e instanceof ConflictError)) throw e; // a part already right is refused
            });
          }),
        ),
      );
      for (const student of students) {
        const { stored, truth, rows } = await progressAndTruth(student.id);
        expect(rows.length).toBeGreaterThan(0);
        expect({ round, partsDone: stored!.partsDone, score: stored!.score.toFixed(12) }).toEqual({ round, partsDone: truth.partsDone, score: truth.score.toFixed(12) });
      }
    }
    for (const [si, student] of students.entries()) expect((await progressAndTruth(student.id)).truth.partsDone).toBe(truths[si].filter((t) => t !== null).length);
  });
});

describe("the due date, by the server's clock when the request arrived", () => {
  const DUE = new Date("2030-03-01T12:00:00.000Z");

  async function dueSet() {
    const db = await getDb();
    await db.problemSet.update({ where: { id: setId }, data: { dueAt: DUE, lateUntil: null, latePercent: 0 } });
  }

  it("counts a request received 1 ms before the due date as on time, however late grading finishes", async () => {
    await dueSet();
    const student = await newStudent("Last minute");
    const view = await fetchItemView(student, itemId, new Date(DUE.getTime() - 60_000));
    // the data layer is given the time of receipt; the real clock (long before 2030) is not consulted
    const received = new Date(DUE.getTime() - 1);
    const r = await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: "3", idempotencyKey: key() }, received);
    expect(r.graded).toBe(true);
    const row = await (await getDb()).submission.findFirstOrThrow({ where: { userId: student.id } });
    expect(row).toMatchObject({ late: false, lateFactor: 1 });
    expect(row.createdAt.toISOString()).toBe(received.toISOString());
    // one received 1 ms after the due date is refused (no late period): closed, nothing stored
    await expect(submitAnswer(student, { variantId: view.variant.id, partIndex: 1, answer: "3", idempotencyKey: key() }, new Date(DUE.getTime() + 1))).rejects.toThrow(/closed/);
    expect(await (await getDb()).submission.count({ where: { userId: student.id } })).toBe(1);
  });

  it("takes the time in the route handler before anything is awaited, so a slow sign-in check cannot make it late", async () => {
    await dueSet();
    const student = await newStudent("Slow network");
    const view = await fetchItemView(student, itemId, new Date(DUE.getTime() - 60_000));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(DUE.getTime() - 1));
      session.user = { id: student.id, email: student.email, name: student.name } as UserDTO;
      // while the request is being authenticated, the clock passes the due date (and grading happens after it)
      session.whileAuthenticating = () => vi.setSystemTime(new Date(DUE.getTime() + 2_000));
      const onTime = await postAnswer({ variantId: view.variant.id, partIndex: 0, answer: "3", idempotencyKey: key() });
      expect(onTime.ok).toBe(true);
      const row = await (await getDb()).submission.findFirstOrThrow({ where: { userId: student.id } });
      expect(row).toMatchObject({ late: false, lateFactor: 1 });
      expect(row.createdAt.toISOString()).toBe(new Date(DUE.getTime() - 1).toISOString());

      // a request that arrives 1 ms after the due date is refused as closed
      session.whileAuthenticating = () => undefined;
      vi.setSystemTime(new Date(DUE.getTime() + 1));
      const late = await postAnswer({ variantId: view.variant.id, partIndex: 1, answer: "3", idempotencyKey: key() });
      expect(late).toMatchObject({ ok: false, status: 409 });
      expect(late.ok === false && late.error).toMatch(/closed/);
    } finally {
      vi.useRealTimers();
      session.whileAuthenticating = () => undefined;
    }
  });

  it("refuses a submission that carries the client's own clock, and stores nothing", async () => {
    await dueSet();
    const student = await newStudent("Clock forger");
    const view = await fetchItemView(student, itemId, new Date(DUE.getTime() - 60_000));
    session.user = { id: student.id, email: student.email, name: student.name } as UserDTO;
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(DUE.getTime() + 60_000));
      for (const field of ["submittedAt", "receivedAt", "createdAt", "now"]) {
        const r = await postAnswer({ variantId: view.variant.id, partIndex: 0, answer: "3", idempotencyKey: key(), [field]: new Date(DUE.getTime() - 60_000).toISOString() });
        expect(r).toMatchObject({ ok: false, status: 422 });
      }
    } finally {
      vi.useRealTimers();
    }
    expect(await (await getDb()).submission.count({ where: { userId: student.id } })).toBe(0);
  });
});
