// `npm run db:postgres-migration`: after a new SQLite migration (prisma migrate dev), writes its PostgreSQL twin.
// Regenerates prisma/postgresql/schema.prisma, then has Prisma diff the PostgreSQL migration history against it
// (through a shadow database) and saves the SQL under the same migration name in prisma/postgresql/migrations.
// Needs a PostgreSQL server: DATABASE_URL or TEST_POSTGRES_URL when either is postgresql://, else it starts a
// throwaway one with scripts/ensure-postgres.sh and stops it afterwards.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom } from "./postgres-schema";

const root = path.resolve(__dirname, "..");
process.chdir(root);
const SQLITE_MIGRATIONS = path.join("prisma", "migrations");
const POSTGRES_MIGRATIONS = path.join("prisma", "postgresql", "migrations");

const migrationNames = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];

function fail(message: string): never {
  console.error(`db:postgres-migration: ${message}`);
  process.exit(1);
}

function postgresServer(): { url: string; stop?: () => void } {
  for (const candidate of [process.env.DATABASE_URL, process.env.TEST_POSTGRES_URL]) {
    if (candidate && /^postgres(ql)?:\/\//.test(candidate)) return { url: candidate };
  }
  const started = spawnSync("bash", ["scripts/ensure-postgres.sh", "start"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const url = /TEST_POSTGRES_URL=(\S+)/.exec(started.stdout ?? "")?.[1];
  if (started.status !== 0 || !url) fail("no PostgreSQL server: set DATABASE_URL or TEST_POSTGRES_URL to one (postgresql://…).");
  const weStarted = /CHAINRULE_PG_STARTED=1/.test(started.stdout);
  return { url, stop: weStarted ? () => spawnSync("bash", ["scripts/ensure-postgres.sh", "stop"], { stdio: "inherit" }) : undefined };
}

/** The SQL that takes a database with the PostgreSQL migrations applied to the PostgreSQL schema ("" when none). */
function pendingSql(url: string): string {
  const r = spawnSync(
    path.join("node_modules", ".bin", "prisma"),
    ["migrate", "diff", "--from-migrations", POSTGRES_MIGRATIONS, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script", "--exit-code"],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } },
  );
  // --exit-code: 0 no difference, 2 a difference, anything else an error
  if (r.status === 0) return "";
  if (r.status === 2) return r.stdout;
  fail(`prisma migrate diff failed:\n${r.stderr}`);
}

function main() {
  fs.writeFileSync(POSTGRES_SCHEMA, postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log(`${POSTGRES_SCHEMA} regenerated from ${SQLITE_SCHEMA}.`);
  // Both generated clients follow the schemas, or the PostgreSQL client would still validate against the old models.
  const generated = spawnSync(process.execPath, ["scripts/prisma-generate.mjs"], { stdio: "inherit" });
  if (generated.status !== 0) fail("prisma generate failed (see above).");

  const postgres = new Set(migrationNames(POSTGRES_MIGRATIONS));
  const missing = migrationNames(SQLITE_MIGRATIONS).filter((name) => !postgres.has(name));
  const extra = [...postgres].filter((name) => !migrationNames(SQLITE_MIGRATIONS).includes(name));
  if (extra.length) fail(`PostgreSQL migrations without a SQLite one: ${extra.join(", ")}. Each migration exists for both databases under one name.`);
  if (missing.length > 1) {
    fail(`${missing.length} SQLite migrations have no PostgreSQL twin (${missing.join(", ")}); this command writes one at a time. Run it after each prisma migrate dev.`);
  }

  const server = postgresServer();
  try {
    const sql = pendingSql(server.url);
    if (missing.length === 0) {
      if (sql) fail(`the PostgreSQL schema differs from its migrations, but there is no new SQLite migration to pair with the change:\n${sql}`);
      console.log("PostgreSQL migrations are up to date.");
      return;
    }
    if (!sql) fail(`${missing[0]} changes nothing in the PostgreSQL schema; write ${path.join(POSTGRES_MIGRATIONS, missing[0], "migration.sql")} by hand (it may be a comment).`);
    const dir = path.join(POSTGRES_MIGRATIONS, missing[0]);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${path.join(dir, "migration.sql")}: review it, then commit it with the SQLite migration.`);
  } finally {
    server.stop?.();
  }
}

main();
