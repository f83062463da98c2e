// A fresh database per test file, migrated from the committed migrations, and small factories.
// SQLite by default (a temp file); TEST_DATABASE=postgres creates a database on TEST_POSTGRES_URL's server instead
// and drops it after the file's tests (the SQLite file is deleted too). Import this module BEFORE anything that imports lib/db: it sets DATABASE_URL first.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll } from "vitest";
import { postgresAdminUrl, postgresUrlFor, testDatabase } from "../../scripts/test-database.cjs";

export const TEST_DATABASE = testDatabase();

const prismaDir = path.resolve(__dirname, "../../prisma");

function migrationScripts(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /^\d/.test(n))
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

/** One statement on the PostgreSQL server as its admin user (CREATE / DROP DATABASE). */
export async function adminQuery(sql: string) {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function createPostgresDatabase(): Promise<string> {
  const name = `chainrule_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = postgresUrlFor(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of migrationScripts(path.join(prismaDir, "postgresql", "migrations"))) await client.query(sql);
  } finally {
    await client.end();
  }
  afterAll(async () => {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return url;
}

function createSqliteDatabase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chainrule-test-"));
  const file = path.join(dir, "test.db");
  const sqlite = new Database(file);
  for (const sql of migrationScripts(path.join(prismaDir, "migrations"))) sqlite.exec(sql);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  afterAll(async () => {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
  return `file:${file}`;
}

export const TEST_DATABASE_URL = TEST_DATABASE === "postgres" ? await createPostgresDatabase() : createSqliteDatabase();
process.env.DATABASE_URL = TEST_DATABASE_URL;

/** The names of the app's tables (not Prisma's migration bookkeeping). */
async function tableNames(): Promise<string[]> {
  const db = await getDb();
  const rows =
    TEST_DATABASE === "postgres"
      ? await db.$queryRawUnsafe<{ name: string }[]>("select table_name::text as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")
      : await db.$queryRawUnsafe<{ name: string }[]>("select name from sqlite_master where type = 'table'");
  return rows.map((r) => r.name).filter((n) => !n.startsWith("_prisma") && !n.startsWith("sqlite_")).sort();
}

/** Every row of every table as text, in an order that does not depend on the database, to prove a call changed nothing. */
export async function snapshotDatabase(): Promise<string> {
  const db = await getDb();
  const dump: string[] = [];
  for (const table of await tableNames()) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`select * from "${table}"`);
    const lines = rows.map((row) => JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]])));
    dump.push(`${table} (${rows.length})`, ...lines.sort());
  }
  return dump.join("\n");
}

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

/**
 * The cast of the authorization tests: course A (its instructor, a student, a published template set) and course B
 * (its own instructor and student), built through the data layer.
 */
export async function twoCourses() {
  const { createCourse, joinCourse } = await import("@/lib/dal/courses");
  const { createSetFromTemplate, fetchSet, setPublished } = await import("@/lib/dal/problem-sets");
  const teacher = await makeUser("Teacher");
  const student = await makeUser("Student");
  const otherStudent = await makeUser("Other student");
  const otherInstructor = await makeUser("Other instructor");
  const course = await createCourse(teacher, "Course A");
  const other = await createCourse(otherInstructor, "Course B");
  await joinCourse(student, course.joinCode!);
  await joinCourse(otherStudent, other.joinCode!);
  const { id: setId } = await createSetFromTemplate(teacher, course.id);
  await setPublished(teacher, setId, true);
  const itemId = (await fetchSet(teacher, setId)).items[0].id;
  return { teacher, student, otherStudent, otherInstructor, course, setId, itemId };
}
