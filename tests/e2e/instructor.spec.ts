import { signInThroughForm, signUpThroughForm } from "./account-forms";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { newestVariantOf, truthsOf } from "./variants";

// A time zone with daylight saving, so dates typed in winter for a summer deadline must round-trip exactly.
test.use({ timezoneId: "America/New_York" });

const PASSWORD = "a-long-enough-password-42";
const DEMO_PASSWORD = "chainrule-demo";

const shot = (page: Page, project: string, name: string) =>
  page.screenshot({ path: `tests/e2e/screenshots/instructor-${project}-${name}.png`, fullPage: true });

async function expectNoSidewaysOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A fresh email per run; `unique.last` is the most recent one. */
const unique = Object.assign(
  (project: string, who: string) => (unique.last = `${who}-${project}-${Date.now()}@example.com`),
  { last: undefined as string | undefined },
);



async function newPage(browser: Browser, baseURL: string | undefined, project: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    timezoneId: "America/New_York",
    ...(project === "phone" ? { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } }),
  });
  return context.newPage();
}

test("an instructor builds, edits, publishes and previews a problem set", async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const project = testInfo.project.name;

  // A new instructor creates a course from the dashboard and lands on its teaching page.
  await signUpThroughForm(page, "Grace Teacher", unique(project, "teacher"), PASSWORD);
  await page.goto("/dashboard");
  await page.getByLabel("Course title").fill(`Deep Learning ${project}`);
  await page.getByRole("button", { name: "Create course" }).click();
  await expect(page).toHaveURL(/\/teach\/[^/]+$/, { timeout: 15_000 });
  const courseUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1, name: `Deep Learning ${project}` })).toBeVisible();
  await expect(page.getByText("Students join at /join with code")).toBeVisible();
  const joinCode = (await page.getByTestId("join-code").innerText()).trim();
  expect(joinCode).toMatch(/^[A-Z2-9]{7}$/);
  await expect(page.getByText("No problem sets yet")).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "course-empty");

  // A set made by hand: the title is required; an empty set cannot be published.
  await page.getByRole("link", { name: "New problem set" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create a problem set" })).toBeVisible();
  await page.getByRole("button", { name: "Create problem set" }).click();
  await expect(page.locator("#set-title-error")).toHaveText("Give the set a title.");
  await expect(page.getByLabel("Title")).toBeFocused();
  await page.getByLabel("Description").fill("Read **chapter 6** first, see [the notes](https://example.com/notes).\n\n- forward pass\n- backward pass");
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const descriptionPreview = page.getByLabel("Description preview");
  await expect(descriptionPreview.locator("strong")).toHaveText("chapter 6");
  await expect(descriptionPreview.getByRole("link", { name: "the notes" })).toHaveAttribute("href", "https://example.com/notes");
  await expect(descriptionPreview.getByRole("listitem")).toHaveCount(2);
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "set-new");
  await page.getByLabel("Title").fill("Week 2: by hand");
  await page.getByRole("button", { name: "Create problem set" }).click();
  await expect(page).toHaveURL(/\/teach\/[^/]+\/sets\/[^/?]+$/, { timeout: 15_000 });
  await expect(page.getByText("No questions yet")).toBeVisible();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Add at least one question before publishing.")).toBeVisible();
  await page.goto(courseUrl);

  // Start from the template: the set page lists its three questions.
  await page.getByRole("button", { name: "Start from template: Backprop through a ReLU network" }).click();
  await expect(page).toHaveURL(/\/teach\/[^/]+\/sets\/[^/?]+$/, { timeout: 15_000 });
  const setUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1, name: "Backprop through a ReLU network" })).toBeVisible();
  await expect(page.getByTestId("question")).toHaveCount(3);
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "set");

  // Edit the due date (a summer date typed in New York in winter). A late deadline before it is refused next to the field.
  const due = page.getByLabel("Due", { exact: true });
  const lateUntil = page.getByLabel("Late submissions until");
  await expect(due).not.toHaveValue(""); // the template's due date, shown in local time
  await due.fill("2031-07-15T17:30");
  await lateUntil.fill("2031-07-14T09:00");
  await page.getByLabel("Credit for late answers (%)").fill("40");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#set-lateUntil-error")).toHaveText("The late deadline must be after the due date.");
  await expect(lateUntil).toHaveAttribute("aria-invalid", "true");
  await expect(lateUntil).toBeFocused();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "set-error");
  await lateUntil.fill("2031-07-17T09:00");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Due", { exact: true })).toHaveValue("2031-07-15T17:30");
  await expect(page.getByLabel("Late submissions until")).toHaveValue("2031-07-17T09:00");
  await expect(page.getByLabel("Credit for late answers (%)")).toHaveValue("40");
  await expect(page.locator("main header").getByText(/Jul 15/)).toBeVisible();

  // Publish.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("Published: students can see it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Unpublish" })).toBeVisible();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await shot(page, project, "set-published");

  // Preview the first question: seed 1, answers and worked steps, then the next seed.
  await page.getByRole("link", { name: "Preview “Hidden-layer gradient, step by step”" }).click();
  await expect(page).toHaveURL(/\/preview$/);
  await expect(page.getByTestId("seed")).toHaveText("1");
  await expect(page.getByRole("img", { name: /Network with layers 2-3-2/ })).toBeVisible();
  const answers = page.getByTestId("answer");
  expect(await answers.count()).toBeGreaterThan(2);
  await expect(page.locator(".katex").first()).toBeVisible();
  const firstAnswer = await answers.first().innerText();
  const firstSolution = page.getByText(/^Worked solution \(\d+ steps\)$/).first();
  await firstSolution.click();
  await expect(page.getByText("Forward pass, layer 2").first()).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "preview");
  await page.getByRole("link", { name: "Next seed →" }).click();
  await expect(page).toHaveURL(/\/preview\?seed=2$/);
  await expect(page.getByTestId("seed")).toHaveText("2");
  expect(await page.getByTestId("answer").first().innerText()).not.toBe(firstAnswer);
  await page.getByRole("link", { name: "← Previous seed" }).click();
  await expect(page.getByTestId("seed")).toHaveText("1");
  await page.goto(`${new URL(page.url()).pathname}?seed=not-a-seed`);
  await expect(page.getByTestId("seed")).toHaveText("1");

  // Add a custom question: an invalid spec is refused with a message naming the problem; fixed, it saves.
  await page.goto(setUrl);
  await page.getByRole("link", { name: "Add question" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a question" })).toBeVisible();
  await page.getByLabel("Title").fill("A custom network");
  await page.getByLabel("Network family").selectOption("custom");
  const spec = page.getByLabel("Network spec (JSON)");
  const example = await spec.inputValue();
  expect(JSON.parse(example).layers).toBeDefined();
  await spec.fill(JSON.stringify({ layers: [2, 2, 1], activations: ["relu", "swish"], loss: "half_sse" }, null, 2));
  await page.getByRole("button", { name: "Add question" }).click();
  const specError = page.locator("#item-specJson-error");
  await expect(specError).toContainText("swish");
  await expect(specError).toContainText("activations[1]");
  await expect(spec).toHaveAttribute("aria-invalid", "true");
  await expect(spec).toHaveAttribute("aria-describedby", /item-specJson-error/);
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "item-new-error");
  await spec.fill(example);
  await page.getByRole("button", { name: "Add question" }).click();
  await expect(page).toHaveURL(/\/sets\/[^/]+\?added=/, { timeout: 15_000 });
  await expect(page.getByText("Question “A custom network” added.")).toBeVisible();
  await expect(page.getByTestId("question")).toHaveCount(4);

  // Its editor shows the stored spec; its preview works.
  await page.getByRole("link", { name: "Edit “A custom network”" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "A custom network" })).toBeVisible();
  await expect(page.getByLabel("Network family")).toHaveValue("custom");
  expect(JSON.parse(await page.getByLabel("Network spec (JSON)").inputValue())).toMatchObject(JSON.parse(example));
  await page.getByLabel("Points").fill("5");
  await page.getByRole("button", { name: "Save question" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "item-edit");
  await page.getByRole("link", { name: "Preview", exact: true }).click();
  await expect(page.getByTestId("seed")).toHaveText("1");
  await expect(page.getByTestId("answer")).toHaveCount(5);

  // A student joins with the code; the instructor sees them under People and removes them.
  const studentPage = await newPage(browser, baseURL, project);
  await signUpThroughForm(studentPage, "Robin Learner", unique(project, "learner"), PASSWORD);
  await studentPage.goto(`/join?code=${joinCode}`);
  await studentPage.getByRole("button", { name: "Join course" }).click();
  await expect(studentPage).toHaveURL(/\/courses\//, { timeout: 15_000 });
  // …solves a part of the published template set wrong (diagnosed), then right, and sees the progress
  await studentPage.getByRole("link", { name: "Backprop through a ReLU network" }).click();
  await studentPage.getByRole("link", { name: "Hidden-layer gradient, step by step" }).click();
  await expect(studentPage.getByRole("heading", { name: "The network" })).toBeVisible();
  const learnerTruths = truthsOf(await newestVariantOf(unique.last!));
  const deltaInput = studentPage.getByLabel(/Answer to part 2/);
  await deltaInput.fill(String(-learnerTruths[1]));
  await deltaInput.press("Enter");
  await expect(studentPage.getByText("Diagnosis: flipped the sign of the error")).toBeVisible();
  await deltaInput.fill(String(learnerTruths[1]));
  await deltaInput.press("Enter");
  await expect(studentPage.getByText("✓ Correct", { exact: true })).toBeVisible();
  await expect(studentPage.getByText(/Score so far: 1\.67/)).toBeVisible();
  await studentPage.getByRole("link", { name: /Backprop through a ReLU network/ }).click();
  await expect(studentPage.getByText(/1\/6 parts/)).toBeVisible();
  // a student of the course gets a 404 for its teaching pages
  const asStudent = await studentPage.goto(courseUrl);
  expect(asStudent?.status()).toBe(404);
  await expect(studentPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  expect((await studentPage.goto(setUrl))?.status()).toBe(404);
  await studentPage.context().close();

  await page.goto(courseUrl);
  await expect(page.getByRole("cell", { name: /^Robin Learner/ })).toBeVisible();
  await page.getByLabel("Add co-instructor by email").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Add co-instructor" }).click();
  await expect(page.locator("#instructor-email-error")).toContainText("No account has that email");
  await expect(page.getByText("Published", { exact: true })).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "course");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Remove Robin Learner" }).click();
  await expect(page.getByRole("cell", { name: /^Robin Learner/ })).toHaveCount(0);
});

