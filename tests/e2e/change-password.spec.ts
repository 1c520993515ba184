import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectAccessible, test } from "./fixtures";

// A demo GP no other spec signs in as, so changing the password disturbs nothing else.
const EMAIL = "gp2@example.nhs.uk";
const NEW_PASSWORD = "Heron-Lantern-Copper-58";

async function signInAs(page: Page, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByLabel("Current password", { exact: true }).fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("New password again", { exact: true }).fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

test("changing the password signs out the person's other sessions and keeps this one", async ({ page, browser }) => {
  // Five sign-ins and two bcrypt (cost 12) password changes: on a busy 2-core machine this nears the default minute.
  test.slow();
  const otherDevice = await browser.newContext();
  const other = await otherDevice.newPage();
  await signInAs(other, DEMO_PASSWORD);
  await other.waitForURL("**/gp");

  await signInAs(page, DEMO_PASSWORD);
  await page.waitForURL("**/gp");
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();

  // A common password is refused with a reason, and nothing changes.
  await changePassword(page, DEMO_PASSWORD, "Password1234!");
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("This password is too common or too easy to guess");
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await changePassword(page, DEMO_PASSWORD, NEW_PASSWORD);
  await expect(page.getByRole("status").filter({ hasText: "changed" })).toHaveText("Your password is changed. 1 other session was signed out.");

  // The other device's next click goes to sign-in; this one carries on.
  await other.goto("/gp");
  await expect(other).toHaveURL(/\/login$/);
  await page.goto("/gp");
  await expect(page).toHaveURL(/\/gp$/);

  // The old password no longer opens the account; the new one does.
  await signInAs(other, DEMO_PASSWORD);
  await expect(other.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Email or password is incorrect");
  await signInAs(other, NEW_PASSWORD);
  await other.waitForURL("**/gp");
  await otherDevice.close();

  // Leave the demo account as it was.
  await page.goto("/account");
  await changePassword(page, NEW_PASSWORD, DEMO_PASSWORD);
  await expect(page.getByRole("status").filter({ hasText: "changed" })).toHaveText("Your password is changed. 1 other session was signed out.");
});
