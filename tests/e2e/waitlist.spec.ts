import { expect, expectAccessible, login, test } from "./fixtures";

test("the clinic lead opens the waitlist and today's afternoon routing", async ({ page }) => {
  await login(page, "lead");
  await page.getByRole("link", { name: "Open the waitlist" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Waitlist" })).toBeVisible();
  // The demo data records no PHQ-4, so nobody waits unless another test filled an afternoon.
  await expect(page.getByText("Nobody is on the waitlist.").or(page.getByRole("table"))).toBeVisible();
  await expectAccessible(page);

  await page.goto("/lead");
  await page
    .getByRole("link", { name: /^Today's afternoon routing/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Afternoon routing, / })).toBeVisible();
  await expect(
    page.getByText("Nobody has been routed on this day yet.").or(page.getByRole("heading", { name: "Routing decisions" }).first()),
  ).toBeVisible();
  await expectAccessible(page);
});
