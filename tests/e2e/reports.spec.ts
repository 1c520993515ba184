import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { expect, expectAccessible, login, test } from "./fixtures";

const PILOT_CLINIC = "Pilot scenario clinic (4 weeks)";
// A4 at 96 CSS pixels per inch, less the page's 10 mm margins.
const A4_PRINTABLE_WIDTH = Math.round(((210 - 20) / 25.4) * 96);

let period: { from: string; to: string };

/** `npm run scenario:pilot` against the running app's own embedded database, as a developer would run it. */
test.beforeAll(() => {
  const output = execFileSync(process.execPath, ["--import", "tsx", "scripts/scenario-pilot.ts"], {
    encoding: "utf8",
    env: { ...process.env, CLINIC_DATA_DIR: ".data/e2e", EMBEDDED_DB_PORT: process.env.E2E_DB_PORT ?? "54340", DATABASE_URL: "" },
    timeout: 180_000,
  });
  const match = /Clinic funnel: .*, (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(output);
  if (!match) throw new Error(`The pilot scenario printed no funnel:\n${output}`);
  period = { from: match[1], to: match[2] };
});

test.describe.configure({ timeout: 240_000 });

function stepCount(page: import("@playwright/test").Page, label: string) {
  return page
    .getByRole("table", { name: /^Clinic funnel, .* as a table$/ })
    .getByRole("row", { name: new RegExp(`^${label}`) })
    .getByRole("cell")
    .first();
}

test("the clinic lead opens the funnel for the pilot period, sees 12 / 8 / 6 / 4, downloads the CSV and prints a practice report", async ({
  page,
}) => {
  await login(page, "lead");
  await page.getByRole("main").getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reports");

  await page.getByLabel("From", { exact: true }).fill(period.from);
  await page.getByLabel("To", { exact: true }).fill(period.to);
  await page.getByLabel("Clinic", { exact: true }).selectOption({ label: PILOT_CLINIC });
  await page.getByRole("button", { name: "Show report" }).click();
  await expect(page.getByText(`${PILOT_CLINIC}, all practices`).first()).toBeVisible();

  await expect(stepCount(page, "Booked")).toHaveText("14");
  await expect(stepCount(page, "Attended")).toHaveText("12");
  await expect(stepCount(page, "PHQ-4 at or above threshold")).toHaveText("8");
  await expect(stepCount(page, "Seen by Talking Therapies")).toHaveText("8");
  await expect(stepCount(page, "Brought into the service")).toHaveText("6");
  await expect(stepCount(page, "Went on to treatment")).toHaveText("4");
  // The chart says the same in words.
  await expect(page.getByRole("figure").getByText("75% of previous step")).toBeVisible();
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the funnel (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`funnel-${period.from}-to-${period.to}.csv`);
  const text = readFileSync((await file.path())!, "utf8").replace(/^\uFEFF/, "");
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  expect(rows.map((r) => [r.step, r.patients])).toEqual([
    ["booked", "14"],
    ["attended", "12"],
    ["screened_positive", "8"],
    ["seen_by_talking_therapies", "8"],
    ["brought_into_service", "6"],
    ["went_on_to_treatment", "4"],
  ]);
  expect(rows[0]).toMatchObject({ period_from: period.from, period_to: period.to, clinic: PILOT_CLINIC });

  // The practice with most pilot patients' monthly newsletter, for the month the period ends in.
  await page.getByRole("region", { name: "Funnel by practice, scrollable" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(
    /: (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/,
  );
  await expect(page.getByRole("heading", { name: "Referrals into Talking Therapies" })).toBeVisible();
  await expectAccessible(page);

  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: A4_PRINTABLE_WIDTH, height: 1200 });
  await expect(page.getByRole("button", { name: "Print practice report" })).toBeHidden();
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
});

test("the referral huddle's figures: the demo's past huddles in the last four weeks, as tables and as CSV", async ({ page }) => {
  await login(page, "lead");
  await page.goto("/reports");
  const section = page.getByRole("region", { name: "Referral huddle" });
  await expect(section.getByRole("heading", { level: 2, name: "Referral huddle" })).toBeVisible();
  const destinations = section.getByRole("table", { name: /^Where the huddle's decided cases went/ });
  // Every destination has its row, deferral is not one of them.
  await expect(destinations.getByRole("row")).toHaveCount(9);
  await expect(destinations.getByRole("row", { name: /^Deferred/ })).toHaveCount(0);
  const days = section.getByRole("table", { name: /^Days through the huddle/ });
  await expect(days.getByRole("row", { name: /^Days from decision to acceptance/ })).toBeVisible();
  // The demo leaves two referrals from past huddles waiting past their accept-by date.
  const referrals = section.getByRole("table", { name: /^Referrals from the huddle/ });
  await expect(
    referrals
      .getByRole("row", { name: /^Of those, past their accept-by date/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("2");
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await section.getByRole("link", { name: "Download the referral huddle figures (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^huddle-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = Papa.parse<Record<string, string>>(readFileSync((await file.path())!, "utf8").replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: true,
  }).data;
  expect(rows.filter((r) => r.measure === "destination")).toHaveLength(8);
  expect(rows.find((r) => r.item === "overdue")).toMatchObject({ count: "2" });
  expect(Number(rows.find((r) => r.item === "brought")!.count)).toBeGreaterThanOrEqual(11);
});

test("a GP sees the reports by practice, and a bad period is named without a report", async ({ page }) => {
  await login(page, "gp");
  await page.getByRole("main").getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "By practice" })).toBeVisible();
  await page.getByLabel("From", { exact: true }).fill("2026-05-10");
  await page.getByLabel("To", { exact: true }).fill("2026-05-01");
  await page.getByRole("button", { name: "Show report" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("The start date must be on or before the end date");
  await expect(page.getByRole("heading", { name: "Clinic funnel" })).toHaveCount(0);
  await expectAccessible(page);
});

test("reception has no reports", async ({ page }) => {
  await login(page, "reception");
  await expect(page.getByRole("link", { name: "Reports" })).toHaveCount(0);
  await page.goto("/reports");
  await expect(page).toHaveURL(/\/forbidden$/);
});
