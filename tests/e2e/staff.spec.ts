import { expect, expectAccessible, login, test } from "./fixtures";

test("the clinic lead ends a GP's session: the GP's next click goes to sign-in", async ({ page, browser }) => {
  const surgery = await browser.newContext();
  const gp = await surgery.newPage();
  await login(gp, "gp");

  await login(page, "lead");
  await page.getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
  await expectAccessible(page);
  const row = page.getByRole("row").filter({ hasText: "gp@example.nhs.uk" });
  await row.getByRole("button", { name: "End sessions of Dr James Whitfield" }).click();
  await expect(row.getByRole("status")).toHaveText("Dr James Whitfield is signed out everywhere.");

  await gp.goto("/gp");
  await expect(gp).toHaveURL(/\/login$/);
  await surgery.close();
});
