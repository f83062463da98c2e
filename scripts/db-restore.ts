// `npm run db:restore -- <backup file> [--to <database URL or file>] [--replace] [--force]`
// Checks the backup first, and touches nothing when it is damaged. By default it restores into a NEW database
// (a new SQLite file next to the current one, or the empty PostgreSQL database given with --to) and says how to
// switch to it, so the running app is never pulled out from under its users. --replace restores over the database
// DATABASE_URL names (the current one is kept beside it, renamed); it refuses while any process has that SQLite
// file open, or while other sessions are connected to that PostgreSQL database, unless --force.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import Database from "better-sqlite3";
import { databaseProvider, databaseUrl } from "../lib/config";
import { checkSqliteFile, formatCounts, formatSize, pgArchiveCounts, pgArchiveTables, processesUsing, redact, runTool, sqliteFile, TABLES } from "./db-backup-lib";

const USAGE = `usage: npm run db:restore -- <backup file> [--to <file: or postgresql:// URL>] [--replace] [--force]
  SQLite (a .db backup):      restores into a new file (default data/restored-<time>.db, or --to file:<path>)
                              --replace restores over DATABASE_URL's file; refused while a server has it open, unless --force
  PostgreSQL (a .dump backup): restores into --to postgresql://…/<empty database>
                              --replace restores over DATABASE_URL's database; refused while others are connected, unless --force`;

function fail(message: string, code = 1): never {
  console.error(`db:restore: ${message}`);
  process.exit(code);
}

function parseArgs(argv: string[]) {
  const opts = { file: "", to: "", replace: false, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--replace") opts.replace = true;
    else if (a === "--force") opts.force = true;
    else if (a === "--to") opts.to = argv[++i] ?? fail("--to needs a database URL or file", 2);
    else if (a === "-h" || a === "--help") fail(USAGE, 2);
    else if (a.startsWith("-")) fail(`unknown option ${a}\n${USAGE}`, 2);
    else if (opts.file) fail(`one backup file at a time\n${USAGE}`, 2);
    else opts.file = a;
  }
  if (!opts.file) fail(`name the backup file to restore (nothing is restored without one)\n${USAGE}`, 2);
  if (opts.replace && opts.to) fail("--replace restores over DATABASE_URL's database; --to names another one. Use one of them.", 2);
  return opts;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

function restoreSqlite(backup: string, opts: ReturnType<typeof parseArgs>) {
  // 1. the backup, before anything is touched
  let check: ReturnType<typeof checkSqliteFile>;
  try {
    check = checkSqliteFile(backup);
  } catch (error) {
    fail(`${backup} is not a readable SQLite database (${(error as Error).message}); nothing was changed.`);
  }
  if (check.integrity !== "ok") fail(`${backup} failed PRAGMA integrity_check (${check.integrity}); nothing was changed.`);
  const missing = TABLES.filter((t) => !check.tables.includes(t));
  if (missing.length > 0) fail(`${backup} is not a Chainrule database (no ${missing.join(", ")} table); nothing was changed.`);

  // 2. where it goes
  const current = sqliteFile(databaseUrl());
  let target: string;
  if (opts.replace) {
    target = current;
    const users = processesUsing(current);
    if (users.length > 0 && !opts.force) {
      fail(
        `${current} is open in process ${users.join(", ")} (a running server?). Stop it first, or restore into a new file ` +
          `(leave out --replace) and switch to it. --force replaces it anyway; a running server would keep using the old file.`,
      );
    }
  } else {
    target = opts.to ? path.resolve(opts.to.replace(/^file:/, "")) : path.join(path.dirname(current), `restored-${stamp()}.db`);
    if (existsSync(target)) fail(`${target} already exists; restore into a new file, or use --replace for DATABASE_URL's database.`);
  }

  // 3. copy beside the target, check the copy, then move it into place in one rename
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(backup, incoming);
  const db = new Database(incoming);
  db.pragma("journal_mode = WAL");
  db.close();
  const copied = checkSqliteFile(incoming);
  if (copied.integrity !== "ok") fail(`the copy at ${incoming} failed PRAGMA integrity_check (${copied.integrity}); ${target} was not changed.`);
  let kept = "";
  if (existsSync(target)) {
    kept = `${target}.before-restore-${stamp()}`;
    renameSync(target, kept);
    for (const suffix of ["-wal", "-shm"]) if (existsSync(target + suffix)) renameSync(target + suffix, kept + suffix);
  }
  for (const suffix of ["-wal", "-shm"]) if (existsSync(incoming + suffix)) renameSync(incoming + suffix, target + suffix);
  renameSync(incoming, target);

  console.log(`Restored ${backup}\n  into ${target} (${formatSize(statSync(target).size)}), integrity_check: ok\nRows:\n${formatCounts(copied.counts)}`);
  if (kept) console.log(`The database it replaced is kept at ${kept}.`);
  if (!opts.replace) console.log(`To switch to it: stop the app, then either start it with DATABASE_URL=file:${target}, or move ${target} to ${current} (with the app stopped), and start it again.`);
}

async function pgSessions(url: string): Promise<{ others: number; tables: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const others = await client.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
    const tables = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
    return { others: others.rows[0].n, tables: tables.rows[0].n };
  } finally {
    await client.end();
  }
}

async function restorePostgres(backup: string, opts: ReturnType<typeof parseArgs>) {
  const tables = pgArchiveTables(backup); // fails on anything that is not a pg_dump archive
  if (!tables.includes("Submission")) fail(`${backup} holds no Submission data: not a Chainrule backup; nothing was changed.`);
  const counts = pgArchiveCounts(backup);
  let target: string;
  if (opts.replace) {
    target = databaseUrl();
    const { others } = await pgSessions(target);
    if (others > 0 && !opts.force) fail(`${redact(target)} has ${others} other connection(s) (a running server?). Stop it first, or restore with --to into a new, empty database and switch to it. --force replaces it anyway.`);
  } else {
    if (!opts.to || databaseProvider(opts.to) !== "postgresql") fail(`a PostgreSQL backup needs --to postgresql://…/<new empty database> (createdb it first), or --replace.\n${USAGE}`, 2);
    target = opts.to;
    const { tables: existing } = await pgSessions(target);
    if (existing > 0) fail(`${redact(target)} is not empty (${existing} tables); restore into a new, empty database, or use --replace for DATABASE_URL's.`);
  }
  runTool("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", ...(opts.replace ? ["--clean", "--if-exists"] : []), "--dbname", target, backup]);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  const restored: Record<string, number> = {};
  try {
    for (const t of Object.keys(counts)) restored[t] = (await client.query(`select count(*)::int as n from "${t}"`)).rows[0].n;
  } finally {
    await client.end();
  }
  for (const t of Object.keys(counts)) if (restored[t] !== counts[t]) fail(`${t}: the backup holds ${counts[t]} rows but ${restored[t]} were restored.`);
  console.log(`Restored ${backup}\n  into ${redact(target)}\nRows:\n${formatCounts(restored)}`);
  if (!opts.replace) console.log(`To switch to it: point every instance's DATABASE_URL at ${redact(target)} and restart them.`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const backup = path.resolve(opts.file);
  if (!existsSync(backup)) fail(`${backup} does not exist.`);
  const provider = opts.to ? (opts.to.startsWith("postgres") ? "postgresql" : "sqlite") : databaseProvider(databaseUrl());
  if (provider === "sqlite") restoreSqlite(backup, opts);
  else await restorePostgres(backup, opts);
}

main().catch((error: Error) => fail(error.message));
