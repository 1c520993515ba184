import type { Page } from "@playwright/test";
import { ACCOUNTS, expect, expectAccessible, login, test } from "./fixtures";
import { OIDC_TEST } from "./oidc-settings";

const button = `Sign in with ${OIDC_TEST.name}`;

/** From Clinic Day's sign-in page through the test identity provider's own login page and back. */
async function signInThroughProvider(page: Page, loginName: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: button }).click();
  await page.waitForURL(`${OIDC_TEST.issuer}/**`);
  await page.locator('input[name="login"]').fill(loginName);
  await page.locator('input[name="password"]').fill("any password: the test provider checks none");
  await page.locator('button[type="submit"]').click();
}

test("the sign-in page offers the identity provider beside email and password", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: button })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectAccessible(page);
});

test("a member of staff signs in through the identity provider, matched by email, and lands on their home page", async ({ page, context }) => {
  await signInThroughProvider(page, "therapist");
  await page.waitForURL(`**${ACCOUNTS.therapist.home}`);
  await expect(page.getByRole("heading", { level: 1, name: ACCOUNTS.therapist.heading })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText(ACCOUNTS.therapist.email, { exact: true })).toBeVisible();

  // The same server-side session as a password sign-in: signing out ends it, and the replayed cookie opens nothing.
  const cookie = (await context.cookies()).find((c) => c.name.includes("next-auth.session-token"));
  expect(cookie).toBeDefined();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL("**/login");
  await context.addCookies([cookie!]);
  await page.goto(ACCOUNTS.therapist.home);
  await expect(page).toHaveURL(/\/login$/);
});

test("someone the identity provider knows but Clinic Day does not is refused with a plain message", async ({ page }) => {
  await signInThroughProvider(page, "stranger");
  await page.waitForURL("**/login?error=**");
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    `You signed in with ${OIDC_TEST.name}, but there is no active Clinic Day account for that email address. Ask the clinic lead to add you with the same email address, or to reactivate your account.`,
  );
  await page.goto("/therapies");
  await expect(page).toHaveURL(/\/login$/);
  await expectAccessible(page);
});

test("email and password still work when the identity provider is offered", async ({ page }) => {
  await login(page, "reception");
  await expect(page).toHaveURL(/\/reception$/);
});
