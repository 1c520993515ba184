import { readFileSync } from "node:fs";
import { expect, expectAccessible, login, test } from "./fixtures";

async function openToday(page: import("@playwright/test").Page) {
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Day list" })).toBeVisible();
}

test("reception downloads the day list as CSV without clinical columns, and a patient's calendar file", async ({ page }) => {
  await login(page, "reception");
  await openToday(page);
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download day list (CSV)" }).click();
  const csv = readFileSync(await (await csvDownload).path(), "utf8");
  expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(/^appointment_start,station,given_name,family_name,nhs_number,date_of_birth/);
  expect(csv).not.toContain("phq4_total");
  expect(page.getByRole("link", { name: /^FHIR record/ })).toHaveCount(0);

  const icsDownload = page.waitForEvent("download");
  await page
    .getByRole("link", { name: /^Calendar file of / })
    .first()
    .click();
  const ics = readFileSync(await (await icsDownload).path(), "utf8");
  expect(ics).toContain("BEGIN:VEVENT");
  await expectAccessible(page);
});

test("a GP downloads a patient's clinic day as a FHIR Bundle, and their own day as a calendar file", async ({ page }) => {
  await login(page, "gp");
  const myDay = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download your sessions for today/ }).click();
  expect(readFileSync(await (await myDay).path(), "utf8")).toContain("BEGIN:VCALENDAR");

  await openToday(page);
  const href = await page
    .getByRole("link", { name: /^FHIR record/ })
    .first()
    .getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/fhir+json");
  const bundle = (await response.json()) as { resourceType: string; type: string; entry: Array<{ resource: { resourceType: string } }> };
  expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
  expect(bundle.entry.map((e) => e.resource.resourceType)).toContain("Patient");
  // Named by ids only, never by NHS number (a random id's hex may hold ten digits in a row, so match the whole shape).
  expect(href).toMatch(/^\/api\/patients\/[0-9a-f-]{36}\/clinic-days\/[0-9a-f-]{36}\/fhir$/);
});

test("the clinic lead sees the reminder outbox when no Notify key is set", async ({ page }) => {
  await login(page, "lead");
  await page.getByRole("link", { name: "Appointment reminders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Appointment reminders" })).toBeVisible();
  await expect(page.getByText("Nothing is being sent")).toBeVisible();
  await expect(page.getByRole("table")).toBeVisible();
  await page.getByRole("link", { name: /^Queued/ }).click();
  await expect(page).toHaveURL(/status=QUEUED/);
  await expectAccessible(page);
});
