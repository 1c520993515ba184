import { formatLondon, londonToday } from "../../lib/schedule";
import { expect, expectAccessible, login, test } from "./fixtures";

/** A London calendar date `days` after today (calendar arithmetic, no clock changes). */
function daysAhead(days: number): string {
  const [y, m, d] = londonToday().split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
const longDate = (iso: string) => formatLondon(new Date(`${iso}T12:00:00Z`), "EEEE d MMMM yyyy");

// The demo days fall on today's weekday from four weeks ago to four weeks ahead;
// these dates are on another weekday and later, so they are free.
const SERIES_START = daysAhead(37);
const SINGLE_DAY = daysAhead(60);

test("the clinic lead creates a template and a three-week series, listed at 09:00", async ({ page }) => {
  await login(page, "lead");
  await page.goto("/lead/templates");
  await expect(page.getByRole("heading", { level: 1, name: "Clinic templates" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Weekly multi-morbidity day/ })).toContainText("Morning wrap-around 09:00–12:00");
  await expectAccessible(page);

  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New clinic template" })).toBeVisible();
  await page.getByLabel("Template name").fill("Midweek day");
  await page.getByRole("group", { name: "Session 1: Morning wrap-around" }).getByLabel("Priya Shah").check();
  await page.getByRole("group", { name: "Session 2: Talking Therapies" }).getByLabel("Maria Costa").check();
  await page.getByRole("group", { name: "Session 3: GP" }).getByLabel("Dr James Whitfield").check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save template" }).click();
  await page.waitForURL("**/lead/templates");
  await expect(page.getByRole("row", { name: /Midweek day/ })).toContainText("GP 13:30–17:00, 20-minute slots, 1 column");

  await page.goto("/clinic-days");
  await expect(page.getByRole("heading", { level: 1, name: "Clinic days" })).toBeVisible();
  await page.getByLabel("Template").selectOption({ label: "Midweek day (Multi-morbidity clinic)" });
  await page.getByLabel("First date").fill(SERIES_START);
  await page.getByLabel("Number of weeks").fill("3");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: /Check before creating/ });
  await expect(preview.getByRole("row")).toHaveCount(4);
  for (const row of await preview.getByRole("row").filter({ hasText: "Morning wrap-around" }).all()) {
    await expect(row).toContainText("Morning wrap-around 09:00–12:00");
  }
  await expectAccessible(page);
  await preview.getByRole("button", { name: "Create 3 clinic days" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created 3 clinic days" })).toBeVisible();

  const upcoming = page.getByRole("region", { name: "Upcoming clinic days" });
  for (const date of [SERIES_START, daysAhead(44), daysAhead(51)]) {
    await expect(upcoming.getByRole("row", { name: new RegExp(longDate(date)) })).toContainText("09:00–17:00");
  }
  await expectAccessible(page);
});

test("reception cancels an upcoming clinic day without bookings, with a reason", async ({ page }) => {
  await login(page, "reception");
  await page.goto("/clinic-days");
  await page.getByLabel("Template").selectOption({ label: "Weekly multi-morbidity day (Multi-morbidity clinic)" });
  await page.getByLabel("First date").fill(SINGLE_DAY);
  await page.getByLabel("Number of weeks").fill("1");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Create 1 clinic day" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created 1 clinic day" })).toBeVisible();

  const label = longDate(SINGLE_DAY);
  await page.getByRole("link", { name: `Manage ${label}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Manage ${label}` })).toBeVisible();
  await expect(page.getByText("This day has no active bookings, so it can be cancelled straight away.")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Cancel this clinic day" }).click();
  await expect(page.getByRole("region", { name: "Cancel this clinic day" }).getByRole("alert")).toContainText("Give a reason");
  await page.getByLabel("Reason for cancelling").fill("Building closed for repairs");
  await page.getByRole("button", { name: "Cancel this clinic day" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${label} is cancelled.` })).toContainText("It had no bookings.");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Back to clinic days" }).last().click();
  await expect(page.getByRole("region", { name: "Upcoming clinic days" }).getByRole("row", { name: new RegExp(label) })).toContainText("Cancelled");
});
