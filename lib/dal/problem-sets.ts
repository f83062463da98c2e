// Problem sets and their items. Instructors see and change everything in their course;
// students see only published sets that have opened, with their own progress.
import "server-only";
import { cache } from "react";
import { raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import { db } from "@/lib/db";
import { findPreset, generateVariant, validateSpec, SpecError, type Tolerance } from "@/lib/backprop";
import { submissionTiming, type SolutionPolicy } from "@/lib/homework/policy";
import type { ItemInput, SetInput } from "@/lib/validations/problem-set";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { checkMembership, requireMembership, type Role } from "./courses";
import { itemScores, scoreKey, type ItemScore } from "./scores";
import type { UserDTO } from "./users";

export interface SetSummaryDTO {
  id: string;
  courseId: string;
  title: string;
  opensAt: Date | null;
  dueAt: Date | null;
  lateUntil: Date | null;
  latePercent: number;
  published: boolean;
  itemCount: number;
  maxPoints: number;
  /** the caller's own progress (students) */
  progress?: { points: number; partsDone: number; partsTotal: number };
  timing: "not_open" | "on_time" | "late" | "closed";
}

export interface ItemDTO {
  id: string;
  position: number;
  title: string;
  preset: string;
  specJson: string | null;
  points: number;
  tolerance: Tolerance;
  maxAttempts: number;
  allowNewVariant: boolean;
  solutionPolicy: SolutionPolicy;
  carriedForwardCredit: number;
  progress?: { score: number; partsDone: number; partsTotal: number };
}

export interface SetDetailDTO extends SetSummaryDTO {
  description: string;
  role: Role;
  items: ItemDTO[];
}

const setSelect = {
  id: true,
  courseId: true,
  title: true,
  description: true,
  opensAt: true,
  dueAt: true,
  lateUntil: true,
  latePercent: true,
  published: true,
} as const;

function timingOf(set: { opensAt: Date | null; dueAt: Date | null; lateUntil: Date | null; latePercent: number }, now = new Date()) {
  return submissionTiming(set, now).state;
}

/** A set the user may see: instructors any set of their course, students published sets that have opened. */
async function loadVisibleSet(user: UserDTO, setId: string) {
  const set = await db.problemSet.findUnique({ where: { id: setId }, select: setSelect });
  if (!set) throw new NotFoundError("That problem set");
  const role = await requireMembership(user, set.courseId);
  if (role === "student" && (!set.published || timingOf(set) === "not_open")) throw new NotFoundError("That problem set");
  return { set, role };
}

/**
 * The set of an item, checked for the caller; instructors only when `instructorOnly`. Once per request: the question
 * page asks for its title, its view and its history (React's cache is per request, and a no-op outside one).
 */
export const loadItemForUser = cache(async function loadItemForUser(user: UserDTO, itemId: string, instructorOnly = false) {
  // one statement for the item, its set and the caller's role in the course (the question page, every answer and every
  // solution make it); Prisma would make three
  const rows = await db.$queryRaw<ItemAccessRow[]>`SELECT ${ITEM_ACCESS_COLUMNS} FROM "ProblemItem" i ${itemAccessJoins(user.id)} WHERE i."id" = ${itemId}`;
  return checkItemAccess(rows[0], instructorOnly);
});

/** What an item access read selects: the item (`i`), its set (`ps`) and the caller's role (`m`, null: not a member). */
export const ITEM_ACCESS_COLUMNS = raw(`i."id", i."setId", i."position", i."title", i."preset", i."specJson", i."points", i."toleranceJson", i."maxAttempts",
  i."allowNewVariant", i."solutionPolicy", i."carriedForwardCredit",
  ps."courseId", ps."title" AS "setTitle", ps."description", ps."opensAt", ps."dueAt", ps."lateUntil", ps."latePercent", ps."published",
  m."role"`);

/** The joins from an item `i` to its set `ps` and the user's membership `m` in the set's course. */
export function itemAccessJoins(userId: string): Sql {
  return sql`JOIN "ProblemSet" ps ON ps."id" = i."setId" LEFT JOIN "Membership" m ON m."courseId" = ps."courseId" AND m."userId" = ${userId}`;
}

/**
 * The rule of loadItemForUser on a row read with ITEM_ACCESS_COLUMNS (undefined: no such item): members only,
 * instructors only when `instructorOnly`, and students see only published sets that have opened.
 */
export function checkItemAccess(row: ItemAccessRow | undefined, instructorOnly = false) {
  if (!row) throw new NotFoundError("That question");
  const role = checkMembership(row.role, instructorOnly ? "instructor" : undefined);
  const { courseId, setTitle, description, opensAt, dueAt, lateUntil, latePercent, published, role: _role, ...itemFields } = row;
  const item: ItemWithSet = { ...itemFields, set: { id: row.setId, courseId, title: setTitle, description, opensAt, dueAt, lateUntil, latePercent, published } };
  if (role === "student" && (!item.set.published || timingOf(item.set) === "not_open")) throw new NotFoundError("That question");
  return { item, role };
}

type ItemWithSet = Prisma.ProblemItemGetPayload<{ include: { set: { select: typeof setSelect } } }>;
export type ItemAccessRow = Omit<ItemWithSet, "set"> &
  Omit<ItemWithSet["set"], "id" | "title"> & { setTitle: string; role: string | null };

function toItemDTO(item: {
  id: string;
  position: number;
  title: string;
  preset: string;
  specJson: string | null;
  points: number;
  toleranceJson: string;
  maxAttempts: number;
  allowNewVariant: boolean;
  solutionPolicy: string;
  carriedForwardCredit: number;
}): ItemDTO {
  return {
    id: item.id,
    position: item.position,
    title: item.title,
    preset: item.preset,
    specJson: item.specJson,
    points: item.points,
    tolerance: JSON.parse(item.toleranceJson) as Tolerance,
    maxAttempts: item.maxAttempts,
    allowNewVariant: item.allowNewVariant,
    solutionPolicy: item.solutionPolicy as SolutionPolicy,
    carriedForwardCredit: item.carriedForwardCredit,
  };
}

/** A student's points and parts over a set's items (items not started count 0). */
function setProgress(items: { points: number; progress?: { score: number; partsDone: number; partsTotal: number } }[]) {
  let points = 0;
  let partsDone = 0;
  let partsTotal = 0;
  for (const { points: max, progress } of items) {
    if (!progress) continue;
    points += progress.score * max;
    partsDone += progress.partsDone;
    partsTotal += progress.partsTotal;
  }
  return { points, partsDone, partsTotal };
}

export async function fetchSetsForCourse(user: UserDTO, courseId: string): Promise<SetSummaryDTO[]> {
  const role = await requireMembership(user, courseId);
  const now = new Date();
  const sets = await db.problemSet.findMany({
    where: { courseId, ...(role === "student" ? { published: true, OR: [{ opensAt: null }, { opensAt: { lte: now } }] } : {}) },
    select: { ...setSelect, items: { select: { id: true, points: true } } },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  });
  // A student's own scores, instructor overrides applied.
  const scores = role === "student" ? await itemScores([user.id], sets.flatMap((s) => s.items.map((i) => i.id))) : new Map<string, ItemScore>();
  const mine = (itemId: string) => scores.get(scoreKey(user.id, itemId));
  return sets.map((set) => {
    const summary: SetSummaryDTO = {
      id: set.id,
      courseId: set.courseId,
      title: set.title,
      opensAt: set.opensAt,
      dueAt: set.dueAt,
      lateUntil: set.lateUntil,
      latePercent: set.latePercent,
      published: set.published,
      itemCount: set.items.length,
      maxPoints: set.items.reduce((s, i) => s + i.points, 0),
      timing: timingOf(set, now),
    };
    if (role === "student") summary.progress = setProgress(set.items.map((item) => ({ points: item.points, progress: mine(item.id) })));
    return summary;
  });
}

export async function fetchSet(user: UserDTO, setId: string): Promise<SetDetailDTO> {
  const { set, role } = await loadVisibleSet(user, setId);
  const items = await db.problemItem.findMany({ where: { setId }, orderBy: { position: "asc" } });
  // A student's own scores, instructor overrides applied.
  const scores = role === "student" ? await itemScores([user.id], items.map((i) => i.id)) : new Map<string, ItemScore>();
  const dtos = items.map((item) => {
    const dto = toItemDTO(item);
    const p = scores.get(scoreKey(user.id, item.id));
    if (role === "student") dto.progress = p ? { score: p.score, partsDone: p.partsDone, partsTotal: p.partsTotal } : { score: 0, partsDone: 0, partsTotal: 0 };
    return dto;
  });
  const summary: SetDetailDTO = {
    ...set,
    role,
    items: dtos,
    itemCount: dtos.length,
    maxPoints: dtos.reduce((s, i) => s + i.points, 0),
    timing: timingOf(set),
  };
  if (role === "student") summary.progress = setProgress(dtos);
  return summary;
}

export async function createSet(user: UserDTO, courseId: string, input: SetInput): Promise<{ id: string }> {
  await requireMembership(user, courseId, "instructor");
  // a new set has no questions yet, so it starts as a draft (publishing needs at least one question)
  return db.problemSet.create({ data: { courseId, ...input, published: false }, select: { id: true } });
}

export async function updateSet(user: UserDTO, setId: string, input: SetInput): Promise<void> {
  const set = await db.problemSet.findUnique({ where: { id: setId }, select: { courseId: true } });
  if (!set) throw new NotFoundError("That problem set");
  await requireMembership(user, set.courseId, "instructor");
  await db.problemSet.update({ where: { id: setId }, data: input });
}

export async function setPublished(user: UserDTO, setId: string, published: boolean): Promise<void> {
  const set = await db.problemSet.findUnique({ where: { id: setId }, select: { courseId: true, _count: { select: { items: true } } } });
  if (!set) throw new NotFoundError("That problem set");
  await requireMembership(user, set.courseId, "instructor");
  if (published && set._count.items === 0) throw new ConflictError("Add at least one question before publishing.");
  await db.problemSet.update({ where: { id: setId }, data: { published } });
}

/** Turn a validated item form into the stored columns; a custom spec is checked by the engine. */
function itemColumns(input: ItemInput) {
  let specJson: string | null = null;
  if (input.preset === "custom") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.specJson);
    } catch (error) {
      throw new InvalidInputError(`The custom spec is not valid JSON: ${(error as Error).message}`, "specJson");
    }
    try {
      const spec = validateSpec(parsed);
      // a spec can be well-formed and still impossible to generate: find out now, not when a student opens it
      for (const seed of [0, 1, 2]) generateVariant(spec, seed);
      specJson = JSON.stringify(spec);
    } catch (error) {
      if (error instanceof SpecError) throw new InvalidInputError(error.message, "specJson");
      throw error;
    }
  }
  const tolerance: Tolerance =
    input.toleranceMode === "sigfig" ? { mode: "sigfig", sigfigs: input.sigfigs } : { mode: "relabs", rtol: input.rtol, atol: input.atol };
  return {
    title: input.title,
    preset: input.preset,
    specJson,
    points: input.points,
    toleranceJson: JSON.stringify(tolerance),
    maxAttempts: input.maxAttempts,
    allowNewVariant: input.allowNewVariant,
    solutionPolicy: input.solutionPolicy,
    carriedForwardCredit: input.carriedForwardPercent / 100,
  };
}

