// Generates both Prisma clients, SQLite (lib/generated/prisma) and PostgreSQL (lib/generated/prisma-pg):
// the app picks one at run time by DATABASE_URL. prisma.config.ts picks the schema by the same URL, so each
// run gets a URL of its kind (nothing connects to it).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env, cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(bin("prisma"), ["generate"], { ...process.env, DATABASE_URL: "file:./data/chainrule.db" });
run(bin("prisma"), ["generate"], { ...process.env, DATABASE_URL: "postgresql://localhost/chainrule" });
