// Submissions over HTTP against servers of this test's own (own database, own ports beside Playwright's server):
// one request sent five times at once is stored once; and a server killed with SIGKILL in the middle of a burst
// loses nothing it acknowledged, leaves nothing half-written, and keeps the SQLite file intact.
import { expect, test } from "@playwright/test";
import { e2ePort } from "../../scripts/test-database.cjs";
import { AppServer, freshDatabase, integrityCheck, populateClass, progressMismatches, submitOverHttp, type Class, type SubmitOutcome } from "./own-server";
import { rowsAt } from "./e2e-db";

test.describe.configure({ mode: "serial" });

const PORT = e2ePort() + 2;
let url = "";
let klass: Class;
let server: AppServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "about the server, not the screen: desktop only");
  test.setTimeout(180_000);
  url = await freshDatabase("crash", PORT);
  klass = populateClass(url, 40, 1000); // 1000 attempts per part: nothing here is a legitimate refusal
  server = new AppServer(url, PORT);
  await server.start();
});

test.afterAll(async () => {
  await server?.stop();
});

type StoredRow = { userId: string; idempotencyKey: string; partIndex: number; attempt: number; rawAnswer: string; status: string; score: number; lateFactor: number; expectedJson: string; message: string };

async function storedRows(): Promise<Map<string, StoredRow>> {
  const rows = await rowsAt<StoredRow>(
    url,
    `select "userId", "idempotencyKey", "partIndex", "attempt", "rawAnswer", "status", "score", "lateFactor", "expectedJson", "message" from "Submission" where "itemId" = $1`,
    [klass.itemId],
  );
  return new Map(rows.map((r) => [`${r.userId}/${r.idempotencyKey}`, r]));
}

test("the same submission sent five times at once is stored once, and all five answers agree", async () => {
  const student = klass.students[0];
  const key = `http-idem-${Date.now()}`;
  const outcomes = await Promise.all(Array.from({ length: 5 }, () => submitOverHttp(server.base, klass, student, student.scalarParts[0], "12345.678", key)));
  for (const o of outcomes) expect(o, JSON.stringify(o)).toMatchObject({ status: 200, ok: true, graded: true, feedbackStatus: "incorrect" });
  const rows = await rowsAt<{ attempt: number; rawAnswer: string }>(url, `select "attempt", "rawAnswer" from "Submission" where "userId" = $1`, [student.id]);
  expect(rows).toEqual([{ attempt: 1, rawAnswer: "12345.678" }]);
});

test("kill -9 during a burst: every acknowledged submission is stored whole, progress agrees, the file is intact", async () => {
  test.setTimeout(180_000);
  const outcomes: SubmitOutcome[] = [];
  let killed = false;
  let acknowledged = 0;
  // every student keeps submitting (a new answer as soon as the last is answered) until the server is gone
  const students = klass.students.slice(1);
  const loops = students.map(async (student, s) => {
    for (let n = 0; !killed; n++) {
      const part = student.scalarParts[n % student.scalarParts.length];
      const o = await submitOverHttp(server.base, klass, student, part, String(2000 + n), `crash-${s}-${n}`);
      outcomes.push(o);
      if (o.status === 200 && o.ok) acknowledged++;
    }
  });
  while (acknowledged < 150) await new Promise((r) => setTimeout(r, 10));
  killed = true;
  await server.crash(); // mid-burst: ~40 requests are in flight
  await Promise.all(loops);

  const acked = outcomes.filter((o) => o.status === 200 && o.ok && o.graded);
  const unanswered = outcomes.filter((o) => o.status === 0);
  const other = outcomes.filter((o) => o.status !== 0 && !(o.status === 200 && o.ok && o.graded));
  console.log(`crash burst: ${outcomes.length} sent, ${acked.length} acknowledged, ${unanswered.length} cut off by the kill, ${other.length} other`);
  expect(other, JSON.stringify(other.slice(0, 3))).toEqual([]);
  expect(unanswered.length).toBeGreaterThan(0); // the kill really was mid-burst

  // the file, before any server opens it again
  if (url.startsWith("file:")) expect(integrityCheck(url)).toBe("ok");
  await server.start();

  // every acknowledged submission is there with all its fields, as the response described it
  let rows = await storedRows();
  for (const o of acked) {
    const row = rows.get(`${o.student.id}/${o.idempotencyKey}`);
    expect(row, `acknowledged ${o.idempotencyKey} is missing`).toBeDefined();
    expect(row).toMatchObject({ partIndex: o.partIndex, rawAnswer: o.answer, status: o.feedbackStatus, lateFactor: 1 });
    expect(row!.attempt).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(row!.expectedJson)).toEqual(expect.any(Number));
    expect(row!.message.length).toBeGreaterThan(0);
  }
  // none half-written: each student's progress row agrees with their stored submissions (including any the kill cut off)
  expect(await progressMismatches(url, klass)).toEqual([]);

  // the students whose answer got no reply submit again (the form's retry keeps the key): each is stored exactly once
  const retries = await Promise.all(unanswered.map((o) => submitOverHttp(server.base, klass, o.student, o.partIndex, o.answer, o.idempotencyKey)));
  for (const r of retries) expect(r, JSON.stringify(r)).toMatchObject({ status: 200, ok: true, graded: true });
  rows = await storedRows();
  for (const o of [...acked, ...unanswered]) expect(rows.get(`${o.student.id}/${o.idempotencyKey}`)?.rawAnswer).toBe(o.answer);
  const attempts = await rowsAt<{ n: number | string }>(
    url,
    `select count(*) as "n" from (select "variantId", "partIndex", "attempt" from "Submission" group by "variantId", "partIndex", "attempt" having count(*) > 1) d`,
  );
  expect(Number(attempts[0].n)).toBe(0);
  expect(await progressMismatches(url, klass)).toEqual([]);
  if (url.startsWith("file:")) expect(integrityCheck(url)).toBe("ok");
});
