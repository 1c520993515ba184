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

test("the clinic lead adds a perinatal mental health partner, who signs in to the huddle; a partner without a service is refused", async ({
  page,
  browser,
}) => {
  await login(page, "lead");
  await page.goto("/lead/staff");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add member of staff" }) });
  await form.getByLabel("Full name").fill("Dr Ada Okafor");
  await form.getByLabel("Email address").fill("ada.okafor@example.nhs.uk");
  await form.getByLabel("Mental health partner").check();
  const password = "lantern quietly orchard 42";
  await form.getByLabel("First password").fill(password);
  await form.getByRole("button", { name: "Add member of staff" }).click();
  const summary = page.getByRole("alert", { name: "There is a problem" });
  await expect(summary).toContainText("Choose the service the partner represents");
  await summary.getByRole("link", { name: "Choose the service the partner represents" }).click();
  await expect(form.getByLabel("Service the partner represents")).toBeFocused();
  await expectAccessible(page);

  await form.getByLabel("Service the partner represents").selectOption({ label: "Perinatal mental health" });
  await form.getByRole("button", { name: "Add member of staff" }).click();
  await expect(form.getByRole("status")).toHaveText("Dr Ada Okafor can now sign in with ada.okafor@example.nhs.uk and the password you chose.");
  const row = page.getByRole("row").filter({ hasText: "ada.okafor@example.nhs.uk" });
  await expect(row).toContainText("Mental health partner");
  await expect(row).toContainText("Perinatal mental health");

  const theirs = await browser.newContext();
  const partner = await theirs.newPage();
  await partner.goto("/login");
  await partner.getByLabel("Email").fill("ada.okafor@example.nhs.uk");
  await partner.getByLabel("Password").fill(password);
  await partner.getByRole("button", { name: "Sign in", exact: true }).click();
  await partner.waitForURL("**/huddle");
  // Not listed for any huddle yet: they see none, and never the register.
  await partner.goto("/patients");
  await expect(partner.getByRole("heading", { level: 1 })).toHaveText("You do not have access to that page");
  await theirs.close();
});
