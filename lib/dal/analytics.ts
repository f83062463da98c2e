// Where a class is stuck: per-item and per-part statistics of one problem set, the diagnosed
// mistakes behind wrong answers, score distributions, and completion over time. Instructors only.
import "server-only";
import { db } from "@/lib/db";
import { groupBy } from "@/lib/collections";
import { MISTAKE_LABELS, targetFamilyText, targetText, type MistakeId } from "@/lib/backprop";
import { generateItemVariant } from "@/lib/homework/item-spec";
import { NotFoundError } from "./errors";
import { requireMembership } from "./courses";
import { loadStudents } from "./gradebook";
import { itemScores, scoreKey } from "./scores";
import type { UserDTO } from "./users";

export interface MistakeStat {
  id: string;
  label: string;
  /** wrong answers with this diagnosis */
  submissions: number;
  /** students who made it at least once */
  students: number;
  /** students / students who answered the part */
  share: number;
}

export interface PartStats {
  index: number;
  /** what the part asks in every variant, e.g. "δ(2)" */
  label: string;
  /** one variant's exact wording, e.g. "δ(2)_1" */
  example: string;
  students: number;
  attempts: number;
  /** fraction of students whose first answer was correct (null when nobody answered) */
  firstTry: number | null;
  firstTryCount: number;
  eventually: number | null;
  medianAttempts: number | null;
  mistakes: MistakeStat[];
}

export interface ScoreBin {
  label: string;
  count: number;
}

export interface ItemStats {
  id: string;
  title: string;
  points: number;
  students: number;
  attempts: number;
  firstTry: number | null;
  eventually: number | null;
  medianAttempts: number | null;
  distribution: ScoreBin[];
  meanScore: number;
  parts: PartStats[];
}

export interface CompletionPoint {
  at: Date;
  started: number;
  completed: number;
}

