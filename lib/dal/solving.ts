// A student's work on an item: their current variant, submitting answers (one attempt per graded
// submission, never two for one request), progress, and solutions only when the item's policy allows.
import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import { db } from "@/lib/db";
import {
  GENERATOR_VERSION,
  explainTarget,
  gradeAnswer,
  isMatrixTarget,
  matrixValue,
  scalarValue,
  solve,
  targetText,
  type Diagnosis,
  type EarlierPart,
  type Instance,
  type Matrix,
  type ScalarTarget,
  type Step,
  type Target,
} from "@/lib/backprop";
import { itemTolerance, regenerateItemVariant } from "@/lib/homework/item-spec";
import { maySeeSolution, submissionTiming, SOLUTION_POLICY_LABELS, SOLUTION_WAITS_FOR_EARLIER_PARTS, type SolutionPolicy } from "@/lib/homework/policy";
import { ConflictError, InvalidInputError, NotFoundError, isUniqueViolation } from "./errors";
import { ITEM_ACCESS_COLUMNS, checkItemAccess, itemAccessJoins, loadItemForUser, type ItemAccessRow } from "./problem-sets";
import type { UserDTO } from "./users";

const MAX_SEED = 2 ** 31 - 1;

export interface PartFeedback {
  status: "correct" | "incorrect" | "invalid";
  message: string;
  nearMiss?: boolean;
  diagnosis?: Diagnosis;
  carriedForward?: boolean;
  cells?: { status: string; message: string }[][];
}

export interface PartView {
  index: number;
  target: Target;
  label: string;
  attemptsUsed: number;
  maxAttempts: number;
  correct: boolean;
  done: boolean;
  bestScore: number;
  lastAnswer?: string | string[][];
  lastFeedback?: PartFeedback;
  /** present only when the policy allows */
  solution?: { answer: number | Matrix; steps: Step[] };
  /** the policy would show the solution, but it would give away an earlier part that can still be answered */
  solutionWaitsForEarlierParts?: boolean;
}

export interface ItemView {
  itemId: string;
  title: string;
  setId: string;
  setTitle: string;
  courseId: string;
  points: number;
  dueAt: Date | null;
  lateUntil: Date | null;
  latePercent: number;
  timing: ReturnType<typeof submissionTiming>["state"];
  allowNewVariant: boolean;
  solutionPolicy: SolutionPolicy;
  variant: { id: string; number: number; instance: Instance };
  parts: PartView[];
  /** fraction of the item's points that counts: the best variant, late factor applied, or an instructor's override */
  score: number;
}

type ItemRow = Awaited<ReturnType<typeof loadItemForUser>>["item"];

type SubmissionRow = { partIndex: number; attempt: number; status: string; score: number; lateFactor: number; rawAnswer: string; message: string; mistake: string | null; carriedForward: boolean };

/** The columns of a SubmissionRow, of the submissions table aliased `s`. */
const SUBMISSION_ROW_COLUMNS = raw(`s."partIndex", s."attempt", s."status", s."score", s."lateFactor", s."rawAnswer", s."message", s."mistake", s."carriedForward"`);

/** A SubmissionRow's columns as a LEFT JOIN reads them: null when the variant has no submission. */
type JoinedSubmissionColumns = { [K in keyof SubmissionRow]: SubmissionRow[K] | null };

/** A submission's columns as read raw (SQLite has no booleans; a LEFT JOIN's columns are typed nullable) as a SubmissionRow. */
function submissionRow(r: JoinedSubmissionColumns): SubmissionRow {
  return {
    partIndex: Number(r.partIndex),
    attempt: Number(r.attempt),
    status: r.status!,
    score: Number(r.score),
    lateFactor: Number(r.lateFactor),
    rawAnswer: r.rawAnswer!,
    message: r.message!,
    mistake: r.mistake,
    carriedForward: Boolean(r.carriedForward),
  };
}

