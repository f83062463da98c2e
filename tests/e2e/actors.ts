// The people of the authorization tests, signed in once through the real forms; their cookies are reused per request.
import { signInThroughForm, signUpThroughForm } from "./account-forms";
import { expect, request, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "chainrule-demo";
const NEW_PASSWORD = "a-long-enough-password-42";

export type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

export interface Actors {
  /** the demo course's instructor and one of its students */
  instructor: StorageState;
  student: StorageState;
  /** a student and the instructor of a second course, made for this run */
  otherStudent: StorageState;
  otherInstructor: StorageState;
  otherCourseId: string;
}



async function withPage<T>(browser: Browser, baseURL: string, body: (page: Page) => Promise<T>): Promise<[T, StorageState]> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    const result = await body(page);
    return [result, await context.storageState()];
  } finally {
    await context.close();
  }
}

/** Signs the four actors in (two demo accounts, two new ones with a second course); `tag` keeps emails unique. */
export async function signInActors(browser: Browser, baseURL: string, tag: string): Promise<Actors> {
  const stamp = `${tag}-${Date.now()}`;
  const [, instructor] = await withPage(browser, baseURL, (page) => signInThroughForm(page, "instructor@example.com", DEMO_PASSWORD));
  const [, student] = await withPage(browser, baseURL, (page) => signInThroughForm(page, "student3@example.com", DEMO_PASSWORD));
  const [other, otherInstructor] = await withPage(browser, baseURL, async (page) => {
    await signUpThroughForm(page, "Olga Otherteacher", `other-teacher-${stamp}@example.com`, NEW_PASSWORD);
    await page.goto("/dashboard");
    await page.getByLabel("Course title").fill(`Other course ${stamp}`);
    await page.getByRole("button", { name: "Create course" }).click();
    await expect(page).toHaveURL(/\/teach\/[^/]+$/, { timeout: 15_000 });
    const courseId = new URL(page.url()).pathname.split("/")[2];
    const joinCode = (await page.getByTestId("join-code").innerText()).trim();
    return { courseId, joinCode };
  });
  const [, otherStudent] = await withPage(browser, baseURL, async (page) => {
    await signUpThroughForm(page, "Oscar Otherstudent", `other-student-${stamp}@example.com`, NEW_PASSWORD);
    await page.goto("/dashboard");
    await page.getByLabel("Join code").fill(other.joinCode);
    await page.getByRole("button", { name: "Join course" }).click();
    await expect(page).toHaveURL(/\/courses\/[^/]+$/, { timeout: 15_000 });
  });
  return { instructor, student, otherStudent, otherInstructor, otherCourseId: other.courseId };
}

/** An HTTP client with `state`'s cookies (or none), which does not follow redirects. */
export function clientFor(baseURL: string, state?: StorageState): Promise<APIRequestContext> {
  return request.newContext({ baseURL, storageState: state, maxRedirects: 0 });
}
