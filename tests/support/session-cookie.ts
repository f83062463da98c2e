// A signed-in session for a user without going through the (rate-limited, argon2-priced) sign-in form: a Session
// row plus the signed cookie next-auth would set. For tests and benchmarks that act as many students at once.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";

/** next-auth's cookie name over plain http (https adds the __Secure- prefix). */
export const SESSION_COOKIE = "next-auth.session-token";
const MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Stores the Session row: e.g. `(row) => prisma.session.create({ data: row })`, or raw SQL (e2eInsertSession). */
export type SessionStore = (row: SessionRow) => Promise<unknown>;

/** `name=value` for a Cookie header, valid on any server that shares `secret` and the database. */
export async function mintSessionCookie(user: { id: string; email: string; name: string }, secret: string, store: SessionStore): Promise<string> {
  const now = new Date();
  const row: SessionRow = { id: randomBytes(32).toString("base64url"), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + MAX_AGE_SECONDS * 1000) };
  await store(row);
  const token = await encode({ secret, maxAge: MAX_AGE_SECONDS, token: { sub: user.id, uid: user.id, sid: row.id, name: user.name, email: user.email } });
  return `${SESSION_COOKIE}=${token}`;
}
