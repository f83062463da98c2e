// Production serving (scripts/serve.mjs): `next start` in several worker processes sharing one port. Sessions,
// pages and graded submissions work whichever worker answers; both workers do serve; a worker that dies is
// replaced while the other keeps answering; stopping the server stops every worker.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { e2ePort } from "../../scripts/test-database.cjs";
import { AppServer, freshDatabase, populateClass, submitOverHttp, type Class } from "./own-server";
import { rowsAt } from "./e2e-db";
import { childPids } from "../../scripts/bench/server";

test.describe.configure({ mode: "serial" });

const STUDENTS = 30;
let url = "";
let klass: Class;
let server: AppServer;

/** user + system CPU time of a process, in clock ticks */
const cpuTicks = (pid: number): number => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]);
};
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "about the server, not the screen: desktop only");
  test.skip(process.platform !== "linux", "reads worker processes from /proc");
  test.setTimeout(180_000);
  url = await freshDatabase("workers", e2ePort() + 6);
  klass = populateClass(url, STUDENTS, 1_000);
  server = new AppServer(url, e2ePort() + 6, 2);
  await server.start();
});

test.afterAll(async () => {
  await server?.stop();
});

test("two workers share the port: pages and graded answers work on both, and both serve", async () => {
  test.setTimeout(120_000);
  const primary = server.child!.pid!;
  const workers = await waitFor("two workers", () => (childPids(primary).length === 2 ? childPids(primary) : undefined));
  // every worker has booted once it answers; warm both up so start-up time is not counted as serving
  for (let i = 0; i < 6; i++) await fetch(`${server.base}/signin`).then((r) => r.text());
  const before = workers.map(cpuTicks);

  const pages = await Promise.all(
    klass.students.map(async (s) => {
      const response = await fetch(`${server.base}${klass.page}`, { headers: { cookie: s.cookie }, redirect: "manual" });
      return { status: response.status, body: await response.text() };
    }),
  );
  expect(pages.map((p) => p.status)).toEqual(klass.students.map(() => 200));
  for (const p of pages) expect(p.body).toContain("Your answers");

  const outcomes = await Promise.all(klass.students.map((s, i) => submitOverHttp(server.base, klass, s, s.scalarParts[0], String(900 + i), `workers-${i}`)));
  expect(outcomes.filter((o) => !(o.status === 200 && o.ok && o.graded)).map((o) => `${o.status} ${o.error ?? ""}`)).toEqual([]);
  const stored = await rowsAt<{ n: number }>(url, `select count(*) as n from "Submission" where "idempotencyKey" like 'workers-%'`);
  expect(Number(stored[0].n)).toBe(STUDENTS);

  // connections are handed out in turn: each worker spent CPU on this load
  const after = workers.map(cpuTicks);
  for (let w = 0; w < workers.length; w++) expect(after[w], `worker ${workers[w]} served nothing`).toBeGreaterThan(before[w]);
});

test("a worker that dies is replaced, and the other keeps answering meanwhile", async () => {
  test.setTimeout(120_000);
  const primary = server.child!.pid!;
  const [victim, survivor] = childPids(primary);
  process.kill(victim, "SIGKILL");
  await waitFor("the worker to exit", () => (alive(victim) ? undefined : true));
  const student = klass.students[0];
  const response = await fetch(`${server.base}${klass.page}`, { headers: { cookie: student.cookie } });
  expect(response.status).toBe(200);
  const replaced = await waitFor("a new worker", () => {
    const now = childPids(primary);
    return now.length === 2 && !now.includes(victim) && now.includes(survivor) ? now : undefined;
  });
  const newcomer = replaced.find((p) => p !== survivor)!;
  // once it is listening (the third "Ready" in the log), connections reach it in turn
  await waitFor("the new worker to listen", () => ((server.log.match(/Ready in/g) ?? []).length >= 3 ? true : undefined));
  await new Promise((r) => setTimeout(r, 500));
  const ticks = cpuTicks(newcomer);
  // concurrent requests open several connections (one keep-alive connection would stay with one worker)
  const statuses = await Promise.all(
    klass.students.slice(0, 12).map((s) => fetch(`${server.base}${klass.page}`, { headers: { cookie: s.cookie } }).then(async (r) => (await r.text(), r.status))),
  );
  expect(statuses).toEqual(statuses.map(() => 200));
  expect(cpuTicks(newcomer), "the new worker served nothing").toBeGreaterThan(ticks);
  expect(server.log).toContain(`worker ${victim} exited`);
});

test("stopping the server stops every worker", async () => {
  const primary = server.child!.pid!;
  const workers = childPids(primary);
  expect(workers).toHaveLength(2);
  await server.stop();
  await waitFor("the workers to exit", () => (workers.some(alive) ? undefined : true), 20_000);
  expect(alive(primary)).toBe(false);
});

test("a worker that cannot start (no build there) stops the server with an error instead of being restarted forever", async () => {
  const r = spawnSync(process.execPath, [path.join(process.cwd(), "scripts", "serve.mjs"), path.join(process.cwd(), "no-such-app"), "-p", String(e2ePort() + 7), "-H", "127.0.0.1"], {
    env: { ...process.env, WEB_CONCURRENCY: "2", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.signal).toBeNull(); // it exited by itself, not by the timeout
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain("before it could serve; stopping");
});
