// Read the e2e server's database directly (SQLite file or PostgreSQL), so a test can check what was stored
// without asking the app. SQL uses $1, $2… placeholders and quoted identifiers, which both databases read.
import Database from "better-sqlite3";
import path from "node:path";
import pg from "pg";
import { e2eDatabaseUrl } from "../../scripts/test-database.cjs";

export async function e2eRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = e2eDatabaseUrl();
  if (url.startsWith("file:")) {
    const db = new Database(path.resolve(process.cwd(), url.slice("file:".length)), { readonly: true });
    try {
      // better-sqlite3 binds positional "?" parameters; the queries here use each parameter once, in order
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
