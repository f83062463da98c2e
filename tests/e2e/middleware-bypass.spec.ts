// A request carrying `x-middleware-subrequest` (the header of CVE-2025-29927, which made Next skip its middleware)
// and no session is still refused by every protected page, the route handlers and every server action, and changes
// nothing. Authorization lives in the pages and the data layer, so this holds with or without a proxy.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { clientFor } from "./actors";
import { postAnswer } from "../support/submissions";
import { demoIds, expectSignInRedirect, fetchPage, PAGES, tableCounts, urlOf, type DemoIds } from "./page-routes";

test.describe.configure({ mode: "serial" });
test.skip(({ isMobile }) => isMobile, "HTTP-level test: the desktop project runs it once");

const BYPASS_VALUES = [
  "middleware",
  "src/middleware",
  "proxy",
  "src/proxy",
  "pages/_middleware",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "proxy:proxy:proxy:proxy:proxy",
];
const EXPORTS = ["gradebook.csv", "canvas.csv", "submissions.csv"];

let ids: DemoIds;
let idMap: Record<string, string>;

test.beforeAll(async () => {
  ids = await demoIds();
  idMap = { courseId: ids.courseId, setId: ids.setId, itemId: ids.itemId, studentId: ids.studentId, preset: ids.preset };
});

test("protected pages still send a visitor with the bypass header to sign in, with no data", async ({ baseURL }) => {
  const client = await clientFor(baseURL!);
  const before = await tableCounts();
  for (const [pattern] of Object.entries(PAGES).filter(([, audience]) => audience !== "public")) {
    const url = urlOf(pattern, idMap);
    for (const value of BYPASS_VALUES) {
      for (const rsc of [false, true]) {
        const response = await fetchPage(client, url, rsc, { "x-middleware-subrequest": value });
        await expectSignInRedirect(response, url, rsc);
        const body = await response.text();
        for (const secret of [ids.courseTitle, ids.setTitle, ...ids.itemTitles, "DEMO123"]) expect(body, `${url} with ${value}`).not.toContain(secret);
      }
    }
  }
  expect(await tableCounts()).toEqual(before);
  await client.dispose();
});

test("the CSV exports still answer 401 with no rows", async ({ baseURL }) => {
  const client = await clientFor(baseURL!);
  for (const file of EXPORTS) {
    const url = `/teach/${ids.courseId}/export/${file}`;
    for (const value of ["", ...BYPASS_VALUES]) {
      const response = await client.get(url, { maxRedirects: 0, headers: value ? { "x-middleware-subrequest": value } : {} });
      expect(response.status(), `${url} with ${value || "no header"}`).toBe(401);
      expect(response.headers()["content-type"] ?? "").not.toContain("text/csv");
      const body = await response.text();
      expect(body).not.toContain("@example.com");
      expect(body).not.toContain("Sam Student");
    }
  }
  await client.dispose();
});

test("an answer (POST /api/submissions) still answers 401 and stores nothing", async ({ baseURL }) => {
  const { e2eRows } = await import("./e2e-db");
  const [variant] = await e2eRows<{ id: string }>(
    `select v."id" from "Variant" v join "User" u on u."id" = v."userId" where u."email" = $1 and v."itemId" = $2`,
    ["student1@example.com", ids.itemId],
  );
  expect(variant).toBeDefined();
  const before = await tableCounts();
  for (const value of ["", ...BYPASS_VALUES]) {
    const reply = await postAnswer({
      baseURL: baseURL!,
      input: { variantId: variant.id, partIndex: 0, answer: "1", idempotencyKey: `bypass-${Date.now()}` },
      headers: value ? { "x-middleware-subrequest": value } : {},
    });
    expect(reply.status, `with ${value || "no header"}`).toBe(401);
    expect(reply.result, `with ${value || "no header"}`).toEqual({ ok: false, status: 401, error: expect.any(String) });
  }
  expect(await tableCounts()).toEqual(before);
});

// ----- server actions, called over HTTP exactly as the browser calls them -----------------------

