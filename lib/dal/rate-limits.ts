// Fixed-window counters in the database, so every app instance counts together (and a restart forgets nothing).
import "server-only";
import { db } from "@/lib/db";

export interface RateLimitRule {
  /** what is counted, e.g. "signin:account:ada@example.com" */
  subject: string;
  /** attempts allowed per window */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitState {
  /** attempts in the current window, this one included */
  count: number;
  allowed: boolean;
  /** seconds until the window ends: the Retry-After of a refusal */
  retryAfterSeconds: number;
  /** the row counted, for refund() */
  key: string;
}

function bucket(rule: RateLimitRule, now: Date): { key: string; resetAt: Date } {
  const windowMs = rule.windowSeconds * 1000;
  const index = Math.floor(now.getTime() / windowMs);
  return { key: `${rule.subject}:${index}`, resetAt: new Date((index + 1) * windowMs) };
}

/** Count one attempt (an atomic upsert: concurrent attempts on any instance each count once). */
export async function hitRateLimit(rule: RateLimitRule, now = new Date()): Promise<RateLimitState> {
  const { key, resetAt } = bucket(rule, now);
  const row = await db.rateLimit.upsert({
    where: { key },
    create: { key, count: 1, resetAt },
    update: { count: { increment: 1 } },
    select: { count: true },
  });
  // the first attempt of a window clears windows that have ended, so the table stays small
  if (row.count === 1) await db.rateLimit.deleteMany({ where: { resetAt: { lte: now } } });
  return {
    count: row.count,
    allowed: row.count <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
    key,
  };
}

/** Take back an attempt that should not count (a successful sign-in). */
export async function refundRateLimit(key: string): Promise<void> {
  await db.rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}
