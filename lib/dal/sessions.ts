// Server-side sessions: the signed cookie names a Session row, and the row decides whether the cookie still works.
// Signing out revokes the row, so a copied or stolen cookie stops working at once, on every instance.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { UserDTO } from "./users";

/** How long a sign-in lasts; the cookie's own lifetime (lib/auth.ts) is the same. */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

/** A new session for a user who has just proved who they are. The id is 256 random bits. */
export async function createSession(userId: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.session.create({ data: { id, userId, createdAt: now, expiresAt } });
  // the user's ended sessions are of no further use: clearing them at each sign-in keeps the table small
  await db.session.deleteMany({ where: { userId, OR: [{ expiresAt: { lte: now } }, { revokedAt: { not: null } }] } });
  return { id, expiresAt };
}

/** Sign-out: the session stops working now. Unknown or already revoked ids change nothing. */
export async function revokeSession(id: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
}

/** The user behind a live session of theirs, or null (revoked, expired, another user's id, deleted account). */
export async function fetchSessionUser(sessionId: string, userId: string, now = new Date()): Promise<UserDTO | null> {
  // one statement (every signed-in request makes it): Prisma would read the session, then the user
  const rows = await db.$queryRaw<{ userId: string; revokedAt: Date | null; expiresAt: Date; email: string; name: string }[]>`
    SELECT s."userId", s."revokedAt", s."expiresAt", u."email", u."name"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId}`;
  const row = rows[0];
  if (!row || row.userId !== userId || row.revokedAt || row.expiresAt <= now) return null;
  return { id: row.userId, email: row.email, name: row.name };
}
