// Names, titles and a set description carrying script payloads, entered through the real forms, render as inert
// text on every page that shows them; the CSV exports keep the text and defuse formulas; every response carries
// a Content-Security-Policy and the usual security headers.
import { signUpThroughForm } from "./account-forms";
import { expect, test, type APIRequest, type APIResponse, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import type { StorageState } from "./actors";
import { e2eRows } from "./e2e-db";

test.describe.configure({ mode: "serial" });
test.skip(({ isMobile }) => isMobile, "the payloads render the same on a phone: the desktop project runs this once");

const PASSWORD = "a-long-enough-password-42";
const stamp = Date.now();
// each starts with a character a spreadsheet reads as a formula where it lands in a CSV cell
const STUDENT_NAME = `=HYPERLINK("http://evil.test")<img src=x onerror="window.__xss=1">`;
const INSTRUCTOR_NAME = `"><svg onload=window.__xss=1>Ivy {{7*7}}`;
const COURSE_TITLE = `<script>window.__xss=1</script>Course {{7*7}} ${stamp}`;
const SET_TITLE = `@SUM(1+1)"><svg onload=window.__xss=1><img src=x onerror="window.__xss=1">`;
const ITEM_TITLE = `-2+3<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`;
// Markdown reads __ as bold, so the description spells the flag's name without underscores
const SET_XSS = `window[String.fromCharCode(95,95)+"xss"]=1`;
const DESCRIPTION_LINE = `<script>${SET_XSS}</script> <img src=x onerror='${SET_XSS}'> {{7*7}}`;
const SET_DESCRIPTION = `[click me](javascript:window.__xss=1) and [data](data:text/html,<script>alert(1)</script>)\n\n${DESCRIPTION_LINE}`;

interface World {
  courseId: string;
  setId: string;
  itemId: string;
  studentId: string;
  instructor: StorageState;
  student: StorageState;
}
let world: World;


test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const teacher = await (await browser.newContext({ baseURL })).newPage();
  await signUpThroughForm(teacher, INSTRUCTOR_NAME, `xss-teacher-${stamp}@example.com`, PASSWORD);
  await teacher.getByLabel("Course title").fill(COURSE_TITLE);
  await teacher.getByRole("button", { name: "Create course" }).click();
  await expect(teacher).toHaveURL(/\/teach\/[^/]+$/, { timeout: 15_000 });
  const courseId = new URL(teacher.url()).pathname.split("/")[2];
  const joinCode = (await teacher.getByTestId("join-code").innerText()).trim();

  await teacher.getByRole("button", { name: "Start from template: Backprop through a ReLU network" }).click();
  await expect(teacher).toHaveURL(/\/teach\/[^/]+\/sets\/[^/?]+$/, { timeout: 15_000 });
  const setId = new URL(teacher.url()).pathname.split("/")[4];
  await teacher.getByLabel("Title").fill(SET_TITLE);
  await teacher.getByLabel("Description").fill(SET_DESCRIPTION);
  await teacher.getByRole("button", { name: "Save changes" }).click();
  await expect(teacher.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await teacher.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(teacher.getByRole("button", { name: "Unpublish", exact: true })).toBeVisible();

  await teacher.getByRole("link", { name: "Edit “Hidden-layer gradient, step by step”" }).click();
  await expect(teacher).toHaveURL(/\/teach\/[^/]+\/items\/[^/?]+$/, { timeout: 15_000 });
  const itemId = new URL(teacher.url()).pathname.split("/")[4];
  await teacher.getByLabel("Title").fill(ITEM_TITLE);
  await teacher.getByRole("button", { name: "Save question" }).click();
  await expect(teacher.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const studentEmail = `xss-student-${stamp}@example.com`;
  const learner = await (await browser.newContext({ baseURL })).newPage();
  await signUpThroughForm(learner, STUDENT_NAME, studentEmail, PASSWORD);
  await learner.goto(`/join?code=${joinCode}`);
  await learner.getByRole("button", { name: "Join course" }).click();
  await expect(learner).toHaveURL(/\/courses\//, { timeout: 15_000 });
  await learner.goto(`/courses/${courseId}/items/${itemId}`);
  const part = learner.getByLabel(/Answer to part 1\b/);
  await part.fill("1");
  await part.press("Enter");
  await expect(learner.getByText("2 of 3 attempts left").first()).toBeVisible();

  const [student] = await e2eRows<{ id: string }>(`select "id" from "User" where "email" = $1`, [studentEmail]);
  world = {
    courseId,
    setId,
    itemId,
    studentId: student.id,
    instructor: await teacher.context().storageState(),
    student: await learner.context().storageState(),
  };
  await teacher.context().close();
  await learner.context().close();
});

/** What a page's DOM says about the payloads: whether one ran, became an element, an attribute or a link. */
async function inspect(page: Page) {
  return page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    imgX: document.querySelectorAll('img[src="x"]').length,
    // React sets event handlers as properties, never as on* attributes: any such attribute came from a payload
    handlerAttributes: [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
    dangerousLinks: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? "").filter((href) => /^\s*(javascript|data|vbscript):/i.test(href)),
    embeds: document.querySelectorAll("iframe, object, embed, svg[onload], base").length,
    payloadScripts: [...document.scripts].filter((s) => /^\s*window[.[]/.test(s.textContent ?? "")).length,
    text: document.body.innerText,
  }));
}

