// Sign-in brute-force limits and server-side sessions, on a real migrated database (SQLite or PostgreSQL).
// The HTTP behaviour through `next start` (429 + Retry-After, sign-out) is in tests/e2e/sessions.spec.ts.
import { getDb, makeUser } from "./helpers";
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS, limitSignIn } from "@/lib/http/sign-in-limits";
import { hitRateLimit } from "@/lib/dal/rate-limits";
import { createSession, fetchSessionUser, revokeSession, SESSION_MAX_AGE_SECONDS } from "@/lib/dal/sessions";

const WINDOW_MS = SIGN_IN_LIMITS.windowSeconds * 1000;
/** 5 minutes into a window, so that every Retry-After below is 10 minutes */
const T0 = new Date(Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS + 5 * 60 * 1000);

function signInRequest(email: string, address: string): Request {
  return new Request("http://localhost/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address, origin: "http://localhost" },
    body: new URLSearchParams({ email, password: "wrong", csrfToken: "t", json: "true" }),
  });
}

/** next-auth's answers: a failed sign-in is 401; a successful one sets the session cookie. */
const failed = async () => Response.json({ url: "http://localhost/api/auth/error?error=CredentialsSignin" }, { status: 401 });
const succeeded = async () =>
  new Response(JSON.stringify({ url: "http://localhost/dashboard" }), { status: 200, headers: { "set-cookie": "next-auth.session-token=abc; Path=/; HttpOnly" } });

async function attempts(n: number, email: string, address: string, answer = failed, now = T0) {
  const out: { status: number; retryAfter: string | null; ran: boolean; body: string }[] = [];
  for (let i = 0; i < n; i++) {
    let ran = false;
    const response = await limitSignIn(signInRequest(email, address), async () => ((ran = true), answer()), now);
    out.push({ status: response.status, retryAfter: response.headers.get("retry-after"), ran, body: await response.text() });
  }
  return out;
}

describe("sign-in rate limit", () => {
  it(`allows ${SIGN_IN_LIMITS.perAccount} failed attempts per account, then answers 429 with Retry-After without checking the password`, async () => {
    const results = await attempts(SIGN_IN_LIMITS.perAccount + 2, "victim@example.com", "203.0.113.1");
    expect(results.slice(0, SIGN_IN_LIMITS.perAccount).map((r) => [r.status, r.ran])).toEqual(Array(SIGN_IN_LIMITS.perAccount).fill([401, true]));
    for (const refused of results.slice(SIGN_IN_LIMITS.perAccount)) {
      expect(refused.status).toBe(429);
      expect(refused.ran).toBe(false); // no password check at all: no argon2 work for the attacker to spend
      expect(refused.retryAfter).toBe("600"); // 10 minutes left in the 15-minute window
      expect(JSON.parse(refused.body)).toEqual({ error: "Too many sign-in attempts. Try again in 10 minutes.", url: "http://localhost/signin?error=RateLimited%3A600" });
    }
    // the limit is on the account, whatever the address and however the email is written
    const elsewhere = await attempts(1, "  Victim@Example.COM ", "198.51.100.99");
    expect(elsewhere[0].status).toBe(429);
  });

  it("answers a known and an unknown email alike, attempt by attempt", async () => {
    const known = await makeUser("Known");
    const a = await attempts(SIGN_IN_LIMITS.perAccount + 1, known.email, "203.0.113.2");
    const b = await attempts(SIGN_IN_LIMITS.perAccount + 1, "nobody-here@example.com", "203.0.113.3");
    expect(a.map((r) => [r.status, r.retryAfter, r.body.replace(/"url":"[^"]*"/, "")])).toEqual(b.map((r) => [r.status, r.retryAfter, r.body.replace(/"url":"[^"]*"/, "")]));
  });

  it(`limits one address to ${SIGN_IN_LIMITS.perAddress} failed attempts across accounts`, async () => {
    const address = "203.0.113.4";
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress + 1; i++) statuses.push((await attempts(1, `spray${i}@example.com`, address))[0].status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_LIMITS.perAddress);
    expect(statuses.at(-1)).toBe(429);
    // another address is not affected
    expect((await attempts(1, "spray0@example.com", "203.0.113.5"))[0].status).toBe(401);
  });

  it("does not count successful sign-ins, so a classroom behind one address can sign in", async () => {
    const address = "203.0.113.6";
    const results = await attempts(SIGN_IN_LIMITS.perAccount * 3, "regular@example.com", address, succeeded);
    expect(results.every((r) => r.status === 200 && r.ran)).toBe(true);
    const db = await getDb();
    const rows = await db.rateLimit.findMany({ where: { key: { startsWith: "signin:account:regular@example.com:" } } });
    expect(rows.map((r) => r.count)).toEqual([0]);
  });

  it("starts counting afresh in the next window", async () => {
    await attempts(SIGN_IN_LIMITS.perAccount + 1, "patient@example.com", "203.0.113.7");
    expect((await attempts(1, "patient@example.com", "203.0.113.7"))[0].status).toBe(429);
    const later = new Date(T0.getTime() + WINDOW_MS);
    expect((await attempts(1, "patient@example.com", "203.0.113.7", failed, later))[0].status).toBe(401);
    // ended windows are cleared when a new window starts
    const db = await getDb();
    expect(await db.rateLimit.count({ where: { resetAt: { lte: later } } })).toBe(0);
  });

  it("counts concurrent attempts exactly once each (the count is one atomic upsert)", async () => {
    const rule = { subject: "test:concurrent", limit: 7, windowSeconds: 900 };
    const results = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(rule, T0)));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });
});

