import { expect, test, type Page } from "@playwright/test";
import { givenNumbers, leakedAnswers, QUESTION_PAGE_CONSTANTS } from "./leaks";
import { formatNumber } from "../../lib/backprop";
import { newestVariantOf, truthsOf, variantCountOf } from "./variants";
import { e2eRows } from "./e2e-db";

const shot = (page: Page, name: string, project: string) =>
  page.screenshot({ path: `tests/e2e/screenshots/student-${project}-${name}.png`, fullPage: true });

test("a student signs up, joins, gets a diagnosis, then a correct answer, and sees progress", async ({ page, request }, testInfo) => {
  const project = testInfo.project.name;
  const email = `e2e-${project}-${Date.now()}@example.com`;

  await page.goto("/signup");
  await page.getByLabel("Name").fill("Robin Student");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByLabel("Join code").fill("nope123");
  await page.getByRole("button", { name: "Join course" }).click();
  await expect(page.getByText("No course has that join code")).toBeVisible();
  await page.getByLabel("Join code").fill("demo123");
  await page.getByRole("button", { name: "Join course" }).click();
  await expect(page).toHaveURL(/\/courses\/[^/]+$/);
  await expect(page.getByRole("link", { name: "Backprop through a ReLU network" })).toBeVisible();
  await shot(page, "course", project);

  await page.getByRole("link", { name: "Backprop through a ReLU network" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Backprop through a ReLU network" })).toBeVisible();
  await shot(page, "set", project);
  await page.getByRole("link", { name: "Hidden-layer gradient, step by step" }).click();
  await expect(page.getByRole("heading", { name: "The network" })).toBeVisible();
  await expect(page).toHaveTitle("Hidden-layer gradient, step by step · Backprop through a ReLU network · Chainrule");
  // only the question the student opened has a variant (no prefetch or title lookup creates one)
  expect(await variantCountOf(email)).toBe(1);
  const questionUrl = page.url();

  const variant = await newestVariantOf(email);
  const parts = variant.parts;
  const truths = truthsOf(variant);

  // No expected answer is in the page before the student has earned it.
  const html = await (await request.get(page.url(), { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } })).text();
  expect(leakedAnswers(html, truths, [...givenNumbers(variant.instance, parts), ...QUESTION_PAGE_CONSTANTS])).toEqual([]);

  // Part 2 asks an output δ: answer it with the sign flipped.
  expect(parts[1].kind).toBe("delta");
  const part2 = page.getByLabel(/Answer to part 2/);
  await part2.fill("0.4.4");
  await part2.press("Enter");
  await expect(page.getByText("not graded")).toBeVisible();
  await expect(page.getByText("3 of 3 attempts left").first()).toBeVisible();

  await part2.fill(String(-truths[1]));
  await part2.press("Enter");
  await expect(page.getByText("Diagnosis: flipped the sign of the error")).toBeVisible();
  await expect(page.getByText("2 of 3 attempts left")).toBeVisible();
  await shot(page, "diagnosis", project);

  await part2.fill(formatNumber(truths[1], 6));
  await page.getByRole("button", { name: "Submit" }).nth(1).click();
  await expect(page.getByText("✓ Correct", { exact: true })).toBeVisible();
  await expect(page.getByText("✓ correct", { exact: true })).toBeVisible();
  // after a correct answer the policy allows the worked solution, but it uses part 1's values and part 1 is open
  await expect(page.getByText("The worked solution appears once the earlier parts are finished: it uses their values.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Show worked solution" })).toHaveCount(0);
  await expect(page.getByText("Your submissions (2)")).toBeVisible();
  await shot(page, "correct", project);

  await page.getByRole("link", { name: /Backprop through a ReLU network/ }).click();
  await expect(page.getByText(/1\/6 parts/)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The session ends while a question is open (signed out in another tab, or expired): the answer stays in the box,
  // the student is told what to do, and nothing is stored.
  await page.goto(questionUrl);
  const part1 = page.getByLabel(/Answer to part 1\b/);
  await page.context().clearCookies();
  await part1.fill("1.5");
  await part1.press("Enter");
  await expect(page.getByText("You are signed out. Sign in again in another tab, then submit: your answer is still here and no attempt was used.")).toBeVisible();
  await expect(part1).toHaveValue("1.5");
  await page.getByRole("region", { name: /^Part 1\b/ }).screenshot({ path: `tests/e2e/screenshots/student-${project}-signed-out.png` });
  const [{ n }] = await e2eRows<{ n: number | string }>(`select count(*) as "n" from "Submission" s join "User" u on u."id" = s."userId" where u."email" = $1`, [email]);
  expect(Number(n)).toBe(2);
});

test("pages that need an account send visitors to sign in", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
  await page.getByLabel("Email").fill("student1@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await page.getByLabel("Password").fill("chainrule-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Hello, Sam Student" })).toBeVisible();
  // signing out ends the session
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
});
