// The score that counts for a student's item: the newest instructor override if there is one,
// otherwise the best computed score (ItemProgress). Used by the gradebook, exports and the student's own views.
import "server-only";
import { db } from "@/lib/db";

export interface ItemScore {
  /** fraction of the item's points that counts, 0..1 */
  score: number;
  /** the computed best score, 0..1 (0 when not started) */
  computed: number;
  overridden: boolean;
  started: boolean;
  partsDone: number;
  partsTotal: number;
}

export const scoreKey = (userId: string, itemId: string) => `${userId}\u0000${itemId}`;

/** Newest override per (student, item) for these students and items; a cleared override (null) means none. */
async function latestOverrides(userIds: string[], itemIds: string[]): Promise<Map<string, number | null>> {
  const rows = await db.scoreOverride.findMany({
    where: { userId: { in: userIds }, itemId: { in: itemIds } },
    select: { userId: true, itemId: true, score: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const latest = new Map<string, number | null>();
  for (const r of rows) latest.set(scoreKey(r.userId, r.itemId), r.score);
  return latest;
}

/** Scores for every (student, item) pair asked; pairs with no work and no override count 0. */
export async function itemScores(userIds: string[], itemIds: string[]): Promise<Map<string, ItemScore>> {
  const result = new Map<string, ItemScore>();
  if (userIds.length === 0 || itemIds.length === 0) return result;
  const [progress, overrides] = await Promise.all([
    db.itemProgress.findMany({
      where: { userId: { in: userIds }, itemId: { in: itemIds } },
      select: { userId: true, itemId: true, score: true, partsDone: true, partsTotal: true },
    }),
    latestOverrides(userIds, itemIds),
  ]);
  const byKey = new Map(progress.map((p) => [scoreKey(p.userId, p.itemId), p]));
  for (const userId of userIds) {
    for (const itemId of itemIds) {
      const key = scoreKey(userId, itemId);
      const p = byKey.get(key);
      const override = overrides.get(key);
      const computed = p?.score ?? 0;
      const overridden = override !== undefined && override !== null;
      result.set(key, {
        score: overridden ? override : computed,
        computed,
        overridden,
        started: p !== undefined,
        partsDone: p?.partsDone ?? 0,
        partsTotal: p?.partsTotal ?? 0,
      });
    }
  }
  return result;
}

/** The score that counts for one student's item, given its computed score: the newest override wins. */
export async function effectiveScore(userId: string, itemId: string, computed: number): Promise<{ score: number; overridden: boolean }> {
  const latest = await db.scoreOverride.findFirst({ where: { userId, itemId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { score: true } });
  return latest && latest.score !== null ? { score: latest.score, overridden: true } : { score: computed, overridden: false };
}