/** The question page's read: the newest variant by (userId, itemId, number), then its own submissions by variantId. */
export function currentVariantSql(userId: string, itemId: string): Sql {
  return sql`SELECT v."id", v."number", v."seed", v."generatorVersion", ${SUBMISSION_ROW_COLUMNS}
    FROM "Variant" v LEFT JOIN "Submission" s ON s."variantId" = v."id"
    WHERE v."id" = (SELECT n."id" FROM "Variant" n WHERE n."userId" = ${userId} AND n."itemId" = ${itemId} ORDER BY n."number" DESC LIMIT 1)
    ORDER BY s."createdAt" ASC, s."attempt" ASC`;
}

/**
 * The newest variant of the user for the item with its submissions in the order they came, in one statement; the
 * variant is created on first visit. (A raw read: Prisma compiles every model query anew, which cost more than the
 * query itself on the question page.)
 */
async function currentVariant(userId: string, item: ItemRow): Promise<{ variant: { id: string; number: number; seed: number; generatorVersion: number }; submissions: SubmissionRow[] }> {
  const rows = await db.$queryRaw<({ id: string; number: number; seed: number; generatorVersion: number } & JoinedSubmissionColumns)[]>(
    currentVariantSql(userId, item.id),
  );
  if (rows.length === 0) return { variant: await createVariant(userId, item, 1), submissions: [] };
  const { id, number, seed, generatorVersion } = rows[0];
  const submissions = rows.filter((r) => r.partIndex !== null).map(submissionRow);
  return { variant: { id, number: Number(number), seed: Number(seed), generatorVersion: Number(generatorVersion) }, submissions };
}

async function createVariant(userId: string, item: ItemRow, number: number) {
  try {
    return await db.variant.create({ data: { userId, itemId: item.id, number, seed: randomInt(MAX_SEED), generatorVersion: GENERATOR_VERSION } });
  } catch (error) {
    // a concurrent first visit created it: use that one
    if (isUniqueViolation(error)) {
      const row = await db.variant.findUnique({ where: { userId_itemId_number: { userId, itemId: item.id, number } } });
      if (row) return row;
    }
    throw error;
  }
}

/** A stored answer: matrix parts keep their rows as JSON; a scalar answer is the text as typed (it may start with "["). */
function parseRaw(raw: string, target: Target): string | string[][] {
  if (!isMatrixTarget(target)) return raw;
  try {
    return JSON.parse(raw) as string[][];
  } catch {
    return raw;
  }
}

function feedbackOf(row: { status: string; message: string; mistake: string | null; carriedForward: boolean }): PartFeedback {
  return {
    status: row.status as PartFeedback["status"],
    message: row.message,
    ...(row.mistake ? { diagnosis: { mistake: row.mistake as Diagnosis["mistake"], message: row.message } } : {}),
    ...(row.carriedForward ? { carriedForward: true } : {}),
  };
}

function expectedOf(instance: Instance, target: Target, solution = solve(instance)): number | Matrix {
  return isMatrixTarget(target) ? matrixValue(solution, target) : scalarValue(instance, solution, target as ScalarTarget);
}

function buildParts(item: ItemRow, instance: Instance, parts: Target[], submissions: SubmissionRow[], showAll: boolean, now: Date): PartView[] {
  return parts.map((target, index) => buildPart(item, instance, target, index, submissions, showAll, now));
}

