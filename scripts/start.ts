// `npm start`: migrate, seed, build if the sources changed, then serve (scripts/serve.mjs). Env: PORT (3000), HOST (127.0.0.1), DATABASE_URL (file: or postgresql://), NEXTAUTH_SECRET, NEXTAUTH_URL, WEB_CONCURRENCY (worker processes; one per core). Flag: --rebuild.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseProvider, databaseUrl } from "../lib/config";

const root = path.resolve(__dirname, "..");
process.chdir(root); // relative SQLite paths and .bin lookups are relative to the repo root
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

const port = process.env.PORT || "3000";
const host = process.env.HOST || "127.0.0.1"; // set HOST=0.0.0.0 to serve other machines
const forceRebuild = process.argv.includes("--rebuild");
const hashFile = path.join(root, ".next", "chainrule-source-hash");
const seedFile = path.join(root, "prisma", "seed.ts");

function step(title: string) {
  console.log(`\n▶ ${title}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`✖ ${path.basename(cmd)} ${args.join(" ")} failed (${r.signal ?? `exit ${r.status}`})`);
    process.exit(r.status ?? 1);
  }
}

function hasMigrations(provider: string): boolean {
  const dir = path.join(root, "prisma", ...(provider === "postgresql" ? ["postgresql"] : []), "migrations");
  return fs.existsSync(dir) && fs.readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory());
}

// Source files that affect the build: git-tracked plus untracked-but-not-ignored.
const HASHED = ["app", "lib", "public", "prisma/schema.prisma", "next.config.js", "package-lock.json", "tsconfig.json"];

function sourceFiles(): string[] {
  const git = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z", "--", ...HASHED], { encoding: "utf8" });
  if (git.status === 0) return git.stdout.split("\0").filter(Boolean);
  // Not a git checkout (e.g. an unpacked archive): walk the same paths.
  const out: string[] = [];
  const walk = (p: string) => {
    if (!fs.existsSync(p) || p.startsWith(path.join("lib", "generated"))) return;
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else out.push(p);
  };
  HASHED.forEach(walk);
  return out;
}

function sourceHash(): string {
  const h = createHash("sha256");
  for (const f of sourceFiles().filter((f) => !f.startsWith("lib/generated/")).sort()) {
    h.update(f).update("\0");
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : "<deleted>").update("\0");
  }
  return h.digest("hex");
}

function nextauthSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(root, "data", ".nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 }); // persisted so sessions survive restarts
  return secret;
}

async function waitForHttp(url: string, child: ReturnType<typeof spawn>, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return false;
}

async function main() {
  const dbUrl = databaseUrl(); // also exports the default DATABASE_URL to child processes
  const provider = databaseProvider(dbUrl); // an unknown scheme stops here, with the reason
  fs.mkdirSync(path.join(root, "data"), { recursive: true });
  if (provider === "sqlite") fs.mkdirSync(path.dirname(path.resolve(dbUrl.slice(5))), { recursive: true });
  console.log(`Database: ${provider === "postgresql" ? "PostgreSQL" : "SQLite"}`);

  if (!["prisma", "prisma-pg"].every((dir) => fs.existsSync(path.join(root, "lib", "generated", dir)))) {
    step("Generating the Prisma clients");
    run("node", [path.join(root, "scripts", "prisma-generate.mjs")]);
  }

  if (hasMigrations(provider)) {
    step("Applying database migrations");
    run(bin("prisma"), ["migrate", "deploy"]);
  } else {
    step("No migrations yet: skipping prisma migrate deploy");
  }

  if (fs.existsSync(seedFile)) {
    step("Seeding demo data");
    run(bin("tsx"), ["--conditions=react-server", seedFile]);
  }

  const hash = sourceHash();
  const built = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
  const previous = fs.existsSync(hashFile) ? fs.readFileSync(hashFile, "utf8").trim() : "";
  if (forceRebuild || !built || previous !== hash) {
    step(forceRebuild ? "Building (--rebuild)" : "Building (sources changed since the last build)");
    run(bin("next"), ["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
    fs.writeFileSync(hashFile, hash + "\n");
  } else {
    step("Build is up to date: skipping next build (use --rebuild to force)");
  }

  step(`Starting the server on ${host}:${port}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}`,
    NEXTAUTH_SECRET: nextauthSecret(),
  };
  if (provider === "postgresql" && !process.env.NEXTAUTH_SECRET) {
    // a secret generated on this machine signs cookies that other instances cannot read
    console.warn("! NEXTAUTH_SECRET is not set: using data/.nextauth-secret. Several instances must all be given the same NEXTAUTH_SECRET.");
  }
  // next start in a worker process per core (WEB_CONCURRENCY sets how many)
  const child = spawn(process.execPath, [path.join(root, "scripts", "serve.mjs"), "-p", port, "-H", host], { stdio: "inherit", env });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1)));

  const probeHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  if (await waitForHttp(`http://${probeHost.includes(":") ? `[${probeHost}]` : probeHost}:${port}/`, child)) {
    const lines = ["", "  Chainrule is running at " + env.NEXTAUTH_URL];
    if (fs.existsSync(seedFile)) {
      lines.push("  Demo logins: instructor@example.com / student1@example.com … student3@example.com, password chainrule-demo");
      lines.push("  Demo course join code: DEMO123 · public practice (no sign-in): " + env.NEXTAUTH_URL + "/practice");
    }
    lines.push("  Press Ctrl+C to stop.", "");
    const width = Math.max(...lines.map((l) => l.length)) + 2;
    console.log(["=".repeat(width), ...lines, "=".repeat(width)].join("\n"));
  } else if (child.exitCode === null) {
    console.error(`✖ The server did not answer on port ${port} within 60 s.`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
