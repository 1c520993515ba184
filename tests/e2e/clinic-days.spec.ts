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
  // Two templates, a series, a swap and a change of times, with two accessibility scans: more than 60 s on a busy runner.
  test.slow();
  await login(page, "lead");
  await page.goto("/lead/templates");
  await expect(page.getByRole("heading", { level: 1, name: "Clinic templates" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Weekly multi-morbidity day/ })).toContainText("Morning wrap-around 09:00–12:00");
  await expectAccessible(page);

  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New clinic template" })).toBeVisible();
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Name the template");
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

  // Swap the GP on the first new day, and change the Talking Therapies times (no bookings yet).
  const first = longDate(SERIES_START);
  await upcoming.getByRole("link", { name: `Manage ${first}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Manage ${first}` })).toBeVisible();
  await page.getByLabel("Swap GP 1 of GP to").selectOption({ label: "Dr Aisha Begum" });
  await page.getByRole("button", { name: "Swap GP 1 of GP" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Dr Aisha Begum is now rostered." })).toBeVisible();
  await expect(page.getByRole("row", { name: /^GP 1/ })).toContainText("Dr Aisha Begum");
  const therapies = page.getByRole("group", { name: "Change the times of the Talking Therapies session on this day" });
  await therapies.getByLabel("Ends (London time)").fill("15:00");
  await therapies.getByRole("button", { name: /Change times/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Talking Therapies now runs 13:00–15:00." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: /Talking Therapies 13:00–15:00/ })).toBeVisible();
  await expectAccessible(page);
});

test("a swap to someone already rostered is refused with their name", async ({ page }) => {
  await login(page, "lead");
  await page.goto("/clinic-days");
  await page
    .getByRole("region", { name: "Upcoming clinic days" })
    .getByRole("link", { name: `Manage ${longDate(londonToday())}` })
    .click();
  await page.getByLabel("Swap GP 1 of GP to").selectOption({ label: "Dr Aisha Begum" });
  await page.getByRole("button", { name: "Swap GP 1 of GP" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Dr Aisha Begum is already rostered in this session.");
  await expect(page.getByRole("row", { name: /^GP 1/ })).toContainText("Dr James Whitfield");
});

test("a health buddy sees clinic days but cannot create or manage them", async ({ page }) => {
  await login(page, "buddy");
  await page.goto("/clinic-days");
  await expect(page.getByRole("heading", { level: 1, name: "Clinic days" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Create clinic days" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Manage / })).toHaveCount(0);
  const open = page.getByRole("link", { name: `Open ${longDate(londonToday())}` });
  const href = await open.getAttribute("href");
  await expectAccessible(page);
  await page.goto(`${href}/manage`);
  await expect(page).toHaveURL(/\/forbidden$/);
  await page.goto("/lead/templates");
  await expect(page).toHaveURL(/\/forbidden$/);
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