/** One part's view; an answer needs only its own part (a worked solution costs an explanation). */
function buildPart(item: ItemRow, instance: Instance, target: Target, index: number, submissions: SubmissionRow[], showAll: boolean, now: Date): PartView {
  const mine = submissions.filter((s) => s.partIndex === index).sort((a, b) => a.attempt - b.attempt);
  const last = mine[mine.length - 1];
  const correct = mine.some((s) => s.status === "correct");
  const attemptsUsed = mine.length;
  const view: PartView = {
    index,
    target,
    label: targetText(target),
    attemptsUsed,
    maxAttempts: item.maxAttempts,
    correct,
    done: correct || attemptsUsed >= item.maxAttempts,
    bestScore: mine.reduce((m, s) => Math.max(m, s.score * s.lateFactor), 0),
    ...(last ? { lastAnswer: parseRaw(last.rawAnswer, target), lastFeedback: feedbackOf(last) } : {}),
  };
  // A worked solution walks through the values of earlier parts: while one of those can still be answered, it waits.
  const earlierPartOpen = Array.from({ length: index }, (_, j) => submissions.filter((s) => s.partIndex === j)).some(
    (rows) => !rows.some((s) => s.status === "correct") && rows.length < item.maxAttempts,
  );
  const policy = item.solutionPolicy as SolutionPolicy;
  if (showAll || maySeeSolution(policy, { attemptsUsed, correct, earlierPartOpen }, item.maxAttempts, item.set, now)) {
    const explanation = explainTarget(instance, target);
    view.solution = { answer: explanation.answer, steps: explanation.steps };
  } else if (view.done && earlierPartOpen && maySeeSolution(policy, { attemptsUsed, correct }, item.maxAttempts, item.set, now)) {
    view.solutionWaitsForEarlierParts = true;
  }
  return view;
}

/** The student's view of an item with their current variant. Answers appear only where the policy allows. */
export async function fetchItemView(user: UserDTO, itemId: string, now = new Date()): Promise<ItemView> {
  const { item } = await loadItemForUser(user, itemId);
  const { variant: variantRow, submissions } = await currentVariant(user.id, item);
  const { instance, parts } = regenerateItemVariant(item, variantRow.seed, variantRow.generatorVersion);
  const score = await currentScore(user.id, itemId);
  return {
    itemId: item.id,
    title: item.title,
    setId: item.setId,
    setTitle: item.set.title,
    courseId: item.set.courseId,
    points: item.points,
    dueAt: item.set.dueAt,
    lateUntil: item.set.lateUntil,
    latePercent: item.set.latePercent,
    timing: submissionTiming(item.set, now).state,
    allowNewVariant: item.allowNewVariant,
    solutionPolicy: item.solutionPolicy as SolutionPolicy,
    variant: { id: variantRow.id, number: variantRow.number, instance },
    parts: buildParts(item, instance, parts, submissions, false, now),
    score,
  };
}

export interface WorkedSolution {
  target: Target;
  solution: { answer: number | Matrix; steps: Step[] };
}

/**
 * The worked solution of one part of the caller's own variant, when the item's policy allows it now (the same rule
 * as the question page: attempts, due date, earlier parts finished). The page shows a button; this is what it loads,
 * so the page itself carries no solution and stays small.
 */
export async function fetchWorkedSolution(user: UserDTO, variantId: string, partIndex: number, now = new Date()): Promise<WorkedSolution> {
  const { item, instance, target, submissions } = await openOwnVariant(user, variantId, partIndex);
  const view = buildPart(item, instance, target, partIndex, submissions, false, now);
  if (!view.solution) {
    const policy = item.solutionPolicy as SolutionPolicy;
    throw new ConflictError(
      policy === "never"
        ? "This question has no worked solution."
        : view.solutionWaitsForEarlierParts
          ? SOLUTION_WAITS_FOR_EARLIER_PARTS
          : `The worked solution appears ${SOLUTION_POLICY_LABELS[policy]}.`,
    );
  }
  return { target, solution: view.solution };
}

/**
 * An answer's read, in one statement: the variant, the id of the user's newest variant of the item, the item with
 * loadItemForUser's columns (its rule is applied to them), the variant's submissions (one row each, or one row of
 * nulls), and the id of the user's earlier submission with this idempotency key, wherever it is.
 */
export function ownVariantSql(userId: string, variantId: string, idempotencyKey: string | null): Sql {
  return sql`SELECT v."id" AS "variantId", v."userId" AS "variantUserId", v."seed", v."generatorVersion",
      (SELECT n."id" FROM "Variant" n WHERE n."userId" = v."userId" AND n."itemId" = v."itemId" ORDER BY n."number" DESC LIMIT 1) AS "newestId",
      (SELECT r."id" FROM "Submission" r WHERE r."userId" = ${userId} AND r."idempotencyKey" = ${idempotencyKey}) AS "replayId",
      ${ITEM_ACCESS_COLUMNS}, s."id" AS "submissionId", ${SUBMISSION_ROW_COLUMNS}
    FROM "Variant" v JOIN "ProblemItem" i ON i."id" = v."itemId" ${itemAccessJoins(userId)}
      LEFT JOIN "Submission" s ON s."variantId" = v."id"
    WHERE v."id" = ${variantId}
    ORDER BY s."attempt" ASC`;
}