test("teaching pages: signed-out visitors sign in first, students of the demo course get 404", async ({ page }) => {
  // find the demo course's id from a student's dashboard
  await signInThroughForm(page, "student1@example.com", DEMO_PASSWORD);
  await page.goto("/dashboard");
  const href = await page.getByRole("link", { name: "Neural Networks (demo)" }).first().getAttribute("href");
  const courseId = href?.split("/").filter(Boolean).pop();
  expect(courseId).toBeTruthy();

  const response = await page.goto(`/teach/${courseId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("DEMO123")).toHaveCount(0);

  await page.context().clearCookies();
  await page.goto(`/teach/${courseId}`);
  await expect(page).toHaveURL(/\/signin\?/);
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(`/teach/${courseId}`);

  // the demo instructor does see it, with the seeded set and people
  await signInThroughForm(page, "instructor@example.com", DEMO_PASSWORD);
  await page.goto(`/teach/${courseId}`);
  await expect(page.getByTestId("join-code")).toHaveText("DEMO123");
  await expect(page.getByRole("link", { name: "Backprop through a ReLU network" })).toBeVisible();
  await expect(page.getByRole("cell", { name: /student1@example\.com/ })).toBeVisible();

  // the seeded first question has students' variants and answers: its network is locked and it can't be deleted
  await page.getByRole("link", { name: "Backprop through a ReLU network" }).click();
  await page.getByRole("link", { name: "Edit “Hidden-layer gradient, step by step”" }).click();
  await expect(page.getByText("Students already have variants of this question")).toBeVisible();
  await expect(page.getByLabel("Network family")).toBeDisabled();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete question" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Students have submitted answers to this question" })).toBeVisible();
  await page.goto(`/teach/${courseId}`);
  await expect(page.getByRole("link", { name: "Backprop through a ReLU network" })).toBeVisible();
});