describe("server-side sessions", () => {
  it("a session works until it is revoked, and only for its own user", async () => {
    const user = await makeUser("Session");
    const other = await makeUser("Other");
    const session = await createSession(user.id);
    expect(await fetchSessionUser(session.id, user.id)).toEqual(user);
    expect(await fetchSessionUser(session.id, other.id)).toBeNull();
    expect(await fetchSessionUser("made-up", user.id)).toBeNull();
    await revokeSession(session.id);
    expect(await fetchSessionUser(session.id, user.id)).toBeNull();
  });

  it(`ends ${SESSION_MAX_AGE_SECONDS / 86400} days after sign-in`, async () => {
    const user = await makeUser("Expiring");
    const start = new Date("2026-01-01T00:00:00Z");
    const session = await createSession(user.id, start);
    expect(await fetchSessionUser(session.id, user.id, new Date("2026-01-14T23:59:59Z"))).toEqual(user);
    expect(await fetchSessionUser(session.id, user.id, new Date("2026-01-15T00:00:00Z"))).toBeNull();
  });

  it("clears a user's ended sessions when they sign in again, and nobody else's", async () => {
    const user = await makeUser("Returning");
    const other = await makeUser("Bystander");
    const old = await createSession(user.id, new Date("2026-01-01T00:00:00Z"));
    const signedOut = await createSession(user.id);
    await revokeSession(signedOut.id);
    const live = await createSession(user.id);
    const othersOld = await createSession(other.id, new Date("2026-01-01T00:00:00Z"));
    const fresh = await createSession(user.id);
    const db = await getDb();
    const ids = (await db.session.findMany({ where: { userId: { in: [user.id, other.id] } }, select: { id: true } })).map((s) => s.id).sort();
    expect(ids).toEqual([live.id, othersOld.id, fresh.id].sort());
    expect(ids).not.toContain(old.id);
  });

  it("ends when the account is deleted", async () => {
    const user = await makeUser("Deleted");
    const session = await createSession(user.id);
    const db = await getDb();
    await db.user.delete({ where: { id: user.id } });
    expect(await fetchSessionUser(session.id, user.id)).toBeNull();
  });
});
