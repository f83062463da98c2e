// No expected answer of a student's variants, in any rounding from 2 to 15 significant digits, reaches the browser
// (HTML, RSC payload, JSON, server-action responses) before the item's policy allows it; once it allows, it does.
// The answers and the numbers each page may show are computed here from the variant seeds in the database.
import { expect, test, type Page } from "@playwright/test";
import { generateVariant, type NetworkSpec, type Target, type Variant } from "../../lib/backprop";
import { e2eRows } from "./e2e-db";
import { givenNumbers, leakedAnswers, numbersIn, QUESTION_PAGE_CONSTANTS, secretNumbers } from "./leaks";
import type { StorageState } from "./actors";
import { demoIds, fetchPage, type DemoIds } from "./page-routes";
import { truthsOf } from "./variants";

test.describe.configure({ mode: "serial" });
test.skip(({ isMobile }) => isMobile, "the phone project would repeat the same HTTP checks");

const WRONG = "7.77"; // far from every answer of these networks, and not a given
const POINTS = [10]; // each demo question is worth 10 points: shown on the course and set pages
const PAGE_CONSTANTS = QUESTION_PAGE_CONSTANTS;

interface Question {
  id: string;
  title: string;
  url: string;
  variant: Variant;
  secrets: number[];
  given: number[];
}

interface Captured {
  url: string;
  action: boolean;
  body: string;
}

/** Every JSON and RSC response the browser receives (navigations, prefetches, server actions, answers). */
function capture(page: Page): Captured[] {
  const captured: Captured[] = [];
  page.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (!/json|x-component/.test(type)) return;
    try {
      captured.push({ url: response.url(), action: "next-action" in response.request().headers(), body: await response.text() });
    } catch {
      // a response whose body went away with a navigation: nothing to read
    }
  });
  return captured;
}

async function variantOf(email: string, itemId: string): Promise<Variant> {
  const [row] = await e2eRows<{ seed: number; preset: string; specJson: string | null }>(
    `select v."seed", i."preset", i."specJson" from "Variant" v join "User" u on u."id" = v."userId" join "ProblemItem" i on i."id" = v."itemId"
     where u."email" = $1 and i."id" = $2 order by v."number" desc limit 1`,
    [email, itemId],
  );
  if (!row) throw new Error(`${email} has no variant of ${itemId}`);
  return generateVariant(row.specJson ? (JSON.parse(row.specJson) as NetworkSpec) : row.preset, row.seed);
}

/** The leaks in one body: for each question, the forms of its answers that are there and are not allowed. */
function leaksIn(body: string, questions: Question[], allowed: number[]): string[] {
  return questions.flatMap((q) => leakedAnswers(body, q.secrets, allowed).map((form) => `${q.title}: ${form}`));
}

/** Where a leaked form sits in the body (the first place it occurs), to make a failure readable. */
function where(body: string, leak: string): string {
  const form = leak.slice(leak.lastIndexOf(": ") + 2);
  const at = body.search(new RegExp(`(?<![\\w.])-?${form.replace(".", "\\.")}(?![\\w.%])`));
  return at < 0 ? "" : ` in …${body.slice(Math.max(0, at - 60), at + form.length + 20)}…`;
}

let ids: DemoIds;
let questions: Question[];
let captured: Captured[];
let email: string;
let state: StorageState;

/**
 * Loads every page a student can load (HTML and RSC) and reports the answer forms found on each and in whatever
 * the browser fetched meanwhile. `skip`: pages (and their fetches) that may now show a solution.
 */
async function leaksOnEveryPage(page: Page, skip: string[] = []): Promise<string[]> {
  const pages: { url: string; allowed: number[] }[] = [
    { url: "/dashboard", allowed: [] },
    { url: `/courses/${ids.courseId}`, allowed: POINTS },
    { url: `/courses/${ids.courseId}/sets/${ids.setId}`, allowed: POINTS },
    ...questions.map((q) => ({ url: q.url, allowed: [...q.given, ...PAGE_CONSTANTS] })),
  ];
  const found: string[] = [];
  for (const { url, allowed } of pages.filter((p) => !skip.includes(p.url))) {
    await page.goto(url);
    for (const rsc of [false, true]) {
      const response = await fetchPage(page.request, url, rsc);
      expect(response.status(), url).toBe(200);
      const body = await response.text();
      found.push(...leaksIn(body, questions, allowed).map((leak) => `${url}${rsc ? " (RSC)" : ""} ${leak}${where(body, leak)}`));
    }
  }
  // whatever the browser fetched on its own: prefetches, navigations, actions
  const allGiven = [...questions.flatMap((q) => q.given), ...PAGE_CONSTANTS];
  for (const response of captured.splice(0).filter((r) => !skip.includes(new URL(r.url).pathname))) {
    found.push(...leaksIn(response.body, questions, allGiven).map((leak) => `${response.url} (fetched) ${leak}`));
  }
  return found;
}

/**
 * A wrong answer for attempt `left`: far from every answer of the variant (not graded correct) and not a rounding
 * of one (the leak checks would read it, typed by the student, as a leak). A run once drew J = 1.171.
 */
