// A fresh SQLite database per test file, migrated from prisma/migrations, and small factories.
// Import this module BEFORE anything that imports lib/db: it sets DATABASE_URL first.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const dir = mkdtempSync(path.join(tmpdir(), "chainrule-test-"));
const file = path.join(dir, "test.db");
process.env.DATABASE_URL = `file:${file}`;

function migrate() {
  const sqlite = new Database(file);
  const root = path.resolve(__dirname, "../../prisma/migrations");
  for (const name of readdirSync(root).filter((n) => /^\d/.test(n)).sort()) {
    sqlite.exec(readFileSync(path.join(root, name, "migration.sql"), "utf8"));
  }
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}
migrate();

export const TEST_DB_FILE = file;

let counter = 0;

/** A user with a unique email (no real password hash: these tests never sign in). */
export async function makeUser(name = "User") {
  const { db } = await import("@/lib/db");
  counter++;
  const email = `${name.toLowerCase().replace(/\W+/g, "")}${counter}-${Date.now()}@test.invalid`;
  return db.user.create({ data: { email, name, passwordHash: "x" }, select: { id: true, email: true, name: true } });
}

export async function getDb() {
  return (await import("@/lib/db")).db;
}