/** Loads `url` and checks that no payload ran or became an element, and that each of `texts` reads as text. */
async function expectInert(page: Page, url: string, texts: string[]) {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await page.waitForLoadState("networkidle");
  const found = await inspect(page);
  expect(found.xss, `${url}: window.__xss`).toBeUndefined();
  expect(dialogs, `${url}: dialogs`).toEqual([]);
  expect(found.imgX, `${url}: img[src=x]`).toBe(0);
  expect(found.handlerAttributes, `${url}: on* attributes`).toEqual([]);
  expect(found.dangerousLinks, `${url}: links`).toEqual([]);
  expect(found.embeds, `${url}: embedded elements`).toBe(0);
  expect(found.payloadScripts, `${url}: payload scripts`).toBe(0);
  const text = found.text.replace(/\s+/g, " ");
  for (const expected of texts) expect(text, `${url} shows ${expected} as text`).toContain(expected.replace(/\s+/g, " "));
}

test("the checks see a payload that did get in (so their silence on the app's pages means something)", async ({ page }) => {
  await page.setContent(`<p>ok</p><img src=x onerror="window.__xss=1"><a href="javascript:void 0">x</a><script>window.__seen=1</script>`);
  await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss === 1);
  const found = await inspect(page);
  expect(found.xss).toBe(1);
  expect(found.imgX).toBe(1);
  expect(found.handlerAttributes).toEqual(["IMG onerror"]);
  expect(found.dangerousLinks).toEqual(["javascript:void 0"]);
  expect(found.payloadScripts).toBe(1);
});

test("the student's pages show every payload as text, and none runs", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: world.student });
  const page = await context.newPage();
  const { courseId, setId, itemId } = world;
  await expectInert(page, "/dashboard", [COURSE_TITLE]);
  await expectInert(page, `/courses/${courseId}`, [COURSE_TITLE, SET_TITLE]);
  await expectInert(page, `/courses/${courseId}/sets/${setId}`, [SET_TITLE, ITEM_TITLE, DESCRIPTION_LINE, "click me"]);
  await expectInert(page, `/courses/${courseId}/items/${itemId}`, [ITEM_TITLE, SET_TITLE]);
  await context.close();
});

test("the instructor's pages show every payload as text, and none runs", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: world.instructor });
  const page = await context.newPage();
  const { courseId, setId, itemId, studentId } = world;
  await expectInert(page, `/teach/${courseId}`, [COURSE_TITLE, SET_TITLE, STUDENT_NAME, INSTRUCTOR_NAME]);
  await expectInert(page, `/teach/${courseId}/gradebook`, [COURSE_TITLE, SET_TITLE, STUDENT_NAME]);
  await expectInert(page, `/teach/${courseId}/students/${studentId}`, [STUDENT_NAME, SET_TITLE, ITEM_TITLE]);
  await expectInert(page, `/teach/${courseId}/sets/${setId}/analytics`, [SET_TITLE, ITEM_TITLE]);
  await expectInert(page, `/teach/${courseId}/sets/${setId}`, [COURSE_TITLE, ITEM_TITLE]);
  await expectInert(page, `/teach/${courseId}/items/${itemId}`, [ITEM_TITLE, SET_TITLE]);
  await expectInert(page, `/teach/${courseId}/items/${itemId}/preview`, [ITEM_TITLE]);
  // the set editor's live preview renders the Markdown description in the browser
  await expectInert(page, `/teach/${courseId}/sets/${setId}`, [SET_TITLE]);
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const preview = page.getByLabel("Description preview");
  await expect(preview).toContainText(DESCRIPTION_LINE);
  await expect(preview.getByText("click me")).toBeVisible();
  expect(await preview.locator("a, img, script, svg").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  await context.close();
});

