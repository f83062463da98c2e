import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/** axe-core's serious and critical violations on the current page, as readable lines. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

// Each test runs axe over several pages (a few seconds each on a quiet machine): more than the default 30 s when
// the machine is busy.
test.describe.configure({ timeout: 120_000 });

async function signIn(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("chainrule-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("public pages have no serious accessibility violations", async ({ page }) => {
  for (const path of ["/", "/practice", "/practice/question-relu?seed=7", "/practice/deep-4-3-3-2?seed=7", "/signin", "/signup"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  // a revealed worked solution (long formulas scroll sideways on phones)
  await page.goto("/practice/question-relu?seed=7");
  await page.getByRole("button", { name: /Show worked solution/ }).nth(4).click();
  await expect(page.locator(".katex-display").last()).toBeVisible();
  expect(await violations(page), "worked solution").toEqual([]);
});

test("student pages have no serious accessibility violations", async ({ page }) => {
  await signIn(page, "student3@example.com");
  expect(await violations(page), "dashboard").toEqual([]);
  await page.getByRole("link", { name: "Neural Networks (demo)" }).first().click();
  expect(await violations(page), "course").toEqual([]);
  await page.getByRole("link", { name: "Backprop through a ReLU network" }).click();
  expect(await violations(page), "set").toEqual([]);
  await page.getByRole("link", { name: "Two hidden layers" }).click();
  await expect(page.getByRole("heading", { name: "The network" })).toBeVisible();
  expect(await violations(page), "question").toEqual([]);
});

test("instructor pages have no serious accessibility violations", async ({ page }) => {
  await signIn(page, "instructor@example.com");
  await page.getByRole("link", { name: "Neural Networks (demo)" }).first().click();
  await expect(page).toHaveURL(/\/teach\//);
  expect(await violations(page), "course").toEqual([]);
  await page.getByRole("link", { name: "Backprop through a ReLU network" }).first().click();
  expect(await violations(page), "set").toEqual([]);
  await page.getByRole("link", { name: "Preview" }).first().click();
  await expect(page.getByRole("heading", { name: "The network" })).toBeVisible();
  expect(await violations(page), "preview").toEqual([]);
  await page.goBack();
  await page.goBack();
  await page.getByRole("link", { name: "Gradebook & exports" }).click();
  await expect(page.getByTestId("gradebook")).toBeVisible();
  await expect(page).toHaveTitle(/^Gradebook/); // client navigation sets the title when the metadata arrives
  expect(await violations(page), "gradebook").toEqual([]);
  await page.getByRole("link", { name: /^Analytics:/ }).first().click();
  await expect(page.getByTestId("item-analytics").first()).toBeVisible();
  await expect(page).toHaveTitle(/^Analytics/);
  expect(await violations(page), "analytics").toEqual([]);
  await page.goBack();
  await page.getByTestId("gradebook").getByRole("link").first().click();
  await expect(page.getByText("Student record")).toBeVisible();
  await expect(page).toHaveTitle(/· Gradebook/);
  expect(await violations(page), "student record").toEqual([]);
});
