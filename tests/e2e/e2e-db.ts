// Read the e2e server's database directly (SQLite file or PostgreSQL), so a test can check what was stored
// without asking the app. SQL uses $1, $2… placeholders and quoted identifiers, which both databases read.
import Database from "better-sqlite3";
import path from "node:path";
import pg from "pg";
import { e2eDatabaseUrl } from "../../scripts/test-database.cjs";

export async function e2eRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return rowsAt<T>(e2eDatabaseUrl(), sql, params);
}

/** Rows of any test database (SQLite file or PostgreSQL URL), read-only; $1… placeholders, each used once, in order. */
export async function rowsAt<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(path.resolve(process.cwd(), url.slice("file:".length)), { readonly: true });
    try {
      // better-sqlite3 binds positional "?" parameters
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Run one write statement on the e2e database (same placeholder rules as e2eRows). */
export async function e2eExec(sql: string, params: unknown[] = []): Promise<void> {
  const url = e2eDatabaseUrl();
  if (url.startsWith("file:")) {
    const db = new Database(path.resolve(process.cwd(), url.slice("file:".length)));
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare(sql.replace(/\$\d+/g, "?")).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Dates as the app stores them: ISO text in SQLite (the adapter's format), timestamps in PostgreSQL. */
function storedDate(date: Date): string | Date {
  return e2eDatabaseUrl().startsWith("file:") ? date.toISOString().replace("Z", "+00:00") : date;
}

/** A SessionStore (tests/support/session-cookie.ts) writing to the e2e database. */
export async function e2eInsertSession(row: { id: string; userId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await e2eExec('INSERT INTO "Session" ("id", "userId", "createdAt", "expiresAt") VALUES ($1, $2, $3, $4)', [row.id, row.userId, storedDate(row.createdAt), storedDate(row.expiresAt)]);
}
