// Sessions, sign-in limits, CSRF and the Content-Security-Policy, against the real server (`next start`).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_NEXTAUTH_SECRET, e2ePort } from "../../scripts/test-database.cjs";
import { mintSessionCookie } from "../support/session-cookie";
import { actionId, callAction } from "../support/server-action";
import { postAnswer } from "../support/submissions";
import { e2eExec, e2eInsertSession, e2eRows } from "./e2e-db";
import { signInThroughForm, signUpThroughForm } from "./account-forms";

const BASE = `http://127.0.0.1:${e2ePort()}`;
const PASSWORD = "chainrule-demo";
const PER_ACCOUNT = 10; // lib/http/sign-in-limits.ts

/** next-auth's credentials sign-in as its client sends it (CSRF token from /api/auth/csrf). */
async function postSignIn(request: APIRequestContext, email: string, password: string, headers: Record<string, string> = {}) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    headers: { origin: BASE, ...headers },
    form: { email, password, csrfToken, json: "true" },
    maxRedirects: 0,
  });
}

async function rowCounts() {
  const [row] = await e2eRows<Record<string, number | string>>(
    `select (select count(*) from "Session") as sessions, (select coalesce(sum("count"), 0) from "RateLimit") as attempts, (select count(*) from "Submission") as submissions, (select count(*) from "User") as users`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

async function userByEmail(email: string) {
  const [user] = await e2eRows<{ id: string; email: string; name: string }>(`select id, email, name from "User" where email = $1`, [email]);
  return user;
}

test.describe("sign-in limits", () => {
  test("after 10 failed attempts an account gets 429 with Retry-After, known or unknown, even with the right password", async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "HTTP behaviour: one project is enough");
    // a fresh account, so other tests' students are not locked out
    const email = `limited-${Date.now()}@example.com`;
    await signUpThroughForm(page, "Limited Lee", email, PASSWORD);

    const unknown = `nobody-${Date.now()}@example.com`;
    const known: number[] = [];
    const other: number[] = [];
    for (let i = 0; i < PER_ACCOUNT; i++) {
      known.push((await postSignIn(request, email, "wrong password")).status());
      other.push((await postSignIn(request, unknown, "wrong password")).status());
    }
    expect(known).toEqual(Array(PER_ACCOUNT).fill(401));
    expect(other).toEqual(known);

    for (const target of [email, unknown]) {
      const refused = await postSignIn(request, target, "wrong password");
      expect(refused.status()).toBe(429);
      const retryAfter = Number(refused.headers()["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await refused.json()).error).toBe(`Too many sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`);
    }
    // the right password does not get through a locked account: the limit is checked before the password
    expect((await postSignIn(request, email, PASSWORD)).status()).toBe(429);

    // the form tells the person what happened and how long to wait
    await page.context().clearCookies();
    await signInThroughForm(page, email, PASSWORD, false);
    await expect(page.locator(".form-error")).toHaveText(/^Too many sign-in attempts\. For your account's safety, try again in (a minute|\d+ minutes)\.$/);
    await expect(page).toHaveURL(/\/signin/);
    await page.screenshot({ path: "tests/e2e/screenshots/signin-rate-limited.png" });
  });

  test("successful sign-ins are not counted", async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "HTTP behaviour: one project is enough");
    for (let i = 0; i < PER_ACCOUNT + 2; i++) {
      const response = await postSignIn(request, "student2@example.com", PASSWORD, { "x-forwarded-for": "198.51.100.20" });
      expect(response.status()).toBe(200);
    }
  });
});

test.describe("CSRF", () => {
  test("next-auth's POST endpoints refuse a foreign Origin, Origin: null, no Origin and text/plain, and change nothing", async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "HTTP behaviour: one project is enough");
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const form = new URLSearchParams({ email: "student3@example.com", password: PASSWORD, csrfToken, json: "true" }).toString();
    const before = await rowCounts();
    const cases: [string, Record<string, string>, number][] = [
      ["foreign origin", { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }, 403],
      ["Origin: null", { origin: "null", "content-type": "application/x-www-form-urlencoded" }, 403],
      ["no Origin", { "content-type": "application/x-www-form-urlencoded" }, 403],
      ["text/plain", { origin: BASE, "content-type": "text/plain" }, 415],
    ];
    for (const path of ["/api/auth/callback/credentials", "/api/auth/signout"]) {
      for (const [name, headers, status] of cases) {
        const response = await request.post(path, { headers, data: form, maxRedirects: 0 });
        expect(response.status(), `${path} with ${name}`).toBe(status);
        expect(response.headers()["set-cookie"], `${path} with ${name}`).toBeUndefined();
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  /** A published demo question the student has opened (the first visit creates the variant), and that variant. */
  async function openQuestion(request: APIRequestContext, email: string) {
    const student = await userByEmail(email);
    const cookie = await mintSessionCookie(student, E2E_NEXTAUTH_SECRET, e2eInsertSession);
    const [item] = await e2eRows<{ id: string; courseId: string }>(
      `select i.id, s."courseId" from "ProblemItem" i join "ProblemSet" s on s.id = i."setId" where s.published = true order by s."createdAt", i.position limit 1`,
    );
    const page = `/courses/${item.courseId}/items/${item.id}`;
    expect((await request.get(page, { headers: { cookie } })).status()).toBe(200);
    const [variant] = await e2eRows<{ id: string }>(`select id from "Variant" where "userId" = $1 and "itemId" = $2 order by number desc limit 1`, [student.id, item.id]);
    return { student, cookie, item, page, variant };
  }

  test("an answer from another origin, an opaque origin, no origin, or as text/plain or a form is refused and stores nothing", async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "HTTP behaviour: one project is enough");
    const { cookie, variant } = await openQuestion(request, "student3@example.com");
    const input = (name: string) => ({ variantId: variant.id, partIndex: 0, answer: "12345.678", idempotencyKey: `csrf-${name}-${Date.now()}` });
    const before = await rowCounts();
    const cases: [string, { origin?: string | null; contentType?: string }, number][] = [
      ["foreign", { origin: "https://evil.example" }, 403],
      ["look-alike", { origin: "http://127.0.0.1.evil.example" }, 403],
      ["null", { origin: "null" }, 403],
      ["none", { origin: null }, 403],
      ["text-plain", { contentType: "text/plain;charset=UTF-8" }, 415],
      ["form", { contentType: "application/x-www-form-urlencoded" }, 415],
    ];
    for (const [name, headers, status] of cases) {
      const reply = await postAnswer({ baseURL: BASE, cookie, input: input(name), ...headers });
      expect(reply.status, name).toBe(status);
      expect(JSON.parse(reply.body).error, name).toMatch(/^Request refused/);
    }
    expect(await rowCounts()).toEqual(before);
    // the same answer from the app's own origin is graded: the refusals above were about the request, not the answer
    const ok = await postAnswer({ baseURL: BASE, cookie, input: input("same") });
    expect(ok.status).toBe(200);
    expect(ok.result).toMatchObject({ ok: true, data: { graded: true } });
    expect((await rowCounts()).submissions).toBe(before.submissions + 1);
  });

  test("a server action from another origin is refused and changes nothing", async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "HTTP behaviour: one project is enough");
    const { student, cookie, item, page } = await openQuestion(request, "student3@example.com");
    const variants = async () => Number((await e2eRows<{ n: number | string }>(`select count(*) as n from "Variant" where "userId" = $1`, [student.id]))[0].n);
    const id = actionId("newVariantAction");
    const before = await variants();
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example"]) {
      const { status, result } = await callAction({ baseURL: BASE, page, id, args: [item.id], cookie, origin });
      expect(status, origin).toBeGreaterThanOrEqual(400);
      expect(result).toBeUndefined();
    }
    expect(await variants()).toBe(before);
    // the same call from the app's own origin starts a new variant: the refusals above were about the origin
    const ok = await callAction<{ ok: boolean }>({ baseURL: BASE, page, id, args: [item.id], cookie });
    expect(ok.status).toBe(200);
    expect(ok.result?.ok).toBe(true);
    expect(await variants()).toBe(before + 1);
  });

  test("GET requests change nothing: every route handler and the pages a signed-in student revisits", async ({ request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "HTTP behaviour: one project is enough");
    const student = await userByEmail("student1@example.com");
    const instructor = await userByEmail("instructor@example.com");
    const studentCookie = await mintSessionCookie(student, E2E_NEXTAUTH_SECRET, e2eInsertSession);
    const instructorCookie = await mintSessionCookie(instructor, E2E_NEXTAUTH_SECRET, e2eInsertSession);
    const [course] = await e2eRows<{ id: string }>(`select "courseId" as id from "Membership" where "userId" = $1 and role = 'student' limit 1`, [student.id]);
    const items = await e2eRows<{ id: string; setId: string }>(`select i.id, i."setId" from "ProblemItem" i join "ProblemSet" s on s.id = i."setId" where s."courseId" = $1 and s.published = true`, [course.id]);
    const studentPages = ["/dashboard", `/courses/${course.id}`, ...items.map((i) => `/courses/${course.id}/sets/${i.setId}`), ...items.map((i) => `/courses/${course.id}/items/${i.id}`)];
    // the first visit to a question creates the student's variant (its seed must be stored to be reproducible)
    for (const path of studentPages) await request.get(path, { headers: { cookie: studentCookie } });
    const before = await e2eRows(`select (select count(*) from "Variant") v, (select count(*) from "Submission") s, (select count(*) from "ItemProgress") p, (select count(*) from "Membership") m, (select count(*) from "ScoreOverride") o, (select count(*) from "ProblemSet") ps, (select count(*) from "Course") c`);
    for (const path of studentPages) expect((await request.get(path, { headers: { cookie: studentCookie } })).status(), path).toBe(200);
    for (const file of ["gradebook.csv", "canvas.csv", "submissions.csv"]) {
      expect((await request.get(`/teach/${course.id}/export/${file}`, { headers: { cookie: instructorCookie } })).status()).toBe(200);
    }
    for (const path of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signout", "/api/auth/signin", "/api/auth/callback/credentials", "/api/me"]) {
      expect((await request.get(path, { headers: { cookie: studentCookie }, maxRedirects: 0 })).status(), path).toBeLessThan(500);
    }
    // answers are taken by POST only
    expect((await request.get("/api/submissions", { headers: { cookie: studentCookie }, maxRedirects: 0 })).status()).toBe(405);
    expect(await e2eRows(`select (select count(*) from "Variant") v, (select count(*) from "Submission") s, (select count(*) from "ItemProgress") p, (select count(*) from "Membership") m, (select count(*) from "ScoreOverride") o, (select count(*) from "ProblemSet") ps, (select count(*) from "Course") c`)).toEqual(before);
    // GET /api/auth/signout only shows a confirmation page: the session still works
    expect((await request.get("/dashboard", { headers: { cookie: studentCookie }, maxRedirects: 0 })).status()).toBe(200);
  });
});

