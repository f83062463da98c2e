// Playwright's webServer: a fresh e2e database and `next start` on the existing production build.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const port = process.env.E2E_PORT || "3100";
const dbFile = path.join(root, "data", "e2e.db");

const env = {
  ...process.env,
  DATABASE_URL: "file:./data/e2e.db",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXTAUTH_SECRET: "e2e-test-secret-not-for-production-0123456789",
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
fs.mkdirSync(path.dirname(dbFile), { recursive: true });
for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(dbFile + suffix, { force: true });

const migrations = path.join(root, "prisma", "migrations");
if (fs.existsSync(migrations) && fs.readdirSync(migrations, { withFileTypes: true }).some((e) => e.isDirectory())) {
  run(bin("prisma"), ["migrate", "deploy"]);
}
if (fs.existsSync(path.join(root, "prisma", "seed.ts"))) run(bin("tsx"), ["--conditions=react-server", "prisma/seed.ts"]);

const child = spawn(bin("next"), ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
