// `npm run db:backup` while students are submitting, then `npm run db:restore` into a fresh database: the copy is
// whole (integrity ok), holds at least everything committed before the backup started, and the app can read it.
// The restore refuses to run without a file, refuses a damaged backup before touching anything, and refuses to
// replace a database another process has open. Runs on SQLite, and on PostgreSQL with TEST_DATABASE=postgres.
import { adminQuery, getDb, makeUser, TEST_DATABASE, TEST_DATABASE_URL } from "./helpers";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCourse, joinCourse } from "@/lib/dal/courses";
import { createSetFromTemplate, fetchSet, setPublished } from "@/lib/dal/problem-sets";
import { fetchItemView, startNewVariant, submitAnswer } from "@/lib/dal/solving";
import { postgresUrlFor } from "../../scripts/test-database.cjs";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const dir = mkdtempSync(path.join(tmpdir(), "chainrule-backup-"));
const createdDatabases: string[] = [];

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const name of createdDatabases) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** Run a script of the app as an operator would (its own process), without blocking this one's writers. */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [...(script.includes("read-with-dal") ? ["--conditions=react-server"] : []), script, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

type User = Awaited<ReturnType<typeof makeUser>>;
let students: User[] = [];
let itemId = "";

async function counts(url: string): Promise<Record<string, number>> {
  const tables = ["User", "Variant", "Submission", "ItemProgress"];
  const result: Record<string, number> = {};
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true });
    for (const t of tables) result[t] = (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n;
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const t of tables) result[t] = (await client.query(`select count(*)::int as n from "${t}"`)).rows[0].n;
    await client.end();
  }
  return result;
}

beforeAll(async () => {
  const instructor = await makeUser("Instructor");
  const course = await createCourse(instructor, "Backups 101");
  const setId = (await createSetFromTemplate(instructor, course.id)).id;
  await setPublished(instructor, setId, true);
  itemId = (await fetchSet(instructor, setId)).items[0].id;
  students = await Promise.all(Array.from({ length: 8 }, (_, i) => makeUser(`Writer ${i}`)));
  for (const s of students) await joinCourse(s, course.joinCode!);
});