type OwnVariantRow = ItemAccessRow & { variantId: string; variantUserId: string; seed: number; generatorVersion: number; newestId: string; replayId: string | null; submissionId: string | null } & JoinedSubmissionColumns;

/**
 * One of the caller's own variants with its item (the caller's membership checked: a removed student is refused
 * here), its regenerated instance, the part asked for and the variant's submissions; also the id of the caller's
 * newest variant of the item, and of their submission with `idempotencyKey` (an earlier identical request).
 */
async function openOwnVariant(user: UserDTO, variantId: string, partIndex: number, idempotencyKey: string | null = null) {
  const rows = await db.$queryRaw<OwnVariantRow[]>(ownVariantSql(user.id, variantId, idempotencyKey));
  const first = rows[0];
  if (!first || first.variantUserId !== user.id) throw new NotFoundError("That variant");
  const { variantId: id, variantUserId: _user, seed, generatorVersion, newestId, replayId, submissionId: _s, ...rest } = first;
  const { item } = checkItemAccess(rest);
  const submissions = rows.filter((r) => r.submissionId !== null).map((r) => ({ id: r.submissionId!, ...submissionRow(r) }));
  const { instance, parts } = regenerateItemVariant(item, Number(seed), Number(generatorVersion));
  const target = parts[partIndex];
  if (!target) throw new InvalidInputError(`This question has parts 1 to ${parts.length}.`, "partIndex");
  return { variantRow: { id, newestId }, item, instance, parts, target, submissions, replayId };
}

export interface SubmitInput {
  variantId: string;
  partIndex: number;
  answer: string | string[][];
  idempotencyKey: string;
}

export interface SubmitResult {
  /** the variant's instance, for presenting the part (not secret: the student sees it) */
  instance: Instance;
  feedback: PartFeedback;
  /** false for invalid input: nothing was stored and no attempt used */
  graded: boolean;
  part: PartView;
  itemScore: number;
  replayed?: boolean;
}

// ItemProgress is recomputed from the submissions by the database, in the transaction that stores a submission.
// The first statement locks the progress row (an upsert that changes nothing else), so on PostgreSQL two
// transactions for one student and item take turns and the second recomputes from the first's committed rows; on
// SQLite the first statement is a write, which takes the database's write lock for the whole transaction.
// Either way the last writer always sees every committed submission, and a crash keeps both or neither.
function lockProgress(userId: string, itemId: string, partsTotal: number, now: Date) {
  return db.$executeRaw`INSERT INTO "ItemProgress" ("userId", "itemId", "score", "partsDone", "partsTotal", "updatedAt")
    VALUES (${userId}, ${itemId}, 0, 0, ${partsTotal}, ${now})
    ON CONFLICT ("userId", "itemId") DO UPDATE SET "updatedAt" = excluded."updatedAt"`;
}

/**
 * Best score over the variants (mean over parts of each part's best score × late factor) and parts right on the newest variant.
 * The unary `+` keeps the part range from choosing an index: without it SQLite's planner took (itemId, partIndex) and
 * read every submission to the item (1.8 ms a submission on a class of 1,000, against 0.02 ms through (userId, itemId)).
 */
