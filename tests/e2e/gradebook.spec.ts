import { expect, test, type Download, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

// The demo seed's instructor and simulated class of 24 (plus three demo students) in "Neural Networks (demo)".
const shot = (page: Page, project: string, name: string) =>
  page.screenshot({ path: `tests/e2e/screenshots/gradebook-${project}-${name}.png`, fullPage: true });

async function signInAsInstructor(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("instructor@example.com");
  await page.getByLabel("Password").fill("chainrule-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 15_000 });
  await page.getByRole("link", { name: "Neural Networks (demo)" }).first().click();
  await expect(page).toHaveURL(/\/teach\//);
}

async function csvOf(download: Download): Promise<{ bytes: Buffer; rows: string[][] }> {
  const bytes = readFileSync((await download.path())!);
  return { bytes, rows: parse(bytes, { bom: true }) as string[][] };
}

test("an instructor reads the gradebook, changes a score, reads analytics and downloads every CSV", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  await signInAsInstructor(page);
  await page.getByRole("link", { name: "Gradebook & exports" }).click();
  const sheet = page.getByTestId("gradebook");
  await expect(sheet).toBeVisible();
  const bodyRows = sheet.locator("tbody tr");
  expect(await bodyRows.count()).toBeGreaterThanOrEqual(27);
  await shot(page, project, "sheet");

  // filter by name, then by email domain part
  await page.getByLabel("Filter by name or email").fill("amara");
  await expect(bodyRows).toHaveCount(1);
  await expect(bodyRows.first()).toContainText("Amara Okafor");
  await page.getByLabel("Filter by name or email").fill("nobody-matches-this");
  await expect(sheet.getByText("No student matches that filter.")).toBeVisible();
  await page.getByLabel("Filter by name or email").fill("");

  // sort by total: highest first, then lowest first
  const totals = async () => (await sheet.locator("tbody tr td:last-child strong").allInnerTexts()).map(Number);
  await sheet.getByRole("button", { name: /^Total/ }).click();
  const desc = await totals();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await expect(sheet.locator("th[aria-sort=descending]")).toContainText("Total");
  await sheet.getByRole("button", { name: /^Total/ }).click();
  const asc = await totals();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  // one student's record: every submission, then an override with a reason
  await page.getByLabel("Filter by name or email").fill("Ben Carter");
  await sheet.getByRole("link", { name: "Ben Carter" }).click();
  await expect(page.getByRole("heading", { name: "Ben Carter" })).toBeVisible();
  const firstItem = page.locator("article").first();
  await firstItem.getByText(/submissions?$/).first().click();
  await expect(firstItem.locator("table tbody tr").first()).toBeVisible();
  await firstItem.getByText("Change this score").click();
  await firstItem.getByLabel(/^Points/).fill("12");
  await firstItem.getByLabel("Reason").fill("regrade request");
  await firstItem.getByRole("button", { name: "Set score" }).click();
  await expect(firstItem.getByText("Score must be between 0 and 10 points.")).toBeVisible();
  await firstItem.getByLabel(/^Points/).fill("7.5");
  await firstItem.getByRole("button", { name: "Set score" }).click();
  await expect(firstItem.getByText("Score saved.")).toBeVisible();
  await expect(firstItem.locator("[data-testid^=score-]")).toContainText("7.5 / 10");
  await expect(firstItem.getByRole("list", { name: "Score changes" })).toContainText("regrade request");
  await shot(page, project, "student");

  // analytics: the class's real diagnosed mistakes
  await page.getByRole("link", { name: "Gradebook" }).last().click();
  await page.getByRole("link", { name: /^Analytics:/ }).first().click();
  await expect(page.getByTestId("item-analytics")).toHaveCount(3);
  await expect(page.getByTestId("insight").first()).toContainText(/: \d+% of the students who answered it were diagnosed with “.+”/);
  await expect(page.getByRole("img", { name: /^Completion over time/ })).toBeVisible();
  await shot(page, project, "analytics");

  // downloads
  await page.getByRole("link", { name: "Gradebook" }).first().click();
  for (const file of ["gradebook.csv", "canvas.csv", "submissions.csv"]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Download ${file}` }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^neural-networks-demo-.*\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const { bytes, rows } = await csvOf(download);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    if (file === "gradebook.csv") {
      expect(rows[0]).toEqual(["Name", "Email", "Backprop through a ReLU network (30)", "Total"]);
      expect(rows.find((r) => r[0] === "Ben Carter")![2]).toBe(String(Number(rows.find((r) => r[0] === "Ben Carter")![2])));
    } else if (file === "canvas.csv") {
      expect(rows[0].slice(0, 5)).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]);
      expect(rows[1][0]).toBe("Points Possible");
    } else {
      expect(rows[0]).toContain("Variant seed");
      expect(rows.length).toBeGreaterThan(100);
      expect(rows.some((r) => r.includes("forgot the activation derivative") || r.some((c) => c.startsWith("flipped") || c.startsWith("off by")))).toBe(true);
    }
  }
});

test("a student cannot open the gradebook or download grades", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("student1@example.com");
  await page.getByLabel("Password").fill("chainrule-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 15_000 });
  const courseHref = await page.getByRole("link", { name: "Neural Networks (demo)" }).first().getAttribute("href");
  const courseId = courseHref!.split("/").pop()!;
  const response = await page.goto(`/teach/${courseId}/gradebook`);
  expect(response!.status()).toBe(404);
  const csv = await page.request.get(`/teach/${courseId}/export/gradebook.csv`);
  expect(csv.status()).toBe(403);
  expect(await csv.text()).not.toContain("@example.com");
});
