import { ACCOUNTS, expect, expectAccessible, login, test, type AccountKey } from "./fixtures";

for (const who of Object.keys(ACCOUNTS) as AccountKey[]) {
  test(`${who} signs in and lands on their home page with the demo's real clinic days or huddles`, async ({ page }) => {
    await login(page, who);
    await expect(page).toHaveURL(new RegExp(`${ACCOUNTS[who].home}$`));
    await expect(page.getByRole("heading", { level: 1, name: ACCOUNTS[who].heading })).toBeVisible();
    if (who === "partner") {
      // A mental health partner's home is the huddle: the demo PCN's weekly huddles they are listed for, never clinic days.
      await expect(page.getByRole("region", { name: "Huddles to come" }).getByRole("listitem").first()).toBeVisible();
      await expect(page.getByRole("region", { name: "Today" })).toHaveCount(0);
    } else {
      // The demo data has a clinic day today and weekly ones ahead.
      await expect(page.getByRole("region", { name: "Today" }).getByRole("article")).toHaveCount(1);
    }
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectAccessible(page);
  });
}

test("a wrong password is refused with one plain message", async ({ page }) => {
  await login(page, "gp", "not-the-right-password");
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Email or password is incorrect");
  await expect(page).toHaveURL(/\/login$/);
  await expectAccessible(page);
});

test("a visitor without a session is sent to sign in", async ({ page }) => {
  for (const path of ["/", "/reception", "/lead", "/account"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login$/);
  }
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a role cannot open another role's home page", async ({ page }) => {
  await login(page, "reception");
  await page.goto("/gp");
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole("heading", { name: "You do not have access to that page" })).toBeVisible();
});

test("sign out ends the session", async ({ page, context }) => {
  await login(page, "buddy");
  const before = (await context.cookies()).find((c) => c.name.includes("next-auth.session-token"));
  expect(before).toBeDefined();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  await page.goto("/buddy");
  await expect(page).toHaveURL(/\/login$/);

  // The old cookie, replayed, no longer opens anything: the session ended on the server.
  await context.addCookies([before!]);
  await page.goto("/buddy");
  await expect(page).toHaveURL(/\/login$/);
});

test("pages carry a strict Content-Security-Policy and run without violating it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/login");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(response?.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await login(page, "lead");
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect(violations).toEqual([]);
});