function wrongAnswer(variant: Variant, left: number): string {
  const truths = truthsOf(variant).filter(Number.isFinite);
  for (let shift = 0; ; shift += 10) {
    const candidate = `${left + shift}.${left}7${left}`;
    if (truths.every((t) => Math.abs(Number(candidate) - t) > 0.05 * Math.max(1, Math.abs(t)) && leakedAnswers(candidate, [t]).length === 0)) return candidate;
  }
}

/** Use up a scalar part's attempts with wrong answers, checking each one landed in that part. */
async function useUpAttempts(page: Page, variant: Variant, part: number) {
  const region = page.getByRole("region", { name: new RegExp(`^Part ${part}\\b`) });
  for (let left = Number(/(\d) of 3/.exec((await region.textContent()) ?? "")?.[1] ?? 3); left > 0; left--) {
    const field = page.getByLabel(new RegExp(`Answer to part ${part}\\b`));
    await field.fill(wrongAnswer(variant, left));
    await field.press("Enter");
    await expect(region.getByText(left > 1 ? `${left - 1} of 3 attempts left` : "no attempts left")).toBeVisible();
  }
}

/**
 * The body of the response to what `act` does on the page, read on its way through: the server action's (the worked
 * solution) or, with `answers`, POST /api/submissions's (an answer).
 */
async function replyTo(page: Page, act: () => Promise<void>, answers = false): Promise<string> {
  let body: string | undefined;
  const pattern = answers ? "**/api/submissions" : "**/courses/**";
  await page.route(pattern, async (route) => {
    if (route.request().method() !== "POST" || (!answers && !("next-action" in route.request().headers()))) return route.fallback();
    const response = await route.fetch();
    body = await response.text();
    await route.fulfill({ response, body });
  });
  await act();
  await page.unrouteAll({ behavior: "wait" });
  expect(body, answers ? "the answer's response" : "the server action's response").toBeDefined();
  return body!;
}

/** Submits an answer through the form; returns the body of the response to it (read on its way through). */
async function answer(page: Page, part: number, text: string, attemptsLeft: string): Promise<string> {
  return replyTo(page, async () => {
    const field = page.getByLabel(new RegExp(`Answer to part ${part}\\b`));
    await field.fill(text);
    await field.press("Enter");
    await expect(page.getByText(attemptsLeft).first()).toBeVisible();
  }, true);
}

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  ids = await demoIds();
  email = `secrecy-${Date.now()}@example.com`;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Sasha Secret");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-enough-password-42");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 15_000 });
  await page.getByLabel("Join code").fill("DEMO123");
  await page.getByRole("button", { name: "Join course" }).click();
  await expect(page).toHaveURL(/\/courses\/[^/]+$/, { timeout: 15_000 });
  const items = await e2eRows<{ id: string; title: string }>(`select "id", "title" from "ProblemItem" where "setId" = $1 order by "position"`, [ids.setId]);
  questions = [];
  for (const item of items) {
    const url = `/courses/${ids.courseId}/items/${item.id}`;
    await page.goto(url); // opening a question creates the student's variant
    const variant = await variantOf(email, item.id);
    questions.push({ ...item, url, variant, secrets: secretNumbers(variant.instance, variant.parts), given: givenNumbers(variant.instance, variant.parts) });
  }
  state = await context.storageState();
  await context.close();
});

test("before any answer, no page shows an expected answer in any rounding", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: state });
  const page = await context.newPage();
  captured = capture(page);
  expect(questions.length).toBe(3);
  expect(await leaksOnEveryPage(page)).toEqual([]);
  await context.close();
});

test("a wrong answer with attempts left shows no expected answer, in the action's response or any page", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: state });
  const page = await context.newPage();
  captured = capture(page);
  const [first] = questions;
  await page.goto(first.url);
  const actionBody = await answer(page, 2, WRONG, "2 of 3 attempts left");
  expect(actionBody).toContain(WRONG); // the response is about this submission
  expect(actionBody).toContain('"status":"incorrect"');
  expect(leaksIn(actionBody, questions, [...first.given, ...PAGE_CONSTANTS])).toEqual([]);
  expect(await leaksOnEveryPage(page)).toEqual([]);
  await context.close();
});