export interface SetAnalyticsDTO {
  set: { id: string; title: string; courseId: string; dueAt: Date | null; published: boolean };
  studentCount: number;
  items: ItemStats[];
  completion: CompletionPoint[];
  started: number;
  completed: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

const BINS: { label: string; test: (score: number, started: boolean) => boolean }[] = [
  { label: "not started", test: (_, started) => !started },
  { label: "0%", test: (s) => s <= 0 },
  { label: "1–24%", test: (s) => s < 0.25 },
  { label: "25–49%", test: (s) => s < 0.5 },
  { label: "50–74%", test: (s) => s < 0.75 },
  { label: "75–99%", test: (s) => s < 1 - 1e-9 },
  { label: "100%", test: () => true },
];

export function scoreDistribution(scores: { score: number; started: boolean }[]): ScoreBin[] {
  const counts = BINS.map(() => 0);
  for (const s of scores) counts[BINS.findIndex((b) => b.test(s.score, s.started || s.score > 0))]++;
  return BINS.map((b, i) => ({ label: b.label, count: counts[i] }));
}

type Row = { userId: string; itemId: string; variantId: string; partIndex: number; status: string; mistake: string | null; createdAt: Date };

/** When a student first had every part of one variant right (null if never). */
function solvedAt(rows: Row[], partCount: number): Date | null {
  const byVariant = new Map<string, Map<number, Date>>();
  for (const r of rows) {
    if (r.status !== "correct") continue;
    const parts = byVariant.get(r.variantId) ?? new Map<number, Date>();
    const prev = parts.get(r.partIndex);
    if (!prev || r.createdAt < prev) parts.set(r.partIndex, r.createdAt);
    byVariant.set(r.variantId, parts);
  }
  let best: Date | null = null;
  for (const parts of byVariant.values()) {
    if (parts.size < partCount) continue;
    const done = new Date(Math.max(...[...parts.values()].map((d) => d.getTime())));
    if (!best || done < best) best = done;
  }
  return best;
}

export function partStats(index: number, label: string, example: string, rows: Row[]): PartStats {
  const byStudent = groupBy(rows, (r) => r.userId);
  let firstRight = 0;
  let eventually = 0;
  const attempts: number[] = [];
  const mistakes = new Map<string, { submissions: number; students: Set<string> }>();
  for (const [userId, mine] of byStudent) {
    mine.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    if (mine[0].status === "correct") firstRight++;
    if (mine.some((r) => r.status === "correct")) eventually++;
    attempts.push(mine.length);
    for (const r of mine) {
      if (!r.mistake) continue;
      const m = mistakes.get(r.mistake) ?? { submissions: 0, students: new Set<string>() };
      m.submissions++;
      m.students.add(userId);
      mistakes.set(r.mistake, m);
    }
  }
  const students = byStudent.size;
  return {
    index,
    label,
    example,
    students,
    attempts: rows.length,
    firstTry: ratio(firstRight, students),
    firstTryCount: firstRight,
    eventually: ratio(eventually, students),
    medianAttempts: median(attempts),
    mistakes: [...mistakes]
      .map(([id, m]) => ({ id, label: MISTAKE_LABELS[id as MistakeId] ?? id, submissions: m.submissions, students: m.students.size, share: m.students.size / students }))
      .sort((a, b) => b.students - a.students || b.submissions - a.submissions || a.id.localeCompare(b.id)),
  };
}

export async function fetchSetAnalytics(user: UserDTO, setId: string): Promise<SetAnalyticsDTO> {
  const set = await db.problemSet.findUnique({
    where: { id: setId },
    select: {
      id: true,
      title: true,
      courseId: true,
      dueAt: true,
      published: true,
      items: { select: { id: true, title: true, points: true, preset: true, specJson: true, toleranceJson: true }, orderBy: { position: "asc" } },
    },
  });
  if (!set) throw new NotFoundError("That problem set");
  await requireMembership(user, set.courseId, "instructor");
  const students = await loadStudents(set.courseId);
  const studentIds = new Set(students.map((s) => s.id));
  const itemIds = set.items.map((i) => i.id);
  const [rowsAll, scores] = await Promise.all([
    db.submission.findMany({
      where: { itemId: { in: itemIds } },
      select: { userId: true, itemId: true, variantId: true, partIndex: true, status: true, mistake: true, createdAt: true },
    }),
    itemScores([...studentIds], itemIds),
  ]);
  // Only current students count: a removed student's work stays in the record but not in the class's figures.
  const rows = rowsAll.filter((r) => studentIds.has(r.userId));

  const firstByStudent = new Map<string, Date>();
  const solvedByStudent = new Map<string, Date[]>();
  const items = set.items.map((item): ItemStats => {
    const mine = rows.filter((r) => r.itemId === item.id);
    let targets: ReturnType<typeof generateItemVariant>["parts"] = [];
    try {
      targets = generateItemVariant(item, 1).parts;
    } catch {
      targets = [];
    }
    const partCount = Math.max(targets.length, ...mine.map((r) => r.partIndex + 1));
    const parts = Array.from({ length: partCount }, (_, p) =>
      partStats(p, targets[p] ? targetFamilyText(targets[p]) : `part ${p + 1}`, targets[p] ? targetText(targets[p]) : "", mine.filter((r) => r.partIndex === p)),
    );
    const byStudent = groupBy(mine, (r) => r.userId);
    let solved = 0;
    let firstRight = 0;
    let firstTotal = 0;
    for (const [userId, theirs] of byStudent) {
      const t = solvedAt(theirs, partCount);
      if (t) {
        solved++;
        const times = solvedByStudent.get(userId);
        if (times) times.push(t);
        else solvedByStudent.set(userId, [t]);
      }
      for (const r of theirs) {
        const first = firstByStudent.get(userId);
        if (!first || r.createdAt < first) firstByStudent.set(userId, r.createdAt);
      }
    }
    for (const p of parts) {
      firstRight += p.firstTryCount;
      firstTotal += p.students;
    }
    const itemScoresList = students.map((s) => scores.get(scoreKey(s.id, item.id))!);
    return {
      id: item.id,
      title: item.title,
      points: item.points,
      students: byStudent.size,
      attempts: mine.length,
      firstTry: ratio(firstRight, firstTotal),
      eventually: ratio(solved, byStudent.size),
      medianAttempts: median([...byStudent.values()].map((r) => r.length)),
      distribution: scoreDistribution(itemScoresList),
      meanScore: itemScoresList.length ? itemScoresList.reduce((s, x) => s + x.score, 0) / itemScoresList.length : 0,
      parts,
    };
  });

  // Completion over time: a student completes the set when every question has been fully solved on some variant.
  const events: { at: Date; kind: "started" | "completed" }[] = [];
  for (const at of firstByStudent.values()) events.push({ at, kind: "started" });
  for (const times of solvedByStudent.values()) {
    if (times.length === set.items.length && set.items.length > 0) events.push({ at: new Date(Math.max(...times.map((t) => t.getTime()))), kind: "completed" });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === "started" ? -1 : 1));
  let started = 0;
  let completed = 0;
  const completion = events.map((e) => {
    if (e.kind === "started") started++;
    else completed++;
    return { at: e.at, started, completed };
  });
  return {
    set: { id: set.id, title: set.title, courseId: set.courseId, dueAt: set.dueAt, published: set.published },
    studentCount: students.length,
    items,
    completion,
    started,
    completed,
  };
}
