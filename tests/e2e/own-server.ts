// App servers of a test's own (`next start` on the production build), on a database of the test's own (a SQLite
// file under data/, or a PostgreSQL database with TEST_DATABASE=postgres), migrated and filled with a class of
// signed-in students; and a client that submits answers over HTTP as the browser does.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { E2E_NEXTAUTH_SECRET, postgresAdminUrl, postgresUrlFor, testDatabase } from "../../scripts/test-database.cjs";
import { answerRequest, answerResult } from "../support/submissions";
import { variantScore } from "../../lib/homework/policy";
import { rowsAt } from "./e2e-db";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export interface ClassStudent {
  id: string;
  email: string;
  name: string;
  cookie: string;
  variantId: string;
  scalarParts: number[];
}
export interface Class {
  courseId: string;
  itemId: string;
  page: string;
  students: ClassStudent[];
}

/** A fresh, migrated database named after `name` and the port, so parallel runs on other ports don't meet. */
export async function freshDatabase(name: string, port: number): Promise<string> {
  let url: string;
  if (testDatabase() === "postgres") {
    const database = `chainrule_${name}_${port}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    url = postgresUrlFor(database);
  } else {
    const file = path.join(root, "data", `${name}-${port}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
    url = `file:${file}`;
  }
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  return url;
}

/** N students of one course with a variant of its first question and a session cookie each. */
export function populateClass(url: string, students: number, maxAttempts?: number): Class {
  const r = spawnSync(bin("tsx"), ["--conditions=react-server", "tests/support/populate-class.ts", String(students), E2E_NEXTAUTH_SECRET, ...(maxAttempts ? [String(maxAttempts)] : [])], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`populate-class failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Class;
}

export class AppServer {
  child?: ChildProcess;
  log = "";
  /** `workers`: serve as production does, scripts/serve.mjs with that many worker processes; absent: one `next start` */
  constructor(
    readonly url: string,
    readonly port: number,
    readonly workers?: number,
  ) {}
  get base() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.log = "";
    const args = ["-p", String(this.port), "-H", "127.0.0.1"];
    this.child = spawn(this.workers ? process.execPath : bin("next"), this.workers ? [path.join(root, "scripts", "serve.mjs"), ...args] : ["start", ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: this.url,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXTAUTH_URL: this.base,
        NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
        ...(this.workers ? { WEB_CONCURRENCY: String(this.workers) } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (d) => (this.log += d));
    this.child.stderr?.on("data", (d) => (this.log += d));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && this.child.exitCode === null) {
      if (await fetch(this.base, { redirect: "manual" }).then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the server did not start on ${this.base}:\n${this.log}`);
  }
  /** SIGKILL (kill -9): no shutdown handlers, no flushing; the process is gone when this resolves. */
  async crash(): Promise<void> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

export interface SubmitOutcome {
  student: ClassStudent;
  partIndex: number;
  answer: string;
  idempotencyKey: string;
  /** HTTP status, or 0 when the connection failed (no answer) */
  status: number;
  ok?: boolean;
  /** the reply's failure status (409 refusal, 422, 500…) */
  failureStatus?: number;
  error?: string;
  graded?: boolean;
  feedbackStatus?: string;
  ms: number;
}

/** One submission over HTTP, as the browser's form sends it. Never throws: the outcome says what happened. */
export async function submitOverHttp(base: string, klass: Class, student: ClassStudent, partIndex: number, answer: string, idempotencyKey: string): Promise<SubmitOutcome> {
  const started = Date.now();
  const outcome: SubmitOutcome = { student, partIndex, answer, idempotencyKey, status: 0, ms: 0 };
  try {
    const request = answerRequest({ baseURL: base, cookie: student.cookie, input: { variantId: student.variantId, partIndex, answer, idempotencyKey } });
    const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, redirect: "manual" });
    const body = await response.text();
    outcome.status = response.status;
    const result = answerResult(body);
    if (result?.ok) Object.assign(outcome, { ok: true, graded: result.data.graded, feedbackStatus: result.data.feedback.status });
    else if (result) Object.assign(outcome, { ok: false, failureStatus: result.status, error: result.error });
    else outcome.error = body.slice(0, 300);
  } catch (error) {
    outcome.error = String((error as Error).cause ?? error);
  }
  outcome.ms = Date.now() - started;
  return outcome;
}

export function integrityCheck(url: string): string {
  const db = new Database(url.slice("file:".length), { readonly: true });
  try {
    return db.pragma("integrity_check", { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Students whose stored ItemProgress differs from what their stored submissions say (the app's rule, in JS). */
export async function progressMismatches(url: string, klass: Class): Promise<string[]> {
  const subs = await rowsAt<{ userId: string; variantId: string; partIndex: number; score: number; lateFactor: number; status: string }>(
    url,
    `select "userId", "variantId", "partIndex", "score", "lateFactor", "status" from "Submission" where "itemId" = $1`,
    [klass.itemId],
  );
  const progress = await rowsAt<{ userId: string; score: number; partsDone: number; partsTotal: number }>(url, `select "userId", "score", "partsDone", "partsTotal" from "ItemProgress" where "itemId" = $1`, [klass.itemId]);
  const byUser = new Map(progress.map((p) => [p.userId, p]));
  const wrong: string[] = [];
  for (const s of klass.students) {
    const mine = subs.filter((r) => r.userId === s.id);
    const p = byUser.get(s.id);
    if (mine.length === 0) continue;
    if (!p) {
      wrong.push(`${s.email}: ${mine.length} submissions, no progress row`);
      continue;
    }
    const score = variantScore(mine, p.partsTotal); // one variant each
    const partsDone = new Set(mine.filter((r) => r.status === "correct").map((r) => r.partIndex)).size;
    if (Math.abs(score - Number(p.score)) > 1e-9 || partsDone !== Number(p.partsDone)) wrong.push(`${s.email}: stored ${p.score}/${p.partsDone}, submissions say ${score}/${partsDone}`);
  }
  return wrong;
}
