// Several app instances on one database (behind a load balancer) must serve a course as one app would:
// a second `next start` on the same build, database and NEXTAUTH_SECRET runs beside Playwright's server,
// and one student works on both. Sessions are JWT cookies and all state is in the database, so nothing
// here depends on which instance answers.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type Page, type Request } from "@playwright/test";
import { E2E_NEXTAUTH_SECRET, e2eDatabaseUrl, e2ePort } from "../../scripts/test-database.cjs";
import { e2eRows } from "./e2e-db";
import { newestVariantOf, truthsOf } from "./variants";

const A = `http://127.0.0.1:${e2ePort()}`;
const PORT_B = e2ePort() + 1;
const B = `http://127.0.0.1:${PORT_B}`;
const ITEM = "Hidden-layer gradient, step by step";
const WRONG = "12345.678"; // far from any true value of these small networks

test.describe.configure({ mode: "serial" });

let instanceB: ChildProcess | undefined;
let log = "";

test.beforeAll(async () => {
  const root = process.cwd();
  // The same environment as the first instance (scripts/e2e-server.mjs) but the port: one public URL, one secret.
  instanceB = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", String(PORT_B), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: A, NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET },
    stdio: ["ignore", "pipe", "pipe"],
  });
  instanceB.stdout?.on("data", (d) => (log += d));
  instanceB.stderr?.on("data", (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && instanceB.exitCode === null) {
    if (await fetch(B, { redirect: "manual" }).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the second instance did not start on ${B}:\n${log}`);
});

test.afterAll(async () => {
  if (!instanceB || instanceB.exitCode !== null) return;
  const exited = new Promise((r) => instanceB!.once("exit", r));
  instanceB.kill("SIGTERM");
  await exited;
});

const PASSWORD = "correct horse battery staple";
let email = "";
let questionPath = "";

async function signIn(page: Page, base: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${base}/dashboard`);
}

async function openQuestion(page: Page, base: string) {
  await page.goto(base + questionPath);
  await expect(page).toHaveURL(base + questionPath); // not sent to sign in: the session cookie is valid here too
  await expect(page.getByRole("heading", { name: "The network" })).toBeVisible();
}

test("a student signed in on one instance is signed in on the other, and each sees the other's submissions", async ({ page }) => {
  email = `two-instances-${Date.now()}@example.com`;
  await page.goto(`${A}/signup`);
  await page.getByLabel("Name").fill("Kim Student");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(`${A}/dashboard`);
  await page.getByLabel("Join code").fill("DEMO123");
  await page.getByRole("button", { name: "Join course" }).click();
  await expect(page).toHaveURL(/\/courses\/[^/]+$/);
  await page.getByRole("link", { name: "Backprop through a ReLU network" }).click();
  await page.getByRole("link", { name: ITEM }).click();
  await expect(page.getByRole("heading", { name: "The network" })).toBeVisible();
  questionPath = new URL(page.url()).pathname;
  const truths = truthsOf(await newestVariantOf(email, ITEM));

  // A wrong answer to part 2 on instance A …
  const part2 = page.getByLabel(/Answer to part 2/);
  await part2.fill(String(-truths[1]));
  await part2.press("Enter");
  await expect(page.getByText("Diagnosis: flipped the sign of the error")).toBeVisible();
  await expect(page.getByText("2 of 3 attempts left")).toBeVisible();

  // … is there on instance B, with the same variant, feedback and history.
  await openQuestion(page, B);
  await expect(page.getByText("2 of 3 attempts left")).toBeVisible();
  await expect(page.getByText("Your submissions (1)")).toBeVisible();

  // A correct answer on B is there on A, and so is the progress.
  await page.getByLabel(/Answer to part 2/).fill(String(truths[1]));
  await page.getByLabel(/Answer to part 2/).press("Enter");
  await expect(page.getByText("✓ Correct", { exact: true })).toBeVisible();
  await openQuestion(page, A);
  await expect(page.getByText("✓ correct", { exact: true })).toBeVisible();
  await expect(page.getByText("Your submissions (2)")).toBeVisible();
  await page.getByRole("link", { name: /Backprop through a ReLU network/ }).click();
  await expect(page.getByText(/1\/6 parts/)).toBeVisible();
});

/** The submit request the browser makes, captured (not sent) so the test can send it to either instance. */
async function captureSubmit(page: Page, part: number): Promise<Request> {
  await signIn(page, B); // signed in on B, working on A
  await openQuestion(page, A);
  let captured: Request | undefined;
  await page.route(`${A}/api/submissions`, (route) => {
    captured = route.request();
    return route.abort();
  });
  await page.getByLabel(new RegExp(`Answer to part ${part + 1}\\b`)).fill(WRONG);
  await page.getByLabel(new RegExp(`Answer to part ${part + 1}\\b`)).press("Enter");
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute(`${A}/api/submissions`);
  return captured!;
}

type SubmitArgs = { variantId: string; partIndex: number; answer: string; idempotencyKey: string };

/** Send a captured submit to an instance, with the browser's cookies, optionally with other arguments. */
async function submitTo(page: Page, base: string, template: Request, change: Partial<SubmitArgs> = {}) {
  const args = JSON.parse(template.postData()!) as SubmitArgs;
  const headers: Record<string, string> = { ...template.headers(), origin: base };
  for (const h of ["cookie", "host", "content-length", "referer"]) delete headers[h];
  const response = await page.request.post(`${base}/api/submissions`, { headers, data: JSON.stringify({ ...args, ...change }) });
  const body = await response.text();
  const result = JSON.parse(body) as { ok: boolean; status?: number };
  expect(response.status(), body).toBe(result.ok ? 200 : result.status);
  return { ok: result.ok, body };
}

async function submissionsOf(part: number, where = "", params: unknown[] = []): Promise<{ attempt: number; idempotencyKey: string }[]> {
  return e2eRows(
    `select s."attempt", s."idempotencyKey" from "Submission" s join "User" u on u."id" = s."userId" join "ProblemItem" i on i."id" = s."itemId"
     where u."email" = $1 and i."title" = $2 and s."partIndex" = $3 ${where} order by s."attempt"`,
    [email, ITEM, part, ...params],
  );
}

test("one request sent to both instances at once is stored once", async ({ page }) => {
  const part = 2;
  const template = await captureSubmit(page, part);
  const args = JSON.parse(template.postData()!) as SubmitArgs;
  expect(args).toMatchObject({ partIndex: part, answer: WRONG });
  const results = await Promise.all([submitTo(page, A, template), submitTo(page, B, template)]);
  expect(results.map((r) => r.ok)).toEqual([true, true]); // the second is answered with the stored result
  const rows = await submissionsOf(part);
  expect(rows).toEqual([{ attempt: 1, idempotencyKey: args.idempotencyKey }]);
});

test("the attempt limit holds across instances, one at a time and all at once", async ({ page }) => {
  const template = await captureSubmit(page, 3);
  const key = () => `two-instances-${Math.random().toString(36).slice(2)}`;

  // Part 4, in turn: A, B, A use the three attempts; B then refuses a fourth.
  for (const base of [A, B, A]) expect((await submitTo(page, base, template, { partIndex: 3, idempotencyKey: key() })).ok).toBe(true);
  const fourth = await submitTo(page, B, template, { partIndex: 3, idempotencyKey: key() });
  expect(fourth.ok).toBe(false);
  expect(fourth.body).toContain("No attempts left");
  expect((await submissionsOf(3)).map((r) => r.attempt)).toEqual([1, 2, 3]);

  // Part 5: six different answers at once, three to each instance. However they interleave, at most three are
  // stored, with distinct attempt numbers, and exactly the stored ones were answered as graded.
  const burst = await Promise.all([A, B, A, B, A, B].map((base) => submitTo(page, base, template, { partIndex: 4, idempotencyKey: key() })));
  const stored = await submissionsOf(4);
  expect(stored.length).toBeGreaterThanOrEqual(1);
  expect(stored.length).toBeLessThanOrEqual(3);
  expect(new Set(stored.map((r) => r.attempt)).size).toBe(stored.length);
  expect(burst.filter((r) => r.ok).length).toBe(stored.length);
});
