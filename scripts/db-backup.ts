// `npm run db:backup [-- <file>]`: an online backup of the database DATABASE_URL names, safe while the app runs.
// SQLite: VACUUM INTO, which writes a consistent snapshot of the database to a new file in one read transaction
// while other processes keep reading and writing (WAL); the copy is then checked with PRAGMA integrity_check.
// PostgreSQL: pg_dump -Fc (one consistent snapshot), then checked by listing the archive with pg_restore.
// Without a file, the backup goes to data/backups/chainrule-<UTC time>.<db|dump>.
import { mkdirSync, existsSync, statSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseProvider, databaseUrl } from "../lib/config";
import { checkSqliteFile, formatCounts, formatSize, pgArchiveCounts, pgArchiveTables, redact, runTool, sqliteFile } from "./db-backup-lib";

function usage(): never {
  console.error("usage: npm run db:backup [-- <backup file>]   (default: data/backups/chainrule-<time>.db, or .dump for PostgreSQL)");
  process.exit(2);
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

async function main() {
  const args = process.argv.slice(2);
  if (args.some((a) => a === "-h" || a === "--help") || args.length > 1) usage();
  const url = databaseUrl();
  const provider = databaseProvider(url);
  const target = path.resolve(args[0] ?? path.join("data", "backups", `chainrule-${stamp()}.${provider === "sqlite" ? "db" : "dump"}`));
  if (existsSync(target)) {
    console.error(`db:backup: ${target} already exists; choose another file (a backup never overwrites one).`);
    process.exit(1);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });

  if (provider === "sqlite") {
    const source = sqliteFile(url);
    if (!existsSync(source)) throw new Error(`no database at ${source}`);
    const db = new Database(source, { fileMustExist: true, readonly: true });
    try {
      db.pragma("busy_timeout = 5000");
      // One read transaction: a consistent snapshot, while writers in other processes carry on (WAL). The
      // page-by-page backup API (db.backup()) restarts whenever another process writes, so under steady
      // submissions it may never finish.
      db.prepare("VACUUM INTO ?").run(partial);
    } finally {
      db.close();
    }
    // a backup is one self-contained file: no WAL beside it
    const copy = new Database(partial);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    const check = checkSqliteFile(partial);
    if (check.integrity !== "ok") throw new Error(`the copy failed PRAGMA integrity_check: ${check.integrity} (left at ${partial})`);
    renameSync(partial, target);
    console.log(`Backed up ${source}\n  to ${target} (${formatSize(statSync(target).size)}), integrity_check: ok\nRows:\n${formatCounts(check.counts)}`);
  } else {
    runTool("pg_dump", ["--format=custom", "--no-owner", "--file", partial, url]);
    const tables = pgArchiveTables(partial);
    if (!tables.includes("Submission")) throw new Error(`the archive lists no Submission data; is ${redact(url)} a Chainrule database? (left at ${partial})`);
    renameSync(partial, target);
    console.log(`Backed up ${redact(url)}\n  to ${target} (${formatSize(statSync(target).size)}), pg_restore --list: ok\nRows:\n${formatCounts(pgArchiveCounts(target))}`);
  }
  const shown = path.relative(process.cwd(), target);
  console.log(`Restore with: npm run db:restore -- ${shown.startsWith("..") ? target : shown}`);
}

main().catch((error: Error) => {
  console.error(`db:backup: ${error.message}`);
  process.exit(1);
});
