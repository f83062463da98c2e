// The course gradebook: students × published sets, one student's full record, and score overrides.
// Instructors of the course only; everyone else gets 403 (students of the course) or 404.
import "server-only";
import { db } from "@/lib/db";
import { regenerateItemVariant } from "@/lib/homework/item-spec";
import { targetText } from "@/lib/backprop";
import { InvalidInputError, NotFoundError } from "./errors";
import { requireMembership } from "./courses";
import { itemScores, scoreKey } from "./scores";
import type { UserDTO } from "./users";

export interface SheetItem {
  id: string;
  title: string;
  position: number;
  points: number;
}

export interface SheetSet {
  id: string;
  title: string;
  dueAt: Date | null;
  maxPoints: number;
  items: SheetItem[];
}

export interface StudentRef {
  id: string;
  name: string;
  email: string;
}

export interface SetCell {
  /** points earned, overrides applied */
  points: number;
  /** some submission in the set came after the due date */
  late: boolean;
  /** some item's score was set by an instructor */
  overridden: boolean;
  started: boolean;
}

export interface GradebookRow {
  student: StudentRef;
  sets: SetCell[];
  total: number;
}

export interface GradebookDTO {
  course: { id: string; title: string };
  sets: SheetSet[];
  maxTotal: number;
  rows: GradebookRow[];
}

/** Students per database round trip when scoring a class. */
export const STUDENT_BATCH = 250;

export async function requireInstructor(user: UserDTO, courseId: string): Promise<void> {
  await requireMembership(user, courseId, "instructor");
}

/** The course's published sets with their items, in the order students see them. */
export async function loadSheet(courseId: string): Promise<SheetSet[]> {
  const sets = await db.problemSet.findMany({
    where: { courseId, published: true },
    select: { id: true, title: true, dueAt: true, items: { select: { id: true, title: true, position: true, points: true }, orderBy: { position: "asc" } } },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  });
  return sets.map((s) => ({ ...s, maxPoints: s.items.reduce((sum, i) => sum + i.points, 0) }));
}

/** The course's students, by name. */
export async function loadStudents(courseId: string, skip = 0, take?: number): Promise<StudentRef[]> {
  const rows = await db.membership.findMany({
    where: { courseId, role: "student" },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ user: { name: "asc" } }, { user: { email: "asc" } }],
    skip,
    ...(take !== undefined ? { take } : {}),
  });
  return rows.map((r) => r.user);
}

/** Gradebook rows for some students of the course. */
export async function scoreRows(sheet: SheetSet[], students: StudentRef[]): Promise<GradebookRow[]> {
  const itemIds = sheet.flatMap((s) => s.items.map((i) => i.id));
  const userIds = students.map((s) => s.id);
  const [scores, lateRows] = await Promise.all([
    itemScores(userIds, itemIds),
    itemIds.length && userIds.length
      ? db.submission.groupBy({ by: ["userId", "itemId"], where: { late: true, userId: { in: userIds }, itemId: { in: itemIds } } })
      : Promise.resolve([] as { userId: string; itemId: string }[]),
  ]);
  const late = new Set(lateRows.map((r) => scoreKey(r.userId, r.itemId)));
  return students.map((student) => {
    let total = 0;
    const sets = sheet.map((set) => {
      const cell: SetCell = { points: 0, late: false, overridden: false, started: false };
      for (const item of set.items) {
        const key = scoreKey(student.id, item.id);
        const s = scores.get(key)!;
        cell.points += s.score * item.points;
        cell.overridden ||= s.overridden;
        cell.started ||= s.started;
        cell.late ||= late.has(key);
      }
      total += cell.points;
      return cell;
    });
    return { student, sets, total };
  });
}

/** Every student's row, fetched STUDENT_BATCH at a time (for exports: memory stays bounded by the batch). */
export async function* gradebookBatches(courseId: string, sheet: SheetSet[]): AsyncGenerator<GradebookRow[]> {
  for (let skip = 0; ; skip += STUDENT_BATCH) {
    const students = await loadStudents(courseId, skip, STUDENT_BATCH);
    if (students.length === 0) return;
    yield await scoreRows(sheet, students);
    if (students.length < STUDENT_BATCH) return;
  }
}

export async function fetchGradebook(user: UserDTO, courseId: string): Promise<GradebookDTO> {
  await requireInstructor(user, courseId);
  const course = await db.course.findUnique({ where: { id: courseId }, select: { id: true, title: true } });
  if (!course) throw new NotFoundError("That course");
  const sets = await loadSheet(courseId);
  const rows: GradebookRow[] = [];
  for await (const batch of gradebookBatches(courseId, sets)) rows.push(...batch);
  return { course, sets, maxTotal: sets.reduce((s, set) => s + set.maxPoints, 0), rows };
}

// ---------- one student ----------

export interface OverrideEntry {
  at: Date;
  by: string;
  /** fractions of the item's points; `score` null = cleared */
  oldScore: number;
  score: number | null;
  reason: string;
}

export interface SubmissionEntry {
  id: string;
  at: Date;
  variantNumber: number;
  seed: number;
  partIndex: number;
  partLabel: string;
  attempt: number;
  rawAnswer: string;
  status: string;
  /** part score after the late factor, 0..1 */
  score: number;
  late: boolean;
  mistake: string | null;
  carriedForward: boolean;
  message: string;
}

export interface StudentItemRecord extends SheetItem {
  score: number;
  computed: number;
  overridden: boolean;
  started: boolean;
  overrides: OverrideEntry[];
  submissions: SubmissionEntry[];
}

export interface StudentRecordDTO {
  course: { id: string; title: string };
  student: StudentRef;
  sets: (Omit<SheetSet, "items"> & { points: number; items: StudentItemRecord[] })[];
  total: number;
  maxTotal: number;
}