export function recomputeProgressSql(userId: string, itemId: string, partsTotal: number): Sql {
  return sql`UPDATE "ItemProgress" SET
    "score" = COALESCE((
      SELECT MAX(per_variant."total") FROM (
        SELECT SUM(per_part."best") AS "total" FROM (
          SELECT "variantId", MAX("score" * "lateFactor") AS "best" FROM "Submission"
          WHERE "userId" = ${userId} AND "itemId" = ${itemId} AND +"partIndex" >= 0 AND +"partIndex" < ${partsTotal}
          GROUP BY "variantId", "partIndex"
        ) per_part GROUP BY per_part."variantId"
      ) per_variant
    ), 0) / ${partsTotal},
    "partsDone" = (
      SELECT COUNT(DISTINCT s."partIndex") FROM "Submission" s
      WHERE s."status" = 'correct' AND s."variantId" = (
        SELECT v."id" FROM "Variant" v WHERE v."userId" = ${userId} AND v."itemId" = ${itemId} ORDER BY v."number" DESC LIMIT 1
      )
    ),
    "partsTotal" = ${partsTotal}
    WHERE "userId" = ${userId} AND "itemId" = ${itemId}
    RETURNING "score", ${newestOverrideSql(userId, itemId)} AS "override"`;
}

/** The newest override's score (null: none, or cleared), as a scalar subquery; effectiveScore's rule in SQL. */
function newestOverrideSql(userId: string, itemId: string): Sql {
  return sql`(SELECT o."score" FROM "ScoreOverride" o WHERE o."userId" = ${userId} AND o."itemId" = ${itemId}
    ORDER BY o."createdAt" DESC, o."id" DESC LIMIT 1)`;
}

/** The recompute, which returns the computed score and the newest override (effectiveScore's rule picks between them). */
function recomputeProgress(userId: string, itemId: string, partsTotal: number) {
  return db.$queryRaw<{ score: number; override: number | null }[]>(recomputeProgressSql(userId, itemId, partsTotal));
}

/** The score that counts, from the recompute's row: the newest override's when it sets one, else the computed one. */
function scoreThatCounts(rows: { score: number | null; override: number | null }[]): number {
  return Number(rows[0]?.override ?? rows[0]?.score ?? 0);
}

/** Recompute the stored best score of a student's item from their submissions (idempotent; concurrent calls converge). */
export async function refreshItemProgress(userId: string, itemId: string, partsTotal: number): Promise<number> {
  const [, rows] = await db.$transaction([lockProgress(userId, itemId, partsTotal, new Date()), recomputeProgress(userId, itemId, partsTotal)]);
  return Number(rows[0]?.score ?? 0);
}

/**
 * Grade and store one answer. Invalid input is reported without a row or an attempt; a replayed request returns the
 * stored result. `receivedAt` is the server's clock when the request arrived: lateness is judged by it, however long
 * the checks and grading take.
 */
