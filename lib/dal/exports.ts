// Grade and submission exports, as header + batches of records, read from the database a batch at a time.
// Authorization happens before anything is returned, so a refused caller gets a status, not a half file.
import "server-only";
import { db } from "@/lib/db";
import { MISTAKE_LABELS, type MistakeId } from "@/lib/backprop";
import { round2, type Cell } from "@/lib/export/csv";
import { answerText, matrixText } from "@/lib/present/answers";
import { NotFoundError } from "./errors";
import { gradebookBatches, loadSheet, requireInstructor, variantPartLabels, type SheetSet } from "./gradebook";
import type { UserDTO } from "./users";

export type ExportKind = "gradebook" | "canvas" | "submissions";
export const EXPORT_KINDS: ExportKind[] = ["gradebook", "canvas", "submissions"];

export interface Export {
  /** without extension */
  name: string;
  header: string[];
  batches: AsyncIterable<Cell[][]>;
}

/** Submissions per database round trip in the submissions export. */
export const SUBMISSION_BATCH = 2000;

/** Set titles as column names: a repeated title gets " (2)", " (3)"… so an importer can't merge two sets. */
export function uniqueTitles(titles: string[]): string[] {
  const seen = new Map<string, number>();
  return titles.map((t) => {
    const n = (seen.get(t) ?? 0) + 1;
    seen.set(t, n);
    return n === 1 ? t : `${t} (${n})`;
  });
}

async function courseTitle(courseId: string): Promise<string> {
  const course = await db.course.findUnique({ where: { id: courseId }, select: { title: true } });
  if (!course) throw new NotFoundError("That course");
  return course.title;
}

async function* mapBatches<T>(source: AsyncIterable<T[]>, map: (row: T) => Cell[]): AsyncGenerator<Cell[][]> {
  for await (const batch of source) yield batch.map(map);
}

/** One row per student: Name, Email, "<Set title> (<max points>)"…, Total. */
function gradebookExport(title: string, courseId: string, sheet: SheetSet[]): Export {
  const titles = uniqueTitles(sheet.map((s) => s.title));
  return {
    name: `${title} grades`,
    header: ["Name", "Email", ...sheet.map((s, i) => `${titles[i]} (${round2(s.maxPoints)})`), "Total"],
    batches: mapBatches(gradebookBatches(courseId, sheet), (row) => [row.student.name, row.student.email, ...row.sets.map((c) => round2(c.points)), round2(row.total)]),
  };
}

/**
 * Canvas's gradebook import format: Student, ID, SIS User ID, SIS Login ID, Section, then one column per
 * assignment; the first data row holds Points Possible. Canvas matches students by its own ID or SIS ids,
 * which Chainrule doesn't know: the email goes in SIS Login ID (the usual login), and Canvas offers to
 * match any student it can't place by name.
 */
function canvasExport(title: string, courseId: string, sheet: SheetSet[]): Export {
  async function* batches(): AsyncGenerator<Cell[][]> {
    yield [["Points Possible", "", "", "", "", ...sheet.map((s) => round2(s.maxPoints))]];
    yield* mapBatches(gradebookBatches(courseId, sheet), (row) => [row.student.name, "", "", row.student.email, "", ...row.sets.map((c) => round2(c.points))]);
  }
  return { name: `${title} canvas`, header: ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ...uniqueTitles(sheet.map((s) => s.title))], batches: batches() };
}

export const SUBMISSION_HEADER = [
  "Student",
  "Email",
  "Set",
  "Item",
  "Part",
  "Attempt",
  "Variant",
  "Variant seed",
  "Submitted answer",
  "Parsed value",
  "Expected",
  "Verdict",
  "Score",
  "Diagnosis",
  "Carried forward",
  "Submitted at (UTC)",
  "Late",
];

function expectedCell(json: string): Cell {
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value === "number") return value;
    if (Array.isArray(value)) return matrixText(value as number[][]);
  } catch {
    // fall through
  }
  return json;
}

/**
 * Every graded submission to the course's questions: question by question (sets in course order), oldest
 * first within a question. Each batch is an index range scan on (itemId, createdAt), so the export's time
 * grows linearly with the number of submissions and its memory holds one batch.
 */
function submissionsExport(title: string, courseId: string): Export {
  async function* batches(): AsyncGenerator<Cell[][]> {
    const sets = await db.problemSet.findMany({
      where: { courseId },
      select: { title: true, items: { select: { id: true, title: true, preset: true, specJson: true, toleranceJson: true }, orderBy: { position: "asc" } } },
      orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    });
    for (const set of sets) {
      for (const item of set.items) {
        let after: { createdAt: Date; id: string } | undefined;
        for (;;) {
          const rows = await db.submission.findMany({
            where: {
              itemId: item.id,
              ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
            },
            select: {
              id: true,
              partIndex: true,
              attempt: true,
              rawAnswer: true,
              parsedValue: true,
              expectedJson: true,
              status: true,
              score: true,
              lateFactor: true,
              mistake: true,
              carriedForward: true,
              createdAt: true,
              late: true,
              user: { select: { name: true, email: true } },
              variant: { select: { id: true, number: true, seed: true, generatorVersion: true } },
            },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            take: SUBMISSION_BATCH,
          });
          if (rows.length === 0) break;
          after = rows[rows.length - 1];
          // Part labels depend on the variant's seed; the cache lives for one batch so memory stays bounded.
          const labels = new Map<string, string[]>();
          yield rows.map((r) => {
            let parts = labels.get(r.variant.id);
            if (!parts) {
              parts = variantPartLabels(item, r.variant.seed, r.variant.generatorVersion);
              labels.set(r.variant.id, parts);
            }
            return [
              r.user.name,
              r.user.email,
              set.title,
              item.title,
              parts[r.partIndex] ?? `part ${r.partIndex + 1}`,
              r.attempt,
              r.variant.number,
              r.variant.seed,
              answerText(r.rawAnswer),
              r.parsedValue,
              expectedCell(r.expectedJson),
              r.status,
              r.score * r.lateFactor,
              r.mistake ? (MISTAKE_LABELS[r.mistake as MistakeId] ?? r.mistake) : "",
              r.carriedForward ? "yes" : "no",
              r.createdAt.toISOString(),
              r.late ? "yes" : "no",
            ];
          });
          if (rows.length < SUBMISSION_BATCH) break;
        }
      }
    }
  }
  return { name: `${title} submissions`, header: SUBMISSION_HEADER, batches: batches() };
}

/** An export of the course, for its instructors only (403 for its students, 404 for everyone else). */
export async function courseExport(user: UserDTO, courseId: string, kind: ExportKind): Promise<Export> {
  await requireInstructor(user, courseId);
  const title = await courseTitle(courseId);
  if (kind === "submissions") return submissionsExport(title, courseId);
  const sheet = await loadSheet(courseId);
  return kind === "canvas" ? canvasExport(title, courseId, sheet) : gradebookExport(title, courseId, sheet);
}