interface ManifestEntry {
  exportedName?: string;
  filename?: string;
  workers: Record<string, unknown>;
}

/** The server actions of the production build: id, name and a page that serves it. */
function buildActions(): { id: string; name: string; page: string }[] {
  const manifest = JSON.parse(readFileSync(path.resolve(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    // "app/(instructor)/teach/[courseId]/page" → "teach/[courseId]"
    const worker = Object.keys(entry.workers)[0];
    const page = worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/");
    return { id, name: entry.exportedName ?? id, page };
  });
}

const itemForm = { title: "Q", preset: "question-relu", specJson: "", points: 5, toleranceMode: "relabs", rtol: 0.01, atol: 0.001, sigfigs: 3, maxAttempts: 3, allowNewVariant: true, solutionPolicy: "after_attempts", carriedForwardPercent: 50 };
const setForm = { title: "Bypassed", description: "", opensAt: "", dueAt: "", lateUntil: "", latePercent: 0, tzOffset: 0, published: false };

/** The arguments each action is called with; public actions (sign-up and practice) are not refused. */
const ACTION_ARGS: Record<string, "public" | ((ids: DemoIds, variantId: string) => unknown[])> = {
  signUp: "public",
  checkPracticeAnswer: "public",
  revealPracticeSolution: "public",
  createCourseAction: () => [{ title: "Bypassed" }],
  joinCourseAction: () => [{ joinCode: "DEMO123" }],
  addInstructorAction: (d) => [{ courseId: d.courseId, email: "student3@example.com" }],
  removeStudentAction: (d) => [{ courseId: d.courseId, studentId: d.studentId }],
  createSetAction: (d) => [d.courseId, setForm],
  updateSetAction: (d) => [d.setId, setForm],
  publishSetAction: (d) => [d.setId, false],
  createSetFromTemplateAction: (d) => [d.courseId],
  addItemAction: (d) => [d.setId, itemForm],
  updateItemAction: (d) => [d.itemId, itemForm],
  deleteItemAction: (d) => [d.itemId],
  workedSolutionAction: (_, variantId) => [{ variantId, partIndex: 0 }],
  newVariantAction: (d) => [d.itemId],
  overrideScoreAction: (d) => [{ courseId: d.courseId, studentId: d.studentId, itemId: d.itemId, points: "0", reason: "bypassed", clear: false }],
};

test("every server action still refuses a caller with the bypass header and no session, and changes nothing", async ({ baseURL }) => {
  const actions = buildActions();
  expect(actions.length).toBeGreaterThan(10);
  // a new action without a row fails here
  expect(actions.map((a) => a.name).filter((name) => !(name in ACTION_ARGS))).toEqual([]);
  const { e2eRows } = await import("./e2e-db");
  const [variant] = await e2eRows<{ id: string }>(
    `select v."id" from "Variant" v join "User" u on u."id" = v."userId" where u."email" = $1 and v."itemId" = $2`,
    ["student1@example.com", ids.itemId],
  );
  const client = await clientFor(baseURL!);
  const before = await tableCounts();
  for (const action of actions) {
    const args = ACTION_ARGS[action.name];
    if (args === "public") continue;
    const url = urlOf(action.page, idMap);
    for (const value of BYPASS_VALUES) {
      const response = await client.post(url, {
        maxRedirects: 0,
        headers: {
          "Next-Action": action.id,
          "Content-Type": "text/plain;charset=UTF-8",
          Accept: "text/x-component",
          Origin: baseURL!,
          "x-middleware-subrequest": value,
        },
        data: JSON.stringify(args(ids, variant.id)),
      });
      const body = await response.text();
      // the action ran (its typed failure is in the payload) and refused: 401, never a success
      expect(body, `${action.name} with ${value}`).toMatch(/"ok":false,"status":401|"status":401[^}]*"ok":false|"ok":false[^}]*"status":401/);
      expect(body, `${action.name} with ${value}`).not.toContain('"ok":true');
    }
  }
  expect(await tableCounts()).toEqual(before);
  await client.dispose();
});
