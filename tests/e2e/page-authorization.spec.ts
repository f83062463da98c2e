// Every page that takes an id, requested by someone who may not see it, answers a sign-in redirect or a 404
// with none of the course's data, in HTML and in the RSC payload, and changes nothing in the database.
// The rows come from the page.tsx files under app/, so a new page without a row fails here.
import { expect, test } from "@playwright/test";
import { clientFor, signInActors, type Actors } from "./actors";
import { e2eRows } from "./e2e-db";
import { demoIds, expectNotFound, expectSignInRedirect, fetchPage, PAGES, pageFiles, tableCounts, urlOf, type DemoIds } from "./page-routes";

test.describe.configure({ mode: "serial" });
// HTTP only: the screen size changes nothing
test.skip(({ isMobile }) => isMobile, "HTTP-level test: the desktop project runs it once");

let actors: Actors;
let ids: DemoIds;
let idMap: Record<string, string>;

/** Data of the demo course that only its members (or only its instructors) may see. */
function courseSecrets(): string[] {
  return [ids.courseTitle, ids.setTitle, ...ids.itemTitles, "DEMO123"];
}
/** What a student of the course must not see on instructor pages: classmates, their emails, the join code. */
const INSTRUCTOR_ONLY = ["Sam Student", "student1@example.com", "Noor Student", "Amara Okafor", "DEMO123"];

const get = fetchPage;

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  actors = await signInActors(browser, baseURL!, "authz");
  ids = await demoIds();
  idMap = { courseId: ids.courseId, setId: ids.setId, itemId: ids.itemId, studentId: ids.studentId, preset: ids.preset };
});

test("every page has a row, and every row a page", () => {
  const files = pageFiles();
  expect(files.length).toBeGreaterThan(10);
  expect(files.filter((f) => !(f in PAGES))).toEqual([]);
  expect(Object.keys(PAGES).filter((p) => !files.includes(p))).toEqual([]);
});

const idPages = Object.entries(PAGES).filter(([pattern, audience]) => audience !== "public" && pattern.includes("["));
const protectedPages = Object.entries(PAGES).filter(([, audience]) => audience !== "public");

test("an anonymous visitor is sent to sign in from every page that needs an account, and sees no data", async ({ baseURL }) => {
  const client = await clientFor(baseURL!);
  const before = await tableCounts();
  for (const [pattern] of protectedPages) {
    const url = urlOf(pattern, idMap);
    for (const rsc of [false, true]) {
      const response = await get(client, url, rsc);
      await expectSignInRedirect(response, url, rsc);
      const body = await response.text();
      for (const secret of courseSecrets()) expect(body, `${url}${rsc ? " (RSC)" : ""}`).not.toContain(secret);
    }
  }
  expect(await tableCounts()).toEqual(before);
  await client.dispose();
});

for (const who of ["otherStudent", "otherInstructor"] as const) {
  test(`${who === "otherStudent" ? "a student" : "an instructor"} of another course gets a 404 with no data on every page with an id`, async ({ baseURL }) => {
    const client = await clientFor(baseURL!, actors[who]);
    const before = await tableCounts();
    for (const [pattern] of idPages) {
      // the demo course's ids, and the actor's own course id with the demo course's other ids (an IDOR by mixing)
      const urls = [urlOf(pattern, idMap)];
      if (/\[(setId|itemId|studentId)\]/.test(pattern)) urls.push(urlOf(pattern, { ...idMap, courseId: actors.otherCourseId }));
      for (const url of urls) {
        for (const rsc of [false, true]) {
          const response = await get(client, url, rsc);
          const body = await expectNotFound(response, url, rsc);
          for (const secret of courseSecrets()) expect(body, `${url}${rsc ? " (RSC)" : ""} shows ${secret}`).not.toContain(secret);
        }
      }
    }
    expect(await tableCounts()).toEqual(before);
    await client.dispose();
  });
}

test("a student of the course gets a 404 with no instructor data on every instructor page", async ({ baseURL }) => {
  const client = await clientFor(baseURL!, actors.student);
  const before = await tableCounts();
  for (const [pattern] of idPages.filter(([, audience]) => audience === "instructor")) {
    const url = urlOf(pattern, idMap);
    for (const rsc of [false, true]) {
      const response = await get(client, url, rsc);
      const body = await expectNotFound(response, url, rsc);
      for (const secret of INSTRUCTOR_ONLY) expect(body, `${url}${rsc ? " (RSC)" : ""} shows ${secret}`).not.toContain(secret);
    }
  }
  expect(await tableCounts()).toEqual(before);
  await client.dispose();
});

test("the people who may see a page do see it (so the refusals above are not just broken pages)", async ({ baseURL }) => {
  const instructor = await clientFor(baseURL!, actors.instructor);
  const student = await clientFor(baseURL!, actors.student);
  for (const [pattern, audience] of idPages) {
    const client = audience === "instructor" ? instructor : student;
    const url = urlOf(pattern, idMap);
    const response = await get(client, url, false);
    expect(response.status(), url).toBe(200);
    const body = await response.text();
    const expected = pattern.includes("students/") ? ["Sam Student"] : courseSecrets();
    expect(expected.filter((text) => body.includes(text)), url).not.toEqual([]);
  }
  await instructor.dispose();
  await student.dispose();
});

test("a draft set and its questions stay invisible to the course's own students, and to everyone else", async ({ browser, baseURL }) => {
  // the demo instructor starts a draft from the template and gives it a title of its own
  const draftTitle = `Draft set ${Date.now()}`;
  const context = await browser.newContext({ baseURL, storageState: actors.instructor });
  const page = await context.newPage();
  await page.goto(`/teach/${ids.courseId}`);
  await page.getByRole("button", { name: "Start from template: Backprop through a ReLU network" }).click();
  await expect(page).toHaveURL(/\/teach\/[^/]+\/sets\/[^/?]+$/, { timeout: 15_000 });
  const draftSetId = new URL(page.url()).pathname.split("/")[4];
  await page.getByLabel("Title").fill(draftTitle);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  await context.close();
  const [draftItem] = await e2eRows<{ id: string }>(`select "id" from "ProblemItem" where "setId" = $1 order by "position" limit 1`, [draftSetId]);

  const draftIds = { ...idMap, setId: draftSetId, itemId: draftItem.id };
  const urls = [
    ...Object.keys(PAGES).filter((p) => p.startsWith("courses/") && /\[(setId|itemId)\]/.test(p)),
    "teach/[courseId]/sets/[setId]/analytics", // its title comes from a read students may make for published sets
  ].map((pattern) => urlOf(pattern, draftIds));
  for (const who of ["student", "otherStudent", "otherInstructor"] as const) {
    const client = await clientFor(baseURL!, actors[who]);
    const before = await tableCounts();
    for (const url of urls) {
      for (const rsc of [false, true]) {
        const body = await expectNotFound(await get(client, url, rsc), url, rsc);
        expect(body, `${who}: ${url}${rsc ? " (RSC)" : ""}`).not.toContain(draftTitle);
      }
    }
    // opening a draft question must not hand out a variant either
    expect(await tableCounts(), who).toEqual(before);
    await client.dispose();
  }
  const instructor = await clientFor(baseURL!, actors.instructor);
  expect(await (await get(instructor, urlOf("teach/[courseId]/sets/[setId]", draftIds), false)).text()).toContain(draftTitle);
  await instructor.dispose();
});
