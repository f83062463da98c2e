import { expect, test, type Page } from "@playwright/test";
// The engine is pure TypeScript: the test computes the expected numbers itself, independently of the page.
import { generateVariant, parseAnswer, solve, type Instance, type Solution, type Target } from "../../lib/backprop";

const PRESET = "question-relu";
const SEED = 12345;
const PROBLEM = `/practice/${PRESET}?seed=${SEED}`;

const shot = (page: Page, project: string, name: string) =>
  page.screenshot({ path: `tests/e2e/screenshots/practice-${project}-${name}.png`, fullPage: true });

/** Nothing sticks out sideways. Compared with the configured viewport: a mobile browser widens its layout viewport to fit. */
async function expectNoSidewaysOverflow(page: Page) {
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** The true value(s) of a part, straight from the forward/backward pass. */
function trueValues(instance: Instance, s: Solution, part: Target): number[] {
  switch (part.kind) {
    case "J":
      return [s.J];
    case "z":
      return [s.z[String(part.l)][part.j - 1]];
    case "a":
      return [s.a[String(part.l)][part.j - 1]];
    case "delta":
      return [s.delta[String(part.l)][part.j - 1]];
    case "grad":
      return part.j === undefined ? s.grad[String(part.l)].flat() : [s.grad[String(part.l)][part.j - 1][part.k]];
    case "update": {
      const w = instance.theta[String(part.l)][part.j - 1][part.k];
      return [w - (part.alpha ?? 0.1) * s.grad[String(part.l)][part.j - 1][part.k]];
    }
  }
}

/** A number as a student would type it: up to 6 significant digits. */
const typed = (v: number) => String(Number(v.toPrecision(6)));

test("practice list leads to a reproducible variant", async ({ page }, testInfo) => {
  await page.goto("/practice");
  await expect(page.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  const card = page.getByRole("link", { name: /The question's network/ });
  await expect(card).toBeVisible();
  await expect(card).toContainText("2-3-2");
  await expectNoSidewaysOverflow(page);
  await shot(page, testInfo.project.name, "list");

  await card.click();
  await expect(page).toHaveURL(new RegExp(`/practice/${PRESET}\\?seed=\\d+$`));
  const seed = Number(new URL(page.url()).searchParams.get("seed"));
  expect(seed).toBeGreaterThanOrEqual(1);
  expect(seed).toBeLessThanOrEqual(999999);
  await expect(page.getByText(`#${seed}`)).toBeVisible();
  await expect(page.getByRole("img", { name: /Network with layers 2-3-2/ })).toBeVisible();
});

test("a fixed variant grades, diagnoses and explains", async ({ page }, testInfo) => {
  const project = testInfo.project.name;
  const { instance, parts } = generateVariant(PRESET, SEED);
  const s = solve(instance);
  const deltaIndex = parts.findIndex((p) => p.kind === "delta" && p.l === 3);
  expect(deltaIndex).toBeGreaterThanOrEqual(0);
  const deltaPart = parts[deltaIndex] as Extract<Target, { kind: "delta" }>;
  const trueDelta = s.delta["3"][deltaPart.j - 1];
  const signFlipped = -trueDelta;
  const jIndex = parts.findIndex((p) => p.kind === "J");

  await page.goto(PROBLEM);
  await expect(page.getByRole("heading", { level: 1, name: "The question's network" })).toBeVisible();
  await expect(page.getByText(`#${SEED}`)).toBeVisible();
  await expect(page.getByRole("link", { name: "New variant" })).toHaveAttribute("href", new RegExp(`/practice/${PRESET}\\?seed=\\d+`));
  await expect(page.getByRole("textbox", { name: "Link to this variant" })).toHaveValue(new RegExp(`/practice/${PRESET}\\?seed=${SEED}$`));
  const diagram = page.getByRole("img", { name: /Network with layers 2-3-2/ });
  await expect(diagram).toBeVisible();
  await expect(diagram.locator("text", { hasText: "+1" })).toHaveCount(2);
  // The "Given" block: names typeset by KaTeX on the server, the numbers of each vector and matrix as a table.
  await expect(page.locator("#given-heading").locator("..").locator(".katex").first()).toBeVisible();
  const typeset = (v: number) => String(v).replace(/^-/, "\u2212"); // hand-friendly numbers: String writes them as shown
  for (const l of Object.keys(instance.theta)) {
    await expect(page.getByRole("group", { name: `weights Θ(${l})` }).getByRole("row")).toHaveText(instance.theta[l].map((row) => row.map(typeset).join("")));
  }
  await expect(page.getByRole("group", { name: "input x" }).getByRole("row")).toHaveText(instance.x.map(typeset));
  await expect(page.getByRole("group", { name: "target y" }).getByRole("row")).toHaveText(instance.y.map(typeset));
  await expect(page.getByText("column 0 is the bias")).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "problem");

  // Part J, answered right, then the δ^(3) part with its sign flipped.
  if (jIndex >= 0) {
    const jPart = page.getByRole("region", { name: `Part ${jIndex + 1}`, exact: true });
    await jPart.getByRole("textbox").fill(typed(s.J));
    await jPart.getByRole("button", { name: "Check" }).click();
    await expect(jPart.locator("[aria-live=polite]")).toContainText("Correct");
  }
  const part = page.getByRole("region", { name: `Part ${deltaIndex + 1}`, exact: true });
  const input = part.getByRole("textbox");
  await input.fill(typed(signFlipped));
  await part.getByRole("button", { name: "Check" }).click();
  const feedback = part.locator("[aria-live=polite]");
  await expect(feedback).toContainText(/incorrect/i);
  await expect(feedback).toContainText("Sign flipped");
  await expect(feedback.locator("strong")).toContainText("Sign flipped");

  // A later part built on the flipped δ is recognised as carried forward, naming the part it came from.
  const gradIndex = parts.findIndex((p) => p.kind === "grad" && p.l === 3 && p.j === deltaPart.j);
  if (gradIndex > deltaIndex) {
    const gradPart = parts[gradIndex] as Extract<Target, { kind: "grad"; j: number }>;
    const input2 = gradPart.k === 0 ? 1 : s.a["2"][gradPart.k - 1];
    const carried = signFlipped * input2; // δ_j · a_k with the student's own δ
    const later = page.getByRole("region", { name: `Part ${gradIndex + 1}`, exact: true });
    await later.getByRole("textbox").fill(typed(carried));
    await later.getByRole("button", { name: "Check" }).click();
    const laterFeedback = later.locator("[aria-live=polite]");
    await expect(laterFeedback).toContainText(/consistent with your earlier/i);
    await expect(laterFeedback).toContainText(`part ${deltaIndex + 1}`);
  }
  await expectNoSidewaysOverflow(page);
  await shot(page, project, "feedback");

  // The true value, submitted with Enter.
  await input.fill(typed(trueDelta));
  await input.press("Enter");
  await expect(feedback).toContainText("Correct");
  await expect(feedback).not.toContainText(/incorrect/i);

  // Invalid input is reported, not graded.
  const invalid = parseAnswer("abc");
  expect(invalid.ok).toBe(false);
  await input.fill("abc");
  await part.getByRole("button", { name: "Check" }).click();
  await expect(feedback).toContainText(/not graded/i);
  if (!invalid.ok) await expect(feedback).toContainText(invalid.message);

  // The worked solution only arrives on request.
  await expect(part.locator("ol li h4")).toHaveCount(0);
  await part.getByRole("button", { name: "Show worked solution" }).click();
  const steps = part.locator("ol li");
  await expect(steps.first()).toBeVisible();
  expect(await steps.count()).toBeGreaterThanOrEqual(3);
  await expect(part.getByText(/Output error/).first()).toBeVisible();
  await expect(steps.locator(".katex").first()).toBeVisible();
  await expect(part.getByRole("button", { name: "Hide worked solution" })).toBeVisible();
  await expectNoSidewaysOverflow(page);
  await part.scrollIntoViewIfNeeded();
  await shot(page, project, "solution");
});

test("the problem page does not ship the answers", async ({ request }) => {
  const response = await request.get(PROBLEM);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain(String(SEED)); // the page is this variant's

  const { instance, parts } = generateVariant(PRESET, SEED);
  const s = solve(instance);
  const checked: string[] = [];
  for (const part of parts) {
    for (const value of trueValues(instance, s, part)) {
      for (const digits of [4, 6]) {
        const text = String(Number(value.toPrecision(digits)));
        const significant = text.replace(/^-?0*\.?0*/, "").replace(".", "");
        if (significant.length < 3) continue; // 0, 1, 0.5 …: too short to mean anything
        checked.push(text);
        expect(html, `the value ${text} of ${part.kind} must not be in the page`).not.toContain(text);
        expect(html).not.toContain(text.replace("-", "\u2212"));
      }
    }
  }
  expect(checked.length).toBeGreaterThan(4);
});

test("whole-matrix parts use a grid of inputs", async ({ page }, testInfo) => {
  const preset = "deep-4-3-3-2";
  const seed = 5;
  const { instance, parts } = generateVariant(preset, seed);
  const index = parts.findIndex((p) => p.kind === "grad" && p.j === undefined);
  expect(index).toBeGreaterThanOrEqual(0);
  const target = parts[index] as Extract<Target, { kind: "grad" }>;
  const grad = solve(instance).grad[String(target.l)];

  await page.goto(`/practice/${preset}?seed=${seed}`);
  const part = page.getByRole("region", { name: `Part ${index + 1}`, exact: true });
  const cells = part.getByRole("textbox");
  await expect(cells).toHaveCount(grad.length * grad[0].length);
  await expect(part.getByRole("columnheader", { name: "k = 0 (bias)" })).toBeVisible();
  let n = 0;
  for (const row of grad) for (const v of row) await cells.nth(n++).fill(typed(v));
  // An unreadable cell is pointed out, and nothing is graded.
  await cells.nth(2).fill("x");
  await part.getByRole("button", { name: "Check matrix" }).click();
  await expect(part.locator("[aria-live=polite]")).toContainText(/not graded/i);
  await expect(cells.nth(2)).toHaveAttribute("data-status", "invalid");
  await cells.nth(2).fill(typed(grad[0][2]));
  // One wrong cell: the rest still count.
  await cells.nth(1).fill(typed(grad[0][1] + 1));
  await part.getByRole("button", { name: "Check matrix" }).click();
  const feedback = part.locator("[aria-live=polite]");
  await expect(feedback).toContainText(`${grad.length * grad[0].length - 1} of ${grad.length * grad[0].length} entries correct`);
  await expect(cells.nth(1)).toHaveAttribute("data-status", "incorrect");
  await expect(cells.nth(0)).toHaveAttribute("data-status", "correct");
  await expectNoSidewaysOverflow(page);
  await shot(page, testInfo.project.name, "matrix");

  await cells.nth(1).fill(typed(grad[0][1]));
  await cells.nth(1).press("Enter");
  await expect(feedback).toContainText("Correct");
});

test("unknown presets are 404 and bad seeds get a friendly page", async ({ page, request }) => {
  const missing = await request.get("/practice/no-such-preset?seed=1");
  expect(missing.status()).toBe(404);

  const bare = await request.get(`/practice/${PRESET}`, { maxRedirects: 0 });
  expect([303, 307, 308]).toContain(bare.status());
  expect(bare.headers()["location"]).toMatch(new RegExp(`/practice/${PRESET}\\?seed=\\d+$`));

  await page.goto(`/practice/${PRESET}?seed=abc`);
  await expect(page.getByRole("heading", { name: "That variant number does not work" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open a random variant" })).toBeVisible();
});
