// Gradebook, overrides, analytics and CSV exports against a real migrated database.
// Expectations come from what the test itself submitted (hand-known scores), not from the code under test.
import { getDb, makeUser } from "./helpers";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { createCourse, joinCourse } from "@/lib/dal/courses";
import { createSetFromTemplate, fetchSet, fetchSetsForCourse, setPublished, updateSet } from "@/lib/dal/problem-sets";
import { fetchItemView, submitAnswer } from "@/lib/dal/solving";
import { fetchGradebook, fetchStudentRecord, overrideScore } from "@/lib/dal/gradebook";
import { fetchSetAnalytics, median, scoreDistribution } from "@/lib/dal/analytics";
import { courseExport, SUBMISSION_HEADER, type ExportKind } from "@/lib/dal/exports";
import { csvStream } from "@/lib/export/csv";
import { ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/dal/errors";
import { solve, scalarValue, type Instance, type ScalarTarget } from "@/lib/backprop";

type User = Awaited<ReturnType<typeof makeUser>>;

// Names a spreadsheet or CSV parser could trip over.
const NAMES = {
  comma: 'Doe, Jane "JJ"',
  newline: "Line\nBreak",
  cjk: "李华 Łukasz Zoë",
  formula: '=HYPERLINK("http://evil.example","click")',
  minus: "-2+3",
  at: "@SUM(A1)",
};

let teacher: User, outsider: User, outsiderStudent: User;
const students: Record<keyof typeof NAMES, User> = {} as never;
let courseId: string, setId: string, items: { id: string; points: number }[];
let k = 0;
const key = () => `gb-${++k}-${Date.now()}`;

const truth = (instance: Instance, target: unknown) => scalarValue(instance, solve(instance), target as ScalarTarget);

/** Answer the listed parts of an item: "right", or "flip" (the negated value: a sign-flip mistake). */
async function answer(user: User, itemId: string, plan: ("right" | "flip")[], at?: Date) {
  const view = await fetchItemView(user, itemId, at);
  for (const [index, how] of plan.entries()) {
    const value = truth(view.variant.instance, view.parts[index].target);
    await submitAnswer(user, { variantId: view.variant.id, partIndex: index, answer: String(how === "right" ? value : -value), idempotencyKey: key() }, at);
  }
  return view;
}

async function download(user: User, kind: ExportKind): Promise<{ bytes: Uint8Array; text: string; rows: string[][] }> {
  const exp = await courseExport(user, courseId, kind);
  const bytes = new Uint8Array(await new Response(csvStream(exp.header, exp.batches)).arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { bytes, text, rows: parse(text, { bom: true, relax_column_count: false }) as string[][] };
}

/** What a spreadsheet shows after our formula escaping: strip the one leading quote we add. */
const unescape = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

beforeAll(async () => {
  teacher = await makeUser("Teacher");
  outsider = await makeUser("Other teacher");
  outsiderStudent = await makeUser("Stranger");
  const course = await createCourse(teacher, "Deep Learning, Fall");
  courseId = course.id;
  await createCourse(outsider, "Elsewhere");
  for (const [label, name] of Object.entries(NAMES)) {
    const user = await makeUser(name);
    students[label as keyof typeof NAMES] = user;
    await joinCourse(user, course.joinCode!);
  }
  setId = (await createSetFromTemplate(teacher, courseId)).id;
  await setPublished(teacher, setId, true);
  items = (await fetchSet(teacher, setId)).items.map((i) => ({ id: i.id, points: i.points }));

  // comma: all six parts of item 1 right → 10 points
  await answer(students.comma, items[0].id, ["right", "right", "right", "right", "right", "right"]);
  // newline: parts 1–2 of item 1 right → 10 × 2/6
  await answer(students.newline, items[0].id, ["right", "right"]);
  // cjk: sign flip on part 2 (δ), then right → 10 × 1/6 after the retry below
  const view = await answer(students.cjk, items[0].id, ["right", "flip"]);
  const delta = truth(view.variant.instance, view.parts[1].target);
  await submitAnswer(students.cjk, { variantId: view.variant.id, partIndex: 1, answer: String(delta), idempotencyKey: key() });
  // formula: nothing. minus: item 2 part 1 right. at: nothing.
  await answer(students.minus, items[1].id, ["right"]);
});

describe("gradebook", () => {
  it("is for the course's instructors only", async () => {
    await expect(fetchGradebook(students.comma, courseId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(fetchGradebook(outsider, courseId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(fetchGradebook(outsiderStudent, courseId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("shows every student with hand-known set points and totals", async () => {
    const book = await fetchGradebook(teacher, courseId);
    expect(book.sets).toHaveLength(1);
    expect(book.sets[0].maxPoints).toBe(30);
    expect(book.rows).toHaveLength(6); // students only, not the teacher
    const points = Object.fromEntries(book.rows.map((r) => [r.student.name, r.sets[0].points]));
    expect(points[NAMES.comma]).toBeCloseTo(10, 10);
    expect(points[NAMES.newline]).toBeCloseTo(10 * (2 / 6), 10);
    expect(points[NAMES.cjk]).toBeCloseTo(10 * (2 / 6), 10);
    expect(points[NAMES.minus]).toBeCloseTo(10 / 6, 10);
    expect(points[NAMES.formula]).toBe(0);
    const row = book.rows.find((r) => r.student.name === NAMES.comma)!;
    expect(row.total).toBeCloseTo(10, 10);
    expect(row.sets[0].started).toBe(true);
    expect(book.rows.find((r) => r.student.name === NAMES.at)!.sets[0].started).toBe(false);
  });

  it("leaves draft sets out", async () => {
    const draft = await createSetFromTemplate(teacher, courseId);
    expect((await fetchGradebook(teacher, courseId)).sets.map((s) => s.id)).toEqual([setId]);
    const db = await getDb();
    await db.problemSet.delete({ where: { id: draft.id } });
  });
});

describe("score overrides", () => {
  it("records who, when and old → new, keeps history, and the newest wins", async () => {
    const db = await getDb();
    const s = students.newline;
    await overrideScore(teacher, { courseId, studentId: s.id, itemId: items[0].id, points: 7.5, reason: "regrade request" });
    await overrideScore(teacher, { courseId, studentId: s.id, itemId: items[0].id, points: 9, reason: "second look" });
    const rows = await db.scoreOverride.findMany({ where: { userId: s.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.score, r.oldScore, r.reason, r.byUserId])).toEqual([
      [0.75, 2 / 6, "regrade request", teacher.id],
      [0.9, 0.75, "second look", teacher.id],
    ]);
    const book = await fetchGradebook(teacher, courseId);
    const row = book.rows.find((r) => r.student.id === s.id)!;
    expect(row.sets[0].points).toBeCloseTo(9, 10);
    expect(row.sets[0].overridden).toBe(true);
    // The student sees the same score on their own pages.
    expect((await fetchSetsForCourse(s, courseId))[0].progress!.points).toBeCloseTo(9, 10);
    expect((await fetchSet(s, setId)).items[0].progress!.score).toBeCloseTo(0.9, 10);
    expect((await fetchItemView(s, items[0].id)).score).toBeCloseTo(0.9, 10);
    const record = await fetchStudentRecord(teacher, courseId, s.id);
    const item = record.sets[0].items[0];
    expect(item.overrides.map((o) => o.reason)).toEqual(["regrade request", "second look"]);
    expect(item.computed).toBeCloseTo(2 / 6, 10);
    expect(item.submissions).toHaveLength(2); // the answers stay, untouched
  });

  it("can be cleared, which is itself recorded, and the computed score counts again", async () => {
    const db = await getDb();
    const s = students.newline;
    await overrideScore(teacher, { courseId, studentId: s.id, itemId: items[0].id, points: null, reason: "back to computed" });
    const last = await db.scoreOverride.findFirst({ where: { userId: s.id }, orderBy: { createdAt: "desc" } });
    expect(last).toMatchObject({ score: null, oldScore: 0.9 });
    const row = (await fetchGradebook(teacher, courseId)).rows.find((r) => r.student.id === s.id)!;
    expect(row.sets[0].points).toBeCloseTo(10 * (2 / 6), 10);
    expect(row.sets[0].overridden).toBe(false);
    expect((await fetchItemView(s, items[0].id)).score).toBeCloseTo(2 / 6, 10);
  });

  it("refuses bad input and outsiders without writing a row", async () => {
    const db = await getDb();
    const before = await db.scoreOverride.count();
    const base = { courseId, studentId: students.at.id, itemId: items[0].id, reason: "x" };
    await expect(overrideScore(teacher, { ...base, points: 10.5 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(overrideScore(teacher, { ...base, points: -1 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(overrideScore(teacher, { ...base, points: null })).rejects.toBeInstanceOf(InvalidInputError); // nothing to clear
    await expect(overrideScore(students.comma, { ...base, points: 5 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(overrideScore(outsider, { ...base, points: 5 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(overrideScore(teacher, { ...base, studentId: outsiderStudent.id, points: 5 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(overrideScore(teacher, { ...base, studentId: teacher.id, points: 5 })).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.scoreOverride.count()).toBe(before);
  });
});

describe("analytics", () => {
  it("counts first tries, eventual successes, attempts and the diagnosed sign flip", async () => {
    const a = await fetchSetAnalytics(teacher, setId);
    expect(a.studentCount).toBe(6);
    const item = a.items[0];
    expect(item.students).toBe(3); // comma, newline, cjk
    expect(item.attempts).toBe(6 + 2 + 3);
    const delta = item.parts[1];
    expect(delta.label).toBe("δ(3)");
    expect(delta.students).toBe(3);
    expect(delta.firstTry).toBeCloseTo(2 / 3, 10);
    expect(delta.eventually).toBe(1);
    expect(delta.medianAttempts).toBe(1);
    expect(delta.mistakes).toEqual([{ id: "sign_flip", label: "flipped the sign of the error", submissions: 1, students: 1, share: 1 / 3 }]);
    expect(item.eventually).toBeCloseTo(1 / 3, 10); // only "comma" solved every part
    expect(a.completed).toBe(0); // nobody finished all three questions
    expect(a.started).toBe(4);
    expect(item.distribution.find((b) => b.label === "not started")!.count).toBe(3);
    expect(item.distribution.find((b) => b.label === "100%")!.count).toBe(1);
  });

  it("is for instructors of the course only", async () => {
    await expect(fetchSetAnalytics(students.comma, setId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(fetchSetAnalytics(outsider, setId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("has a median and score bins that match hand counts", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const bins = scoreDistribution([
      { score: 0, started: false },
      { score: 0, started: true },
      { score: 0.2, started: true },
      { score: 0.5, started: true },
      { score: 0.999, started: true },
      { score: 1, started: true },
      { score: 1, started: false }, // an override without work counts as started
    ]);
    expect(Object.fromEntries(bins.map((b) => [b.label, b.count]))).toEqual({ "not started": 1, "0%": 1, "1–24%": 1, "25–49%": 0, "50–74%": 1, "75–99%": 1, "100%": 2 });
  });
});

describe("CSV exports", () => {
  it("gradebook.csv round-trips to the database's names, emails and points, with a BOM and escaped formulas", async () => {
    const { bytes, text, rows } = await download(teacher, "gradebook");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    expect(rows[0]).toEqual(["Name", "Email", "Backprop through a ReLU network (30)", "Total"]);
    const db = await getDb();
    const members = await db.membership.findMany({ where: { courseId, role: "student" }, select: { user: true } });
    expect(rows).toHaveLength(1 + members.length);
    const book = await fetchGradebook(teacher, courseId);
    for (const row of rows.slice(1)) {
      const user = members.find((m) => m.user.email === row[1])!.user;
      expect(unescape(row[0])).toBe(user.name);
      const expected = book.rows.find((r) => r.student.id === user.id)!;
      expect(Number(row[2])).toBe(Math.round(expected.sets[0].points * 100) / 100);
      expect(Number(row[3])).toBe(Math.round(expected.total * 100) / 100);
    }
    // formula-looking names are neutralised; the names with commas, quotes, newlines and CJK survive as they are
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toContain(`'${NAMES.formula}`);
    expect(names).toContain(`'${NAMES.minus}`);
    expect(names).toContain(`'${NAMES.at}`);
    expect(names).toContain(NAMES.comma);
    expect(names).toContain(NAMES.newline);
    expect(names).toContain(NAMES.cjk);
    expect(text).toContain('"Doe, Jane ""JJ"""'); // RFC 4180 quoting
    expect(text).toContain('"Line\nBreak"'); // a bare line feed is quoted too, or Excel would split the row
  });

  it("canvas.csv has Canvas's header, a Points Possible row, students only, and at most 2 decimals", async () => {
    const { rows } = await download(teacher, "canvas");
    expect(rows[0]).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Backprop through a ReLU network"]);
    expect(rows[1]).toEqual(["Points Possible", "", "", "", "", "30"]);
    const students = rows.slice(2);
    expect(students).toHaveLength(6);
    expect(students.map((r) => r[3])).not.toContain(teacher.email);
    const newline = students.find((r) => r[0] === NAMES.newline)!;
    expect(newline[5]).toBe("3.33"); // 10 × 2/6
    for (const r of students) expect(r[5]).toMatch(/^\d+(\.\d{1,2})?$/);
  });

  it("submissions.csv has every submission with the database's values", async () => {
    const { rows } = await download(teacher, "submissions");
    expect(rows[0]).toEqual(SUBMISSION_HEADER);
    const db = await getDb();
    // question by question (one set here), oldest first within a question
    const subs = await db.submission.findMany({
      where: { item: { set: { courseId } } },
      orderBy: [{ item: { position: "asc" } }, { createdAt: "asc" }, { id: "asc" }],
      include: { user: true, variant: true, item: true },
    });
    expect(rows).toHaveLength(1 + subs.length);
    const col = (name: string) => SUBMISSION_HEADER.indexOf(name);
    subs.forEach((s, i) => {
      const r = rows[i + 1];
      expect(unescape(r[col("Student")])).toBe(s.user.name);
      expect(r[col("Email")]).toBe(s.user.email);
      expect(r[col("Item")]).toBe(s.item.title);
      expect(Number(r[col("Variant seed")])).toBe(s.variant.seed);
      expect(Number(r[col("Attempt")])).toBe(s.attempt);
      expect(unescape(r[col("Submitted answer")])).toBe(s.rawAnswer);
      expect(r[col("Parsed value")] === "" ? null : Number(r[col("Parsed value")])).toBe(s.parsedValue);
      expect(Number(r[col("Expected")])).toBe(JSON.parse(s.expectedJson));
      expect(r[col("Verdict")]).toBe(s.status);
      expect(Number(r[col("Score")])).toBe(s.score * s.lateFactor);
      expect(r[col("Submitted at (UTC)")]).toBe(s.createdAt.toISOString());
      expect(r[col("Late")]).toBe(s.late ? "yes" : "no");
    });
    const flip = rows.slice(1).find((r) => r[col("Diagnosis")] !== "")!;
    expect(flip[col("Diagnosis")]).toBe("flipped the sign of the error");
    expect(flip[col("Part")]).toMatch(/^δ\(3\)_\d$/);
  });

  it("marks late work in the gradebook and the submissions export", async () => {
    const set = await fetchSet(teacher, setId);
    const due = new Date(Date.now() - 3600_000);
    await updateSet(teacher, setId, {
      title: set.title,
      description: set.description,
      opensAt: null,
      dueAt: due,
      lateUntil: new Date(Date.now() + 24 * 3600_000),
      latePercent: 50,
      published: true,
    });
    await answer(students.at, items[2].id, ["right"]);
    const row = (await fetchGradebook(teacher, courseId)).rows.find((r) => r.student.id === students.at.id)!;
    expect(row.sets[0].late).toBe(true);
    expect(row.sets[0].points).toBeGreaterThan(0);
    const { rows } = await download(teacher, "submissions");
    const mine = rows.filter((r) => r[1] === students.at.email);
    expect(mine.map((r) => [r[SUBMISSION_HEADER.indexOf("Late")], r[SUBMISSION_HEADER.indexOf("Score")]])).toEqual([["yes", "0.5"]]);
  });

  it("refuses students of the course and other instructors", async () => {
    for (const kind of ["gradebook", "canvas", "submissions"] as const) {
      await expect(courseExport(students.comma, courseId, kind)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(courseExport(outsider, courseId, kind)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});
