// 200 students submitting without pause for 30 s, spread over two `next start` instances on one database (on
// SQLite, one file written by two processes: their writes contend for the file lock, which one process alone
// never does). No student may see a SQLITE_BUSY, a timeout, a 500 or a dropped connection; everything
// acknowledged is stored, progress agrees with the submissions, and the file passes integrity_check.
import { expect, test } from "@playwright/test";
import { e2ePort } from "../../scripts/test-database.cjs";
import { AppServer, freshDatabase, integrityCheck, populateClass, progressMismatches, submitOverHttp, type Class, type SubmitOutcome } from "./own-server";
import { rowsAt } from "./e2e-db";

test.describe.configure({ mode: "serial" });

const WRITERS = 200;
const SECONDS = 30;
let url = "";
let klass: Class;
let servers: AppServer[] = [];

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "about the server, not the screen: desktop only");
  test.setTimeout(240_000);
  url = await freshDatabase("writers", e2ePort() + 3);
  klass = populateClass(url, WRITERS, 1_000_000); // attempts never run out: every answer is a graded write
  servers = [new AppServer(url, e2ePort() + 3), new AppServer(url, e2ePort() + 4)];
  await Promise.all(servers.map((s) => s.start()));
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

test(`${WRITERS} concurrent writers for ${SECONDS} s on two instances: no errors, everything acknowledged is stored`, async ({}, testInfo) => {
  test.setTimeout(240_000);
  const outcomes: SubmitOutcome[] = [];
  const started = Date.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    klass.students.map(async (student, s) => {
      for (let n = 0; Date.now() < end; n++) {
        const server = servers[(s + n) % servers.length];
        const part = student.scalarParts[n % student.scalarParts.length];
        outcomes.push(await submitOverHttp(server.base, klass, student, part, String(5000 + n), `writer-${s}-${n}`));
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;

  const graded = outcomes.filter((o) => o.status === 200 && o.ok && o.graded);
  // a legitimate refusal is a typed 409 conflict; there should be none here, but they would not be errors
  const refused = outcomes.filter((o) => o.status === 409 && o.ok === false && o.failureStatus === 409);
  const failures = outcomes.filter((o) => !graded.includes(o) && !refused.includes(o));
  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const summary =
    `${WRITERS} writers, ${elapsed.toFixed(1)} s, ${servers.length} instances: ${outcomes.length} requests, ${graded.length} graded and stored ` +
    `(${(graded.length / elapsed).toFixed(1)}/s), ${refused.length} refused, ${failures.length} failed; ` +
    `latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`;
  console.log(summary);
  testInfo.annotations.push({ type: "throughput", description: summary });
  const samples = [...new Set(failures.map((f) => `${f.status} ${f.failureStatus ?? ""} ${f.error ?? ""}`.slice(0, 200)))].slice(0, 5);
  expect(failures.length, `failures, e.g.:\n${samples.join("\n")}\n${servers.map((s) => s.log.slice(-2000)).join("\n")}`).toBe(0);
  expect(graded.length).toBeGreaterThanOrEqual(WRITERS); // every writer got through (on a busy 2-core machine, maybe only once)

  const [{ n }] = await rowsAt<{ n: number | string }>(url, `select count(*) as "n" from "Submission" where "itemId" = $1`, [klass.itemId]);
  expect(Number(n)).toBe(graded.length);
  expect(await progressMismatches(url, klass)).toEqual([]);
  if (url.startsWith("file:")) expect(integrityCheck(url)).toBe("ok");
  for (const s of servers) expect(s.log).not.toMatch(/SQLITE_BUSY|database is locked|Timed out/i);
});
