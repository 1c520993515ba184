import { readFileSync } from "node:fs";
import { expect, expectAccessible, login, test } from "./fixtures";

test("the clinic lead sees who has looked at a patient's record and downloads it as CSV", async ({ page }) => {
  // Reception opens a demo patient's record, which the audit trail must then show.
  await login(page, "reception");
  await page.goto("/patients");
  await page.getByLabel("Name, NHS number or date of birth").fill("999 000 0018");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  await login(page, "lead");
  await page.getByRole("link", { name: "Audit trail" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  await page.getByRole("button", { name: "Search the audit trail" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Search by" })).toContainText("Search by a patient's NHS number");

  await page.getByLabel("Patient's NHS number").fill("999 000 0018");
  await page.getByRole("button", { name: "Search the audit trail" }).click();
  const results = page.getByRole("table", { name: "Audit events matching the search" });
  await expect(results.getByRole("row").filter({ hasText: "patient.view" }).filter({ hasText: "Sam Reid" }).first()).toBeVisible();
  await expect(page).not.toHaveURL(/9990000018|999%20000/);
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download as CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0].replace(/^\uFEFF/, "")).toBe(
    "at_utc,staff_name,staff_email,action,outcome,patient_name,nhs_number,record_type,record_id,from_address",
  );
  expect(csv).toContain("patient.view");
  expect(csv).toContain("9990000018");
});