test("the CSV exports keep the payloads as text and defuse the formulas", async ({ playwright, baseURL }) => {
  const client = await playwright.request.newContext({ baseURL, storageState: world.instructor });
  const csv = async (file: string) => {
    const response = await client.get(`/teach/${world.courseId}/export/${file}`);
    expect(response.status(), file).toBe(200);
    return parse(await response.body(), { bom: true }) as string[][];
  };
  const cells = (rows: string[][]) => rows.flat();

  const gradebook = await csv("gradebook.csv");
  expect(cells(gradebook)).toContain(`'${STUDENT_NAME}`);
  expect(gradebook[0].some((header) => header.startsWith(`'${SET_TITLE}`))).toBe(true);
  const canvas = await csv("canvas.csv");
  expect(cells(canvas)).toContain(`'${STUDENT_NAME}`);
  const submissions = await csv("submissions.csv");
  for (const text of [STUDENT_NAME, SET_TITLE, ITEM_TITLE]) expect(cells(submissions), text).toContain(`'${text}`);
  // nowhere is a payload left unescaped at the start of a cell
  for (const rows of [gradebook, canvas, submissions]) {
    expect(cells(rows).filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell))).toEqual([]);
  }
  await client.dispose();
});

// ----- headers ---------------------------------------------------------------------------------------

function directives(response: APIResponse): Map<string, string[]> {
  const policy = response.headers()["content-security-policy"] ?? "";
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name.toLowerCase(), values]));
}

async function samples(playwright: { request: APIRequest }, baseURL: string) {
  const anonymous = await playwright.request.newContext({ baseURL });
  const instructor = await playwright.request.newContext({ baseURL, storageState: world.instructor });
  const responses: [string, APIResponse][] = [
    ["start page", await anonymous.get("/")],
    ["sign-in page", await anonymous.get("/signin")],
    ["practice page", await anonymous.get("/practice/question-relu?seed=1")],
    ["not-found page", await anonymous.get("/no-such-page")],
    ["gradebook", await instructor.get(`/teach/${world.courseId}/gradebook`)],
    ["CSV export", await instructor.get(`/teach/${world.courseId}/export/gradebook.csv`)],
    ["refused CSV export", await anonymous.get(`/teach/${world.courseId}/export/gradebook.csv`)],
  ];
  return { responses, dispose: async () => (await anonymous.dispose(), await instructor.dispose()) };
}

test("every response carries a Content-Security-Policy and the usual security headers", async ({ playwright, baseURL }) => {
  const { responses, dispose } = await samples(playwright, baseURL!);
  for (const [what, response] of responses) {
    const headers = response.headers();
    const csp = directives(response);
    expect(csp.size, `${what}: Content-Security-Policy`).toBeGreaterThan(0);
    expect(csp.get("object-src"), `${what}: object-src`).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors"), `${what}: frame-ancestors`).toEqual(["'none'"]);
    expect(csp.get("base-uri"), `${what}: base-uri`).toBeDefined();
    expect(csp.get("base-uri")!.every((v) => v === "'self'" || v === "'none'"), `${what}: base-uri`).toBe(true);
    const scripts = csp.get("script-src") ?? csp.get("default-src") ?? [];
    expect(scripts, `${what}: scripts from anywhere`).not.toContain("*");
    expect(scripts.some((v) => /^(https?:|data:)$/.test(v)), `${what}: scripts from any host`).toBe(false);
    expect(headers["x-content-type-options"], `${what}: X-Content-Type-Options`).toBe("nosniff");
    expect(headers["referrer-policy"], `${what}: Referrer-Policy`).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
    expect(headers["x-frame-options"] ?? "DENY", `${what}: X-Frame-Options`).toMatch(/^(DENY|SAMEORIGIN)$/i);
  }
  await dispose();
});

// The policy of proxy.ts: scripts need this response's nonce (tests/e2e/sessions.spec.ts checks the browser enforces it).
test("script-src allows no inline script without a nonce ('unsafe-inline' gone)", async ({ playwright, baseURL }) => {
  const { responses, dispose } = await samples(playwright, baseURL!);
  for (const [what, response] of responses.filter(([, r]) => (r.headers()["content-type"] ?? "").includes("text/html"))) {
    const scripts = directives(response).get("script-src") ?? [];
    expect(scripts, `${what}: script-src`).not.toContain("'unsafe-inline'");
    expect(scripts.some((v) => v.startsWith("'nonce-")), `${what}: a nonce`).toBe(true);
  }
  await dispose();
});