export async function submitAnswer(user: UserDTO, input: SubmitInput, receivedAt = new Date()): Promise<SubmitResult> {
  const now = receivedAt;
  // one read: the variant, its item, its submissions, and an earlier request with this key (which may be on another variant)
  const read = await openOwnVariant(user, input.variantId, input.partIndex, input.idempotencyKey);
  const replayed = await replayOf(user, input, read, now);
  if (replayed) return replayed;
  const { variantRow, item, instance, parts, target, submissions } = read;

  if (variantRow.newestId !== variantRow.id) throw new ConflictError("You have started a newer variant of this question. Reload the page to answer it.");

  const timing = submissionTiming(item.set, now);
  if (timing.state === "not_open") throw new ConflictError("This problem set is not open yet.");
  if (timing.state === "closed") throw new ConflictError("This problem set is closed: the due date has passed.");

  const mine = submissions.filter((s) => s.partIndex === input.partIndex);
  if (mine.some((s) => s.status === "correct")) throw new ConflictError("You already answered this part correctly.");
  if (mine.length >= item.maxAttempts) throw new ConflictError("No attempts left for this part on this variant.");
  const isMatrix = isMatrixTarget(target);
  if (isMatrix !== Array.isArray(input.answer)) throw new InvalidInputError(isMatrix ? "This part takes a whole matrix." : "This part takes one number.", "answer");

  const solution = solve(instance);
  const earlier: EarlierPart[] = [];
  for (let i = 0; i < input.partIndex; i++) {
    const last = submissions.filter((s) => s.partIndex === i).at(-1);
    if (last) earlier.push({ target: parts[i], answer: parseRaw(last.rawAnswer, parts[i]) });
  }
  const grade = gradeAnswer(instance, target, input.answer, {
    tolerance: itemTolerance(item),
    earlier,
    carriedForwardCredit: item.carriedForwardCredit,
    solution,
  });
  if (grade.status === "invalid") {
    const part = buildPart(item, instance, target, input.partIndex, submissions, false, now);
    return { instance, feedback: { status: "invalid", message: grade.message }, graded: false, part, itemScore: await currentScore(user.id, item.id) };
  }
  const lateFactor = timing.state === "late" ? timing.lateFactor : 1;
  const cells = "cells" in grade ? grade.cells : undefined;
  const message = grade.message;
  const row = {
    id: randomUUID(),
    variantId: variantRow.id,
    userId: user.id,
    itemId: item.id,
    partIndex: input.partIndex,
    attempt: mine.length + 1,
    rawAnswer: typeof input.answer === "string" ? input.answer : JSON.stringify(input.answer),
    parsedValue: "received" in grade && typeof grade.received === "number" ? grade.received : null,
    expectedJson: JSON.stringify(grade.expected),
    status: grade.status,
    score: grade.score,
    lateFactor,
    late: timing.state === "late",
    mistake: grade.diagnosis?.mistake ?? null,
    carriedForward: "carriedForward" in grade && grade.carriedForward !== undefined,
    message,
    idempotencyKey: input.idempotencyKey,
    createdAt: now,
  };
  let progress;
  try {
    // a raw insert: Prisma compiles every model query anew, which cost more than the insert itself
    [, , progress] = await db.$transaction([
      lockProgress(user.id, item.id, parts.length, new Date()),
      db.$executeRaw`INSERT INTO "Submission" ("id", "variantId", "userId", "itemId", "partIndex", "attempt", "rawAnswer", "parsedValue", "expectedJson",
          "status", "score", "lateFactor", "late", "mistake", "carriedForward", "message", "idempotencyKey", "createdAt")
        VALUES (${row.id}, ${row.variantId}, ${row.userId}, ${row.itemId}, ${row.partIndex}, ${row.attempt}, ${row.rawAnswer}, ${row.parsedValue},
          ${row.expectedJson}, ${row.status}, ${row.score}, ${row.lateFactor}, ${row.late}, ${row.mistake}, ${row.carriedForward}, ${row.message},
          ${row.idempotencyKey}, ${row.createdAt})`,
      recomputeProgress(user.id, item.id, parts.length),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      // the same request, sent again, was stored first: answer with its result (read as above)
      const replayedNow = await replayOf(user, input, await openOwnVariant(user, input.variantId, input.partIndex, input.idempotencyKey), now);
      if (replayedNow) return replayedNow;
      throw new ConflictError("Another answer to this part was being graded at the same moment. Reload to see it.");
    }
    throw error;
  }
  const all = [...submissions, row];
  // the recompute in the transaction returned it: no read after the commit
  const itemScore = scoreThatCounts(progress);
  const part = buildPart(item, instance, target, input.partIndex, all, false, now);
  return { instance, feedback: { ...feedbackOf(row), ...(cells ? { cells: cells.map((r) => r.map((c) => ({ status: c.status, message: c.message }))) } : {}), ...("nearMiss" in grade && grade.nearMiss ? { nearMiss: true } : {}) }, graded: true, part, itemScore };
}

/** The score that counts, read in one statement. */
async function currentScore(userId: string, itemId: string): Promise<number> {
  return scoreThatCounts(
    await db.$queryRaw<{ score: number | null; override: number | null }[]>`
      SELECT (SELECT p."score" FROM "ItemProgress" p WHERE p."userId" = ${userId} AND p."itemId" = ${itemId}) AS "score",
        ${newestOverrideSql(userId, itemId)} AS "override"`,
  );
}

/**
 * The stored result when this request's idempotency key was seen before (null: a new request); refused when the key
 * was used for an answer to another part or variant. Nothing is graded twice.
 */
async function replayOf(user: UserDTO, input: SubmitInput, read: Awaited<ReturnType<typeof openOwnVariant>>, now: Date): Promise<SubmitResult | null> {
  if (read.replayId === null) return null;
  const replay = read.submissions.find((s) => s.id === read.replayId);
  if (!replay || replay.partIndex !== input.partIndex) throw new ConflictError("This request key was already used for another answer. Reload the page.");
  return resultFrom(user.id, read.item, read.instance, read.parts, read.submissions, replay, now);
}

/** The stored result of an earlier identical request (same idempotency key): nothing is graded twice. */
async function resultFrom(userId: string, item: ItemRow, instance: Instance, parts: Target[], submissions: SubmissionRow[], row: SubmissionRow, now: Date): Promise<SubmitResult> {
  const part = buildPart(item, instance, parts[row.partIndex], row.partIndex, submissions, false, now);
  return { instance, feedback: feedbackOf(row), graded: true, part, itemScore: await currentScore(userId, item.id), replayed: true };
}

/** Start a fresh variant when the item allows it; earlier variants and their submissions stay. */
export async function startNewVariant(user: UserDTO, itemId: string): Promise<{ number: number }> {
  const { item } = await loadItemForUser(user, itemId);
  if (!item.allowNewVariant) throw new ConflictError("This question does not offer new variants.");
  const timing = submissionTiming(item.set, new Date());
  if (timing.state === "closed") throw new ConflictError("This problem set is closed.");
  const last = await db.variant.findFirst({ where: { userId: user.id, itemId }, orderBy: { number: "desc" }, select: { number: true } });
  const row = await createVariant(user.id, item, (last?.number ?? 0) + 1);
  const { parts } = regenerateItemVariant(item, row.seed, row.generatorVersion);
  await refreshItemProgress(user.id, itemId, parts.length);
  return { number: row.number };
}

/** An instructor's preview of any seed of an item, with answers and worked solutions. */
export async function previewItem(user: UserDTO, itemId: string, seed: number) {
  const { item } = await loadItemForUser(user, itemId, true);
  const { instance, parts } = regenerateItemVariant(item, seed, GENERATOR_VERSION);
  const solution = solve(instance);
  return {
    itemId: item.id,
    title: item.title,
    setId: item.setId,
    courseId: item.set.courseId,
    seed,
    instance,
    parts: parts.map((target, index) => ({ index, target, label: targetText(target), answer: expectedOf(instance, target, solution), steps: explainTarget(instance, target).steps })),
  };
}

export interface HistoryEntry {
  variantNumber: number;
  partIndex: number;
  attempt: number;
  answer: string;
  status: string;
  score: number;
  late: boolean;
  mistake: string | null;
  carriedForward: boolean;
  at: Date;
}

/** The newest 200 submissions of a student to an item with their variant's number, through (userId, itemId, createdAt). */
export function historySql(userId: string, itemId: string): Sql {
  return sql`SELECT v."number" AS "variantNumber", s."partIndex", s."attempt", s."rawAnswer" AS "answer", s."status", s."score", s."lateFactor",
      s."late", s."mistake", s."carriedForward", s."createdAt" AS "at"
    FROM "Submission" s JOIN "Variant" v ON v."id" = s."variantId"
    WHERE s."userId" = ${userId} AND s."itemId" = ${itemId}
    ORDER BY s."createdAt" DESC
    LIMIT 200`;
}

/** The caller's own graded submissions to an item, newest first, across all their variants (never anyone else's). */
export async function fetchMyHistory(user: UserDTO, itemId: string): Promise<HistoryEntry[]> {
  await loadItemForUser(user, itemId);
  const rows = await db.$queryRaw<(Omit<HistoryEntry, "score" | "at"> & { score: number; lateFactor: number; at: Date })[]>(historySql(user.id, itemId));
  return rows.map((r) => ({
    variantNumber: Number(r.variantNumber),
    partIndex: Number(r.partIndex),
    attempt: Number(r.attempt),
    answer: r.answer,
    status: r.status,
    score: Number(r.score) * Number(r.lateFactor),
    late: Boolean(r.late),
    mistake: r.mistake,
    carriedForward: Boolean(r.carriedForward),
    at: new Date(r.at),
  }));
}