export async function addItem(user: UserDTO, setId: string, input: ItemInput): Promise<{ id: string }> {
  const set = await db.problemSet.findUnique({ where: { id: setId }, select: { courseId: true } });
  if (!set) throw new NotFoundError("That problem set");
  await requireMembership(user, set.courseId, "instructor");
  const last = await db.problemItem.findFirst({ where: { setId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.problemItem.create({ data: { setId, position: (last?.position ?? 0) + 1, ...itemColumns(input) }, select: { id: true } });
}

/** Changing the network of an item that students have worked on would orphan their variants: refuse. */
export async function updateItem(user: UserDTO, itemId: string, input: ItemInput): Promise<void> {
  const { item } = await loadItemForUser(user, itemId, true);
  const columns = itemColumns(input);
  const networkChanged = columns.preset !== item.preset || columns.specJson !== item.specJson;
  if (networkChanged && (await db.variant.count({ where: { itemId } })) > 0) {
    throw new InvalidInputError("Students already have variants of this question: its network can't change. Add a new question instead.", "preset");
  }
  await db.problemItem.update({ where: { id: itemId }, data: columns });
}

export async function deleteItem(user: UserDTO, itemId: string): Promise<void> {
  await loadItemForUser(user, itemId, true);
  if ((await db.submission.count({ where: { itemId } })) > 0) {
    throw new ConflictError("Students have submitted answers to this question; it can't be deleted (their work is kept).");
  }
  await db.problemItem.delete({ where: { id: itemId } });
}

export const TEMPLATE_SET = {
  title: "Backprop through a ReLU network",
  description:
    "The network from the classic question: two inputs, three ReLU hidden units, two linear outputs, and J = ½Σ(a − y)².\n\n" +
    "Work forward, then back-propagate: the output error δ⁽³⁾, the hidden error δ⁽²⁾ (mind the ReLU derivative), the gradients, and one gradient-descent step.",
  items: [
    { title: "Hidden-layer gradient, step by step", preset: "question-relu" },
    { title: "A dead output unit", preset: "question-relu-output" },
    { title: "Two hidden layers", preset: "deep-4-3-3-2" },
  ],
} as const;

/** A ready-made draft set on the question's 2-3-2 network, so an instructor has something real in one click. */
export async function createSetFromTemplate(user: UserDTO, courseId: string, now = new Date()): Promise<{ id: string }> {
  await requireMembership(user, courseId, "instructor");
  const dueAt = new Date(now.getTime() + 7 * 24 * 3600_000);
  return db.problemSet.create({
    data: {
      courseId,
      title: TEMPLATE_SET.title,
      description: TEMPLATE_SET.description,
      dueAt,
      lateUntil: new Date(dueAt.getTime() + 2 * 24 * 3600_000),
      latePercent: 50,
      items: {
        create: TEMPLATE_SET.items.map((item, i) => ({
          position: i + 1,
          title: item.title,
          preset: item.preset,
          points: 10,
          toleranceJson: JSON.stringify(findPreset(item.preset)?.tolerance ?? { mode: "relabs", rtol: 0.01, atol: 0.001 }),
          maxAttempts: 3,
          allowNewVariant: true,
          solutionPolicy: "after_attempts",
          carriedForwardCredit: 0.5,
        })),
      },
    },
    select: { id: true },
  });
}

export interface ItemEditDTO extends ItemDTO {
  setId: string;
  setTitle: string;
  courseId: string;
  /** students have variants: the network (preset or spec) can no longer change */
  variantCount: number;
  /** students have submitted: the item can no longer be deleted */
  submissionCount: number;
}

/** One item for its editor: instructors of the course only. */
export async function fetchItemForEdit(user: UserDTO, itemId: string): Promise<ItemEditDTO> {
  const { item } = await loadItemForUser(user, itemId, true);
  const [variantCount, submissionCount] = await Promise.all([db.variant.count({ where: { itemId } }), db.submission.count({ where: { itemId } })]);
  return { ...toItemDTO(item), setId: item.setId, setTitle: item.set.title, courseId: item.set.courseId, variantCount, submissionCount };
}

/** The names of an item and its set, for page titles: a read with no side effects (no variant is created). */
export async function fetchItemTitles(user: UserDTO, itemId: string): Promise<{ title: string; setTitle: string }> {
  const { item } = await loadItemForUser(user, itemId);
  return { title: item.title, setTitle: item.set.title };
}