test("once the attempts run out, that part's answer and solution appear, and nothing else leaks", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: state });
  const page = await context.newPage();
  captured = capture(page);
  const [first, ...others] = questions;
  await page.goto(first.url);
  // part 2's solution uses part 1's values, so it appears once both are finished
  await useUpAttempts(page, first.variant, 1);
  await useUpAttempts(page, first.variant, 2);
  const truth = truthsOf(first.variant)[1];
  // the page carries no solution: the answer comes with the worked solution, which the student asks for
  const html = await (await fetchPage(page.request, first.url, false)).text();
  expect(leakedAnswers(html, [truth], [...first.given, ...PAGE_CONSTANTS]), `part 2 = ${truth} in the page`).toEqual([]);
  const part2 = page.getByRole("region", { name: /^Part 2\b/ });
  const body = await replyTo(page, async () => {
    await part2.getByRole("button", { name: "Show worked solution" }).click();
    await expect(part2.getByRole("button", { name: "Hide worked solution" })).toBeVisible();
  });
  await expect(part2.getByRole("listitem").first()).toBeVisible();
  // the detector sees the answer now, so its silence before was not blindness
  const shown = leakedAnswers(body, [truth], first.given);
  console.log(`part 2 = ${truth}: the worked solution shows ${shown.join(", ")}`);
  expect(shown, `part 2 = ${truth}`).not.toEqual([]);
  // the worked solution writes it with four significant digits (formatNumber's default)
  expect(numbersIn(body).has(String(Math.abs(Number(truth.toPrecision(4)))))).toBe(true);
  // the other questions still show nothing, and no other page shows anything
  const othersOnly = questions.map((q) => (q === first ? { ...q, secrets: [] } : q));
  const saved = questions;
  questions = othersOnly;
  try {
    expect(await leaksOnEveryPage(page, [first.url])).toEqual([]);
  } finally {
    questions = saved;
  }
  expect(others.length).toBe(2);
  await context.close();
});

// Practice is public and shows answers on purpose, but only on request: the page and the feedback to a wrong
// answer carry none; "Show worked solution" (a server action) returns that part's answer.
test("practice: no answer in the page or the feedback to a wrong answer, and the answer once asked for", async ({ page }) => {
  const preset = "question-relu";
  const seed = 4242;
  const url = `/practice/${preset}?seed=${seed}`;
  const variant = generateVariant(preset, seed);
  const practice: Question = { id: "practice", title: "practice", url, variant, secrets: secretNumbers(variant.instance, variant.parts), given: givenNumbers(variant.instance, variant.parts) };
  const allowed = [...practice.given, ...PAGE_CONSTANTS];
  const bodies: string[] = [];
  await page.route("**/practice/**", async (route) => {
    if (route.request().method() !== "POST" || !("next-action" in route.request().headers())) return route.fallback();
    const response = await route.fetch();
    const body = await response.text();
    bodies.push(body);
    await route.fulfill({ response, body });
  });
  await page.goto(url);
  for (const rsc of [false, true]) {
    const body = await (await fetchPage(page.request, url, rsc)).text();
    expect(leaksIn(body, [practice], allowed), `${url}${rsc ? " (RSC)" : ""}`).toEqual([]);
  }
  const part = page.getByRole("region", { name: "Part 2", exact: true });
  await part.getByRole("textbox").fill(WRONG);
  await part.getByRole("button", { name: "Check" }).click();
  await expect.poll(() => bodies.length).toBe(1);
  expect(bodies[0]).toContain('"status":"incorrect"');
  expect(leaksIn(bodies[0], [practice], allowed)).toEqual([]);

  await part.getByRole("button", { name: "Show worked solution" }).click();
  await expect.poll(() => bodies.length).toBe(2);
  const truth = truthsOf(variant)[1];
  expect(bodies[1]).toContain(`"answerText":"${Number(truth.toPrecision(4))}"`);
  expect(leakedAnswers(bodies[1], [truth], allowed)).not.toEqual([]);
});

// A later part's worked solution uses the values of earlier parts: in "Two hidden layers", δ⁽³⁾'s solution is built
// from δ⁽⁴⁾, the answer to part 2 (for 199 of 200 seeds). So a solution waits until every earlier part is finished.
test("a worked solution does not give away the answer to another part that is still open", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: state });
  const page = await context.newPage();
  const deep = questions[2];
  expect(deep.variant.parts[1].kind).toBe("delta");
  expect(deep.variant.parts[2].kind).toBe("delta");
  await page.goto(deep.url);
  await answer(page, 3, "7.77", "2 of 3 attempts left");
  await answer(page, 3, "8.88", "1 of 3 attempts left");
  await answer(page, 3, "9.99", "no attempts left");
  await expect(page.getByText("3 of 3 attempts left").first()).toBeVisible(); // part 2 is still open
  const html = await (await fetchPage(page.request, deep.url, false)).text();
  const part2 = truthsOf(deep.variant)[1];
  expect(leakedAnswers(html, [part2], [...deep.given, ...PAGE_CONSTANTS]), `part 2 = ${part2}`).toEqual([]);
  const part3 = page.getByRole("region", { name: /^Part 3\b/ });
  await expect(part3.getByText("The worked solution appears once the earlier parts are finished: it uses their values.")).toBeVisible();
  await expect(part3.getByRole("button", { name: "Show worked solution" })).toHaveCount(0);
  // once parts 1 and 2 are finished too, part 3's solution is there
  expect(deep.variant.parts[0].kind === "grad" && deep.variant.parts[0].j === undefined).toBe(false); // a number, not a matrix
  await useUpAttempts(page, deep.variant, 1);
  await useUpAttempts(page, deep.variant, 2);
  await page.reload();
  await part3.getByRole("button", { name: "Show worked solution" }).click();
  await expect(part3.getByRole("listitem").first()).toBeVisible();
  await context.close();
});
