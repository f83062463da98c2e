// Signing up and in through the real forms, as a person does.
import { expect, type Page } from "@playwright/test";

export async function signUpThroughForm(page: Page, name: string, email: string, password: string) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).not.toHaveURL(/\/signup/, { timeout: 15_000 });
}

/** Fills and sends the sign-in form; `expectSignedIn: false` leaves checking the outcome to the caller. */
export async function signInThroughForm(page: Page, email: string, password: string, expectSignedIn = true) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (expectSignedIn) await expect(page).not.toHaveURL(/\/signin/, { timeout: 15_000 });
}