/** Part labels of a stored variant (parts differ between variants: they are drawn from the seed). */
export function variantPartLabels(
  item: { preset: string; specJson: string | null; toleranceJson: string },
  seed: number,
  generatorVersion: number,
): string[] {
  try {
    return regenerateItemVariant(item, seed, generatorVersion).parts.map(targetText);
  } catch {
    return [];
  }
}

async function requireStudentOf(courseId: string, studentId: string): Promise<StudentRef> {
  const membership = await db.membership.findUnique({
    where: { userId_courseId: { userId: studentId, courseId } },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!membership || membership.role !== "student") throw new NotFoundError("That student");
  return membership.user;
}

/** A student of the course by id, for the record page's title: instructors only. */
export async function fetchStudentRef(user: UserDTO, courseId: string, studentId: string): Promise<StudentRef> {
  await requireInstructor(user, courseId);
  return requireStudentOf(courseId, studentId);
}

export async function fetchStudentRecord(user: UserDTO, courseId: string, studentId: string): Promise<StudentRecordDTO> {
  await requireInstructor(user, courseId);
  const student = await requireStudentOf(courseId, studentId);
  const sheet = await loadSheet(courseId);
  const itemIds = sheet.flatMap((s) => s.items.map((i) => i.id));
  const [course, scores, overrides, submissions, specs] = await Promise.all([
    db.course.findUniqueOrThrow({ where: { id: courseId }, select: { id: true, title: true } }),
    itemScores([studentId], itemIds),
    db.scoreOverride.findMany({
      where: { userId: studentId, itemId: { in: itemIds } },
      select: { itemId: true, createdAt: true, score: true, oldScore: true, reason: true, by: { select: { name: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.submission.findMany({
      where: { userId: studentId, itemId: { in: itemIds } },
      select: {
        id: true,
        itemId: true,
        createdAt: true,
        partIndex: true,
        attempt: true,
        rawAnswer: true,
        status: true,
        score: true,
        lateFactor: true,
        late: true,
        mistake: true,
        carriedForward: true,
        message: true,
        variant: { select: { number: true, seed: true, generatorVersion: true } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.problemItem.findMany({ where: { id: { in: itemIds } }, select: { id: true, preset: true, specJson: true, toleranceJson: true } }),
  ]);
  const specById = new Map(specs.map((s) => [s.id, s]));
  const labels = new Map<string, string[]>();
  const partLabel = (itemId: string, v: { number: number; seed: number; generatorVersion: number }, partIndex: number) => {
    const key = `${itemId}:${v.number}`;
    if (!labels.has(key)) labels.set(key, variantPartLabels(specById.get(itemId)!, v.seed, v.generatorVersion));
    return labels.get(key)![partIndex] ?? `part ${partIndex + 1}`;
  };
  let total = 0;
  const sets = sheet.map((set) => {
    let points = 0;
    const items = set.items.map((item): StudentItemRecord => {
      const s = scores.get(scoreKey(studentId, item.id))!;
      points += s.score * item.points;
      return {
        ...item,
        score: s.score,
        computed: s.computed,
        overridden: s.overridden,
        started: s.started,
        overrides: overrides
          .filter((o) => o.itemId === item.id)
          .map((o) => ({ at: o.createdAt, by: o.by.name, oldScore: o.oldScore, score: o.score, reason: o.reason })),
        submissions: submissions
          .filter((r) => r.itemId === item.id)
          .map((r) => ({
            id: r.id,
            at: r.createdAt,
            variantNumber: r.variant.number,
            seed: r.variant.seed,
            partIndex: r.partIndex,
            partLabel: partLabel(item.id, r.variant, r.partIndex),
            attempt: r.attempt,
            rawAnswer: r.rawAnswer,
            status: r.status,
            score: r.score * r.lateFactor,
            late: r.late,
            mistake: r.mistake,
            carriedForward: r.carriedForward,
            message: r.message,
          })),
      };
    });
    total += points;
    return { id: set.id, title: set.title, dueAt: set.dueAt, maxPoints: set.maxPoints, points, items };
  });
  return { course, student, sets, total, maxTotal: sheet.reduce((s, set) => s + set.maxPoints, 0) };
}

// ---------- overrides ----------

export interface OverrideInput {
  courseId: string;
  studentId: string;
  itemId: string;
  /** points out of the item's points; null clears the override */
  points: number | null;
  reason: string;
}

/** Record an instructor's score for a student's item. History is kept: each change is a new row (who, when, old → new). */
export async function overrideScore(user: UserDTO, input: OverrideInput): Promise<{ score: number | null; oldScore: number }> {
  await requireInstructor(user, input.courseId);
  await requireStudentOf(input.courseId, input.studentId);
  const item = await db.problemItem.findUnique({ where: { id: input.itemId }, select: { points: true, set: { select: { courseId: true } } } });
  if (!item || item.set.courseId !== input.courseId) throw new NotFoundError("That question");
  if (input.points !== null && item.points === 0) throw new InvalidInputError("This question is worth 0 points: there is nothing to override.", "points");
  if (input.points !== null && (input.points < 0 || input.points > item.points)) {
    throw new InvalidInputError(`Score must be between 0 and ${item.points} points.`, "points");
  }
  const current = (await itemScores([input.studentId], [input.itemId])).get(scoreKey(input.studentId, input.itemId))!;
  if (input.points === null && !current.overridden) throw new InvalidInputError("There is no override to clear.", "points");
  const score = input.points === null ? null : input.points / item.points;
  await db.scoreOverride.create({
    data: { userId: input.studentId, itemId: input.itemId, score, oldScore: current.score, reason: input.reason, byUserId: user.id },
  });
  return { score, oldScore: current.score };
}