test.describe("sessions", () => {
  test("signing out ends the session on the server: a copy of the cookie no longer works", async ({ page, request }) => {
    await signInThroughForm(page, "student2@example.com", PASSWORD);
    const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
    expect(cookie).toBeDefined();
    const copy = `${cookie!.name}=${cookie!.value}`;
    expect((await request.get("/dashboard", { headers: { cookie: copy }, maxRedirects: 0 })).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

    // the copied cookie is still a validly signed JWT, but its session row is revoked
    const after = await request.get("/dashboard", { headers: { cookie: copy }, maxRedirects: 0 });
    expect(after.status()).toBe(307);
    expect(after.headers().location).toMatch(/\/signin\?callbackUrl=%2Fdashboard/);
    const csv = await request.get("/teach/any/export/gradebook.csv", { headers: { cookie: copy } });
    expect(csv.status()).toBe(401);
  });

  test("removing a student from a course takes effect on their next request", async ({ browser, request }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "server behaviour: one project is enough");
    // a student of the demo course, signed in with a page open
    const email = `removed-${Date.now()}@example.com`;
    const studentPage = await (await browser.newContext()).newPage();
    await signUpThroughForm(studentPage, "Removed Rae", email, PASSWORD);
    await studentPage.getByLabel("Join code").fill("demo123");
    await studentPage.getByRole("button", { name: "Join course" }).click();
    await expect(studentPage).toHaveURL(/\/courses\/[^/]+$/);
    const courseUrl = new URL(studentPage.url()).pathname;
    await studentPage.getByRole("link", { name: "Backprop through a ReLU network" }).click();
    await studentPage.getByRole("link", { name: "Hidden-layer gradient, step by step" }).click();
    await expect(studentPage).toHaveURL(/\/items\//);
    const student = await userByEmail(email);
    const [variant] = await e2eRows<{ id: string }>(`select id from "Variant" where "userId" = $1 order by "createdAt" desc limit 1`, [student.id]);

    // the instructor removes them in another browser
    const teacher = await (await browser.newContext()).newPage();
    await signInThroughForm(teacher, "instructor@example.com", PASSWORD);
    await teacher.goto(`/teach/${courseUrl.split("/")[2]}`);
    teacher.once("dialog", (dialog) => dialog.accept());
    await teacher.getByRole("button", { name: "Remove Removed Rae" }).click();
    await expect(teacher.getByRole("button", { name: "Remove Removed Rae" })).toHaveCount(0);

    // their very next requests are refused: the page, and an answer to the question they had open
    await studentPage.reload();
    await expect(studentPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
    const cookie = (await studentPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const before = await rowCounts();
    const answer = await postAnswer({ baseURL: BASE, cookie, input: { variantId: variant.id, partIndex: 0, answer: "1", idempotencyKey: `removed-${Date.now()}` } });
    expect(answer.status).toBe(404);
    expect(answer.result).toMatchObject({ ok: false, status: 404 });
    expect((await rowCounts()).submissions).toBe(before.submissions);
    expect((await request.get(courseUrl, { headers: { cookie }, maxRedirects: 0 })).status()).toBe(404);
  });
});

test.describe("Content-Security-Policy", () => {
  test("every script carries this response's nonce, the nonce changes per request, and an injected script does not run", async ({ page, request }) => {
    const policies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await request.get("/practice");
      const csp = response.headers()["content-security-policy"];
      policies.push(csp);
      const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "))!;
      expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'self'");
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(policies[0]).not.toBe(policies[1]);

    // in the browser: the app hydrates under the policy with no violation, and markup injected without the nonce is inert
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/practice/question-relu?seed=7");
    await expect(page.getByRole("button", { name: /check/i }).first()).toBeEnabled();
    // parser-inserted markup without the nonce: an inline event handler and a javascript: URL
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { __injected?: number };
      const div = document.createElement("div");
      div.innerHTML = '<img src="/nonexistent.png" onerror="window.__injected = 1"><a id="js-link" href="javascript:window.__injected = 2">x</a>';
      document.body.append(div);
      (document.getElementById("js-link") as HTMLAnchorElement).click();
      await new Promise((r) => setTimeout(r, 500));
      return w.__injected ?? null;
    });
    expect(ran).toBeNull();
    expect(violations.length).toBeGreaterThan(0); // the browser reported what it blocked
    expect(violations.every((v) => /inline|script/i.test(v))).toBe(true);
  });
});

test.afterAll(async () => {
  // leave no failed-attempt counters for later spec files on this server
  await e2eExec(`DELETE FROM "RateLimit"`);
});