describe("db:backup and db:restore", () => {
  it("backs up while students submit, and restores a whole copy the app can read", async () => {
    // writers: every student keeps answering (wrong, so attempts run out part by part) until told to stop
    let stop = false;
    let written = 0;
    const writers = students.map(async (student) => {
      for (let n = 0; !stop; n++) {
        // requests arrive from the network: let the event loop run between them (SQLite queries resolve without it)
        await new Promise((r) => setImmediate(r));
        const view = await fetchItemView(student, itemId);
        const open = view.parts.filter((p) => !p.done && !(p.target.kind === "grad" && !("j" in p.target)));
        if (open.length === 0) {
          await startNewVariant(student, itemId);
          continue;
        }
        await submitAnswer(student, { variantId: view.variant.id, partIndex: open[0].index, answer: String(1000 + n), idempotencyKey: `bk-${student.id}-${n}` });
        written++;
      }
    });
    const failed = Promise.all(writers).then(() => "writers stopped", (e: Error) => e);
    while (written < 20) {
      const early = await Promise.race([failed, new Promise((r) => setTimeout(r, 5))]);
      if (early) throw early instanceof Error ? early : new Error(String(early));
    }
    const before = await counts(TEST_DATABASE_URL);
    const writtenBefore = written;
    const backupFile = path.join(dir, TEST_DATABASE === "postgres" ? "live.dump" : "live.db");
    const backup = await run("scripts/db-backup.ts", [backupFile]);
    const writtenDuring = written - writtenBefore;
    stop = true;
    await Promise.all(writers);
    const after = await counts(TEST_DATABASE_URL);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain(backupFile);
    expect(backup.out).toMatch(/Submission\s+\d+/);
    expect(writtenDuring, "the writers kept writing while the backup ran").toBeGreaterThan(0);

    // restore into a fresh database
    let restoredUrl: string;
    if (TEST_DATABASE === "postgres") {
      const name = `chainrule_restored_${process.pid}_${Date.now()}`;
      await adminQuery(`CREATE DATABASE "${name}"`);
      createdDatabases.push(name);
      restoredUrl = postgresUrlFor(name);
    } else {
      restoredUrl = `file:${path.join(dir, "restored.db")}`;
    }
    const restore = await run("scripts/db-restore.ts", [backupFile, "--to", restoredUrl]);
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/Restored .*\n\s+into /);
    expect(restore.out).toContain("To switch to it");

    const restored = await counts(restoredUrl);
    for (const table of Object.keys(before)) {
      expect(restored[table], table).toBeGreaterThanOrEqual(before[table]);
      expect(restored[table], table).toBeLessThanOrEqual(after[table]);
    }
    if (TEST_DATABASE === "sqlite") {
      const db = new Database(restoredUrl.slice("file:".length), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      // no submission without its progress row, none half-written
      expect(db.prepare(`select count(*) as n from "Submission" s left join "ItemProgress" p on p."userId" = s."userId" and p."itemId" = s."itemId" where p."userId" is null`).get()).toEqual({ n: 0 });
      db.close();
    }

    // the app's data layer reads the restored database: the student's attempts are those stored there
    const student = students[0];
    const read = await run("tests/support/read-with-dal.ts", [student.id, itemId], { DATABASE_URL: restoredUrl });
    expect(read.code, read.out).toBe(0);
    const view = JSON.parse(read.out.trim().split("\n").at(-1)!) as { variant: number; attemptsUsed: number[]; history: number };
    expect(view.variant).toBeGreaterThanOrEqual(1);
    const stored = await countSubmissionsOf(restoredUrl, student.id);
    expect(view.history).toBe(stored);
    expect(stored).toBeGreaterThan(0);
  }, 120_000);

  it("refuses to restore without a file, a damaged backup, or over a database a running process has open", async () => {
    const none = await run("scripts/db-restore.ts", []);
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/name the backup file/);

    const backupFile = path.join(dir, TEST_DATABASE === "postgres" ? "good.dump" : "good.db");
    expect((await run("scripts/db-backup.ts", [backupFile])).code).toBe(0);
    // the same backup with a stretch of its middle overwritten
    const damaged = path.join(dir, TEST_DATABASE === "postgres" ? "damaged.dump" : "damaged.db");
    const bytes = readFileSync(backupFile);
    bytes.fill(0x5a, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 8192);
    writeFileSync(damaged, bytes);
    const target = TEST_DATABASE === "postgres" ? postgresUrlFor(`chainrule_never_${process.pid}`) : `file:${path.join(dir, "never.db")}`;
    const refused = await run("scripts/db-restore.ts", [damaged, "--to", target]);
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toMatch(/nothing was changed|pg_restore/);
    if (TEST_DATABASE === "sqlite") expect(existsSync(target.slice("file:".length))).toBe(false);

    // this test process has the database open, as a running server would: --replace is refused, and nothing changes
    const db = await getDb();
    const submissions = await db.submission.count();
    const replace = await run("scripts/db-restore.ts", [backupFile, "--replace"]);
    expect(replace.code, replace.out).toBe(1);
    expect(replace.out).toMatch(TEST_DATABASE === "postgres" ? /other connection/ : new RegExp(`open in process .*${process.pid}`));
    expect(await db.submission.count()).toBe(submissions);
  }, 120_000);
});

async function countSubmissionsOf(url: string, userId: string): Promise<number> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true });
    const n = (db.prepare(`select count(*) as n from "Submission" where "userId" = ?`).get(userId) as { n: number }).n;
    db.close();
    return n;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const n = (await client.query(`select count(*)::int as n from "Submission" where "userId" = $1`, [userId])).rows[0].n;
  await client.end();
  return n;
}
