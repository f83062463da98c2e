// Every page of the app, read from the page.tsx files under app/, with who may load it and the demo ids to fill in.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { e2eRows } from "./e2e-db";

/** Who may load a page: anyone, any signed-in user, students of the course, or its instructors. */
export type Audience = "public" | "signedIn" | "student" | "instructor";

/** One row per page.tsx; a new page without a row fails the authorization and bypass tests. */
export const PAGES: Record<string, Audience> = {
  "": "public",
  signin: "public",
  signup: "public",
  practice: "public",
  "practice/[preset]": "public",
  dashboard: "signedIn",
  join: "signedIn",
  "courses/[courseId]": "student",
  "courses/[courseId]/sets/[setId]": "student",
  "courses/[courseId]/items/[itemId]": "student",
  "teach/[courseId]": "instructor",
  "teach/[courseId]/gradebook": "instructor",
  "teach/[courseId]/sets/new": "instructor",
  "teach/[courseId]/sets/[setId]": "instructor",
  "teach/[courseId]/sets/[setId]/analytics": "instructor",
  "teach/[courseId]/sets/[setId]/items/new": "instructor",
  "teach/[courseId]/items/[itemId]": "instructor",
  "teach/[courseId]/items/[itemId]/preview": "instructor",
  "teach/[courseId]/students/[studentId]": "instructor",
};

/** URL patterns of the page.tsx files under app/ (route groups dropped), e.g. "teach/[courseId]/gradebook". */
export function pageFiles(dir = path.resolve(process.cwd(), "app"), prefix: string[] = []): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...pageFiles(full, /^\(.*\)$/.test(name) ? prefix : [...prefix, name]));
    else if (/^page\.(tsx|ts|jsx|js)$/.test(name)) out.push(prefix.join("/"));
  }
  return out.sort();
}

export interface DemoIds {
  courseId: string;
  setId: string;
  itemId: string;
  studentId: string;
  preset: string;
  courseTitle: string;
  setTitle: string;
  itemTitles: string[];
}

/** The demo course of the seed, its published set, first question and a student who answered it. */
export async function demoIds(): Promise<DemoIds> {
  const [course] = await e2eRows<{ id: string; title: string }>(`select "id", "title" from "Course" where "joinCode" = $1`, ["DEMO123"]);
  const [set] = await e2eRows<{ id: string; title: string }>(`select "id", "title" from "ProblemSet" where "courseId" = $1 order by "createdAt" asc limit 1`, [course.id]);
  const items = await e2eRows<{ id: string; title: string; preset: string }>(
    `select "id", "title", "preset" from "ProblemItem" where "setId" = $1 order by "position" asc`,
    [set.id],
  );
  const [student] = await e2eRows<{ id: string }>(`select "id" from "User" where "email" = $1`, ["student1@example.com"]);
  return {
    courseId: course.id,
    setId: set.id,
    itemId: items[0].id,
    studentId: student.id,
    preset: items[0].preset,
    courseTitle: course.title,
    setTitle: set.title,
    itemTitles: items.map((i) => i.title),
  };
}

/** Fill a pattern's [params] from `ids`; throws on a param with no id, so a new kind of id needs a line here. */
export function urlOf(pattern: string, ids: Record<string, string>): string {
  return "/" + pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
    if (!(name in ids)) throw new Error(`no id for [${name}] in ${pattern}`);
    return encodeURIComponent(ids[name]);
  });
}

/** Row counts of every table: a refused request must leave them all as they were. */
export async function tableCounts(): Promise<Record<string, number>> {
  const tables = ["User", "Course", "Membership", "ProblemSet", "ProblemItem", "Variant", "Submission", "ItemProgress", "ScoreOverride"];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await e2eRows<{ n: number | string }>(`select count(*) as "n" from "${table}"`);
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * The sign-in redirect a page gives a visitor without a session, coming back to `url`: a 3xx to /signin for a
 * document request; for an RSC request Next streams the redirect as the payload's error digest instead.
 */
export async function expectSignInRedirect(response: APIResponse, url: string, rsc: boolean) {
  // the way back is the page itself, with its query if it has one (the preview adds ?seed=1)
  const signIn = new RegExp(`^/signin\\?callbackUrl=${encodeURIComponent(url).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(%3F[^;&"]*)?$`);
  if (rsc) {
    expect(response.status(), `${url} (RSC) status`).toBe(200);
    const digest = /"digest":"NEXT_REDIRECT;replace;([^;"]+);307;"/.exec(await response.text());
    expect(digest?.[1], `${url} (RSC) redirect`).toMatch(signIn);
    return;
  }
  expect(response.status(), `${url} status`).toBe(307);
  expect((response.headers()["location"] ?? "").replace(/^http:\/\/[^/]+/, ""), `${url} location`).toMatch(signIn);
}

/** A 404 (a document request), or the not-found digest Next streams in an RSC payload. Returns the body. */
export async function expectNotFound(response: APIResponse, url: string, rsc: boolean): Promise<string> {
  const body = await response.text();
  if (rsc && response.status() === 200) expect(body, `${url} (RSC)`).toContain(`"digest":"NEXT_HTTP_ERROR_FALLBACK;404"`);
  else expect(response.status(), `${url}${rsc ? " (RSC)" : ""} status`).toBe(404);
  // the page's own title (course, set or question names) must not be computed for someone refused the page
  if (!rsc) expect(/<title>([^<]*)<\/title>/.exec(body)?.[1], `${url} title`).toBe("Chainrule");
  return body;
}

/**
 * GET a page as HTML, or as the RSC payload a client-side navigation fetches (header `RSC: 1`). Next answers an
 * RSC request without its cache-busting `_rsc` parameter with a redirect to the same URL carrying it: follow that
 * one, and no other redirect.
 */
export async function fetchPage(client: APIRequestContext, url: string, rsc: boolean, headers: Record<string, string> = {}): Promise<APIResponse> {
  const allHeaders = rsc ? { ...headers, RSC: "1" } : headers;
  const response = await client.get(url, { maxRedirects: 0, headers: allHeaders });
  const location = response.headers()["location"] ?? "";
  if (rsc && response.status() >= 300 && response.status() < 400 && location.replace(/^http:\/\/[^/]+/, "").startsWith(`${url}?_rsc`)) {
    return client.get(location, { maxRedirects: 0, headers: allHeaders });
  }
  return response;
}
