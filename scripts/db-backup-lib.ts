// Shared by `npm run db:backup` and `npm run db:restore`: what a backup holds and how to check one.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** The app's tables, in the order a person reads them. */
export const TABLES = ["User", "Course", "Membership", "ProblemSet", "ProblemItem", "Variant", "Submission", "ItemProgress", "ScoreOverride"] as const;

export type RowCounts = Record<string, number>;

export function sqliteFile(url: string): string {
  return path.resolve(url.slice("file:".length));
}

/** `PRAGMA integrity_check` and the row count of every table that exists in a SQLite file (read-only). */
export function checkSqliteFile(file: string): { integrity: string; counts: RowCounts; tables: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const tables = (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name);
    const counts: RowCounts = {};
    for (const t of TABLES) if (tables.includes(t)) counts[t] = (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n;
    return { integrity, counts, tables };
  } finally {
    db.close();
  }
}

/** Ids of other processes that have this SQLite file (or its WAL) open: a running server, a shell, a backup. Linux /proc. */
export function processesUsing(file: string): number[] {
  const targets = new Set([file, `${file}-wal`, `${file}-shm`]);
  const pids: number[] = [];
  if (!existsSync("/proc")) return pids;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's process
    }
    for (const fd of fds) {
      try {
        if (targets.has(readlinkSync(`/proc/${entry}/fd/${fd}`))) {
          pids.push(Number(entry));
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return pids;
}

/** Run a PostgreSQL client tool; its output, or an error naming the tool and what it said. */
export function runTool(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${tool} could not run (${r.error.message}); install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`);
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr.trim() || `exit code ${r.status}`}`);
  return r.stdout;
}

/** The tables whose data a pg_dump custom-format archive holds (`pg_restore --list`); throws when it is not one. */
export function pgArchiveTables(file: string): string[] {
  const list = runTool("pg_restore", ["--list", file]);
  return [...list.matchAll(/TABLE DATA \S+ "?([^" ]+)"? /g)].map((m) => m[1]);
}

/** Row counts per table in a pg_dump archive, read from its COPY data (pg_restore to stdout, nothing is restored). */
export function pgArchiveCounts(file: string): RowCounts {
  const r = spawnSync("pg_restore", ["--data-only", "--file", "-", file], { maxBuffer: 4 * 1024 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pg_restore could not read ${file}: ${r.stderr?.toString().trim()}`);
  const counts: RowCounts = {};
  let table: string | null = null;
  for (const line of r.stdout.toString("utf8").split("\n")) {
    if (table === null) {
      const m = /^COPY \S*?"?([A-Za-z_]+)"? \(/.exec(line);
      if (m) {
        table = m[1];
        counts[table] = 0;
      }
    } else if (line === "\\.") table = null;
    else counts[table]++;
  }
  const ordered: RowCounts = {};
  for (const t of TABLES) if (t in counts) ordered[t] = counts[t];
  return ordered;
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

export function formatCounts(counts: RowCounts): string {
  return Object.entries(counts)
    .map(([t, n]) => `  ${t.padEnd(14)} ${n}`)
    .join("\n");
}

export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
