// The benchmark's databases: the generated class is built once per shape (and per version of the builder and the
// migrations) into a template, then every measurement starts from a fresh copy of it.
//   SQLite: .bench/class-<key>.db, copied to a temporary file
//   PostgreSQL: database chainrule_bench_tpl_<key>, copied with CREATE DATABASE … TEMPLATE to chainrule_bench_run_<port>
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export type Engine = "sqlite" | "postgres";

export interface ClassParams {
  students: number;
  items: number;
  subs: number;
}

const CACHE_DIR = path.resolve(".bench");
const tsx = path.resolve("node_modules/.bin/tsx");
const prisma = path.resolve("node_modules/.bin/prisma");
const task = path.resolve("scripts/bench/db-task.ts");

/**
 * Changes with the class's shape and the builder: a stale template is never reused. Migrations are not in the key: a
 * cached template gets the newer ones applied (`migrate deploy`) instead of a rebuild of several minutes.
 */
export function classKey(params: ClassParams): string {
  const hash = createHash("sha256").update(JSON.stringify(params));
  const sources = [path.resolve("scripts/bench/class.ts"), path.resolve("scripts/bench/shape.ts"), task];
  for (const file of sources) hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 12);
}

/** Runs a db-task in a child process against one database; returns its last line of output, parsed. */
export function dbTask<T>(databaseUrl: string, args: string[]): T {
  const r = spawnSync(tsx, ["--conditions=react-server", task, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench task ${args[0]} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

function migrate(databaseUrl: string) {
  const r = spawnSync(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed:\n${r.stdout}\n${r.stderr}`);
}

function build(databaseUrl: string, params: ClassParams, log: (line: string) => void) {
  log(`building the class (${params.students} students × ${params.items} items × ${params.subs} submissions); cached for later runs`);
  migrate(databaseUrl);
  const built = dbTask<{ seconds: number; submissions: number }>(databaseUrl, ["build", String(params.students), String(params.items), String(params.subs)]);
  log(`built ${built.submissions.toLocaleString("en-US")} submissions in ${built.seconds.toFixed(0)} s`);
}

export interface RunDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A fresh SQLite copy of the class in `dir`. */
export function sqliteCopy(params: ClassParams, dir: string, log: (line: string) => void): RunDatabase {
  mkdirSync(CACHE_DIR, { recursive: true });
  const template = path.join(CACHE_DIR, `class-${classKey(params)}.db`);
  if (!existsSync(template)) {
    const building = `${template}.building`;
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(building + suffix, { force: true });
    build(`file:${building}`, params, log);
    // the builder's client closed the file, so its WAL was checkpointed into it
    if (existsSync(`${building}-wal`)) throw new Error("the class database still has a write-ahead log after the build");
    renameSync(building, template);
  } else {
    log(`class from the cache: ${path.relative(process.cwd(), template)}`);
    migrate(`file:${template}`);
  }
  const file = path.join(dir, "bench.db");
  copyFileSync(template, file);
  return {
    url: `file:${file}`,
    drop: async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

const exists = async (client: pg.Client, name: string) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;

/** A fresh PostgreSQL copy of the class, on the server of `adminUrl` (a user that may create databases). */
export async function postgresCopy(params: ClassParams, adminUrl: string, port: number, log: (line: string) => void): Promise<RunDatabase> {
  const key = classKey(params);
  const template = `chainrule_bench_tpl_${key}`;
  const building = `chainrule_bench_build_${key}`;
  const run = `chainrule_bench_run_${port}`;
  if (!(await admin(adminUrl, (c) => exists(c, template)))) {
    await admin(adminUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${building}"`);
      await c.query(`CREATE DATABASE "${building}"`);
    });
    build(withDatabase(adminUrl, building), params, log);
    await admin(adminUrl, (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`));
  } else {
    log(`class from the cache: database ${template}`);
    migrate(withDatabase(adminUrl, template));
  }
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${run}"`);
    await c.query(`CREATE DATABASE "${run}" TEMPLATE "${template}"`);
  });
  return {
    url: withDatabase(adminUrl, run),
    drop: () => admin(adminUrl, async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${run}" WITH (FORCE)`))),
  };
}
