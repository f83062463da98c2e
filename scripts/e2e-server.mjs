// Playwright's webServer: a fresh e2e database (SQLite, or PostgreSQL with TEST_DATABASE=postgres) and
// `next start` on the existing production build.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { E2E_NEXTAUTH_SECRET, e2eDatabaseUrl, e2ePort, postgresAdminUrl, testDatabase } from "./test-database.cjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const port = String(e2ePort());
const databaseUrl = e2eDatabaseUrl();

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
};

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`e2e-server: ${path.basename(cmd)} ${args.join(" ")} failed`);
    process.exit(r.status ?? 1);
  }
}

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("e2e-server: no production build found (.next/BUILD_ID). Run npm run build first.");
  process.exit(1);
}

// Start every run from an empty database so tests do not depend on earlier runs.
if (testDatabase() === "postgres") {
  const database = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  console.log(`e2e-server: PostgreSQL database ${database}`);
} else {
  const dbFile = path.join(root, "data", "e2e.db");
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(dbFile + suffix, { force: true });
}

// prisma.config.ts picks the schema and migrations of the database DATABASE_URL names.
run(bin("prisma"), ["migrate", "deploy"]);
if (fs.existsSync(path.join(root, "prisma", "seed.ts"))) run(bin("tsx"), ["--conditions=react-server", "prisma/seed.ts"]);

const child = spawn(bin("next"), ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
