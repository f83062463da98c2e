import { expect, test } from "@playwright/test";

test("home page shows the pitch and the way to practice", async ({ page }, testInfo) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  await expect(page).toHaveTitle(/Chainrule/);
  await expect(page.getByRole("link", { name: "Chainrule" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  const cta = page.getByRole("link", { name: "Try a practice problem" });
  await expect(cta).toBeVisible();
  await expect(cta).toHaveAttribute("href", "/practice");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Practice" })).toHaveAttribute(
    "href",
    "/practice",
  );

  // Nothing should overflow sideways on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.screenshot({ path: `tests/e2e/screenshots/home-${testInfo.project.name}.png`, fullPage: true });
});

test("unknown pages get the friendly 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
