/**
 * "The afternoon never loses a patient", through the screens: a positive screen
 * who leaves before therapy goes back on the waitlist and the whole clinic sees
 * it (with undo); a cancelled clinic day puts a triage review back on the
 * review list, and the triage says so.
 */
import { formatLondon, londonToday } from "../../lib/schedule";
import { bookReviewToday, patientIdByName } from "./clinical-records";
import { checkInAtStation, DEMO_PASSWORD, expect, expectAccessible, login, test, type AccountKey } from "./fixtures";
import type { Page } from "@playwright/test";

function daysAhead(days: number): string {
  const [y, m, d] = londonToday().split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
const longDate = (iso: string) => formatLondon(new Date(`${iso}T12:00:00Z`), "EEEE d MMMM yyyy");
// Another weekday than the demo days and clinic-days.spec's, so nothing else is rostered then.
const REVIEW_DAY = daysAhead(67);

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
}

async function as(page: Page, who: AccountKey) {
  await page.context().clearCookies();
  await login(page, who);
}

async function asBuddy2(page: Page) {
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill("buddy2@example.nhs.uk");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/buddy");
}

/** The health buddy records (or, with a reason, amends) the PHQ-4 of a patient on their morning list. */
async function recordPhq4(page: Page, name: string, answers: number[], amendReason?: string) {
  await page.getByRole("link", { name }).click();
  for (const [index, value] of answers.entries()) {
    const group = page.getByRole("group").filter({ has: page.locator("legend", { hasText: new RegExp(`^${index + 1}\\.`) }) });
    await group.getByRole("radio", { name: new RegExp(`\\(${value}\\)$`) }).check();
  }
  if (amendReason) await page.getByLabel("Reason for amending the recorded PHQ-4").fill(amendReason);
  await page.getByRole("button", { name: amendReason ? "Save amendment" : "Save PHQ-4" }).click();
  return page.getByRole("status").filter({ hasText: "Saved." });
}

/**
 * Checked in at Tom Fletcher's station and screened positive (2, 2, 1, 1 = 6) by
 * him (Priya Shah's patients are left to the specs that use her); returns the patient's name.
 */
async function screenedPositive(page: Page): Promise<string> {
  const name = await checkInAtStation(page, "Tom Fletcher");
  await asBuddy2(page);
  await expect(await recordPhq4(page, name, [2, 2, 1, 1])).toContainText("Talking Therapies, then GP");
  await signOut(page);
  return name;
}

test("a positive screen who leaves before therapy is waitlisted, seen so by the therapist, the GP and the flow board, and the undo takes it back", async ({
  page,
}) => {
  test.slow();
  const name = await screenedPositive(page);

  await as(page, "therapist");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: `Did not attend or left ${name}` }).click();
  await row.getByLabel("Left before being seen").check();
  await row.getByLabel("Note (optional)").fill("Went home feeling unwell");
  await expectAccessible(page);
  await row.getByRole("button", { name: `Save for ${name}` }).click();
  await expect(row.getByRole("status")).toHaveText(`${name} is marked as having left before being seen and is back on the waitlist.`);
  await expect(row).toContainText("Left before being seen: Went home feeling unwell");
  await expect(page.getByRole("alert").filter({ hasText: "waiting for an appointment" })).toContainText(name);
  await expectAccessible(page);

  // The GP's summary says therapy has not happened.
  await as(page, "gp");
  await page.goto(`/gp/patients/${await patientIdByName(name)}`);
  await expect(page.getByTestId("therapy-waitlisted")).toHaveText("Talking Therapies: waitlisted");
  await expectAccessible(page);

  // The lead's flow board shows what was missed and the waitlist.
  await as(page, "lead");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  const board = page
    .getByRole("table", { name: /Where each patient is on/ })
    .getByRole("row")
    .filter({ hasText: name });
  await expect(board).toContainText("left before being seen");
  await expect(board).toContainText("Waitlisted: Talking Therapies");
  await page.goto("/waitlist");
  const entry = page.getByRole("row").filter({ hasText: name });
  await expect(entry).toContainText("Back on the list after a missed or cancelled appointment");
  await expectAccessible(page);

  // A mistake: the therapist undoes it, with a reason; the patient is off the waitlist again.
  await as(page, "therapist");
  const again = page.getByRole("table").getByRole("row").filter({ hasText: name });
  await again.getByRole("button", { name: `Undo ${name}` }).click();
  await again.getByRole("button", { name: `Undo for ${name}` }).click();
  await expect(again.getByRole("alert")).toContainText("Enter a reason");
  await again.getByLabel("Why undo it?").fill("She was in the waiting room after all");
  await again.getByRole("button", { name: `Undo for ${name}` }).click();
  await expect(again.getByRole("status")).toHaveText(`${name} is back to booked.`);
  await expect(again.getByRole("button", { name: `Call in ${name}` })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "waiting for an appointment" }).filter({ hasText: name })).toHaveCount(0);

  // She then declines therapy today: the therapist removes it, which gives the slot back for the afternoon's other patients.
  await page.getByRole("link", { name: "Change a patient's routing or move an appointment" }).click();
  await page.getByRole("button", { name: `Remove Talking Therapies for ${name}` }).click();
  await page.getByLabel("Reason (required, shown to staff)").fill("Declined therapy today; will self-refer");
  await page.getByRole("button", { name: "Remove Talking Therapies", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Talking Therapies removed for ${name}.` })).toBeVisible();
});

test("on the day of a triage review, a negative PHQ-4 keeps the review and books the GP after it; amendments after the review was seen keep it seen; cancelling the day of the next review puts it back on the review list", async ({
  page,
}) => {
  test.slow();
  // The lead adds a clinic day nine weeks ahead, for the next review.
  await login(page, "lead");
  await page.goto("/clinic-days");
  await page.getByLabel("Template").selectOption({ label: "Weekly multi-morbidity day (Multi-morbidity clinic)" });
  await page.getByLabel("First date").fill(REVIEW_DAY);
  await page.getByLabel("Number of weeks").fill("1");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Create 1 clinic day" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Created 1 clinic day" })).toBeVisible();
  await signOut(page);

  // Today's review was booked by an earlier triage. (One review uses one of the afternoon's six
  // Talking Therapies slots; the journey in whole-day.spec.ts needs another, so this spec takes no more.)
  await page.context().clearCookies();
  const name = await checkInAtStation(page, "Tom Fletcher");
  const reviewAt = await bookReviewToday(name);

  // The morning's PHQ-4 is negative: GP only, after the review, which stays.
  await asBuddy2(page);
  const routed = await recordPhq4(page, name, [0, 1, 1, 0]);
  await expect(routed).toContainText("GP only");
  await expect(routed.getByText(/^Talking Therapies at/)).toContainText(reviewAt);
  const gpAt = (await routed.getByText(/^GP at/).textContent())!.match(/\d\d:\d\d/)![0];
  expect(gpAt > reviewAt).toBe(true);
  await expectAccessible(page);

  // The therapist sees the review on her list, sees the patient and asks for another review on the new day.
  await as(page, "therapist");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Talking Therapies review from an earlier triage");
  await row.getByRole("button", { name: `Call in ${name}` }).click();
  await expect(row.getByRole("button", { name: `Finished ${name}` })).toBeVisible();
  await row.getByRole("link", { name }).click();
  await page.getByLabel("Presenting problems").fill("Low mood; wants to think about therapy");
  await page.getByLabel("Review at a later clinic").check();
  const reviewDay = page.getByLabel("Clinic day for the review");
  const option = reviewDay.locator("option").filter({ hasText: longDate(REVIEW_DAY).replace(/^\w+ /, "") });
  await reviewDay.selectOption({ value: (await option.getAttribute("value"))! });
  await page.getByRole("button", { name: "Save triage" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Triage saved." })).toContainText("Review booked");
  const triageUrl = page.url();
  await page.goto("/therapies");
  await row.getByRole("button", { name: `Finished ${name}` }).click();
  await expect(row).toContainText("Seen");

  // Amended afterwards, either way: what happened stays, and the GP appointment with it.
  await asBuddy2(page);
  await expect(await recordPhq4(page, name, [2, 2, 1, 1], "Read back to the patient: answers were wrong")).toContainText(
    "Talking Therapies, then GP",
  );
  await page.goto("/buddy");
  await expect(await recordPhq4(page, name, [0, 1, 0, 0], "Second read-back: first answers were right")).toContainText("GP only");
  await as(page, "therapist");
  await expect(page.getByRole("table").getByRole("row").filter({ hasText: name })).toContainText("Seen");
  await as(page, "lead");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  const board = page
    .getByRole("table", { name: /Where each patient is on/ })
    .getByRole("row")
    .filter({ hasText: name });
  await expect(board).toContainText(`Talking Therapies ${reviewAt}`);
  await expect(board).toContainText(`GP ${gpAt}`);

  // The lead cancels the day of the next review: it goes back on the review list.
  await as(page, "lead");
  await page.goto("/clinic-days");
  await page.getByRole("link", { name: `Manage ${longDate(REVIEW_DAY)}` }).click();
  await page.getByLabel("Reason for cancelling").fill("Building closed for repairs");
  await page.getByRole("button", { name: "Cancel this clinic day" }).click();
  const result = page.getByRole("status").filter({ hasText: "is cancelled." });
  await expect(result).toContainText(`${name}`);
  await expect(result).toContainText("cancelled, and back on the review list");
  await expectAccessible(page);
  await page.goto("/waitlist");
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Talking Therapies review");

  // The therapist's page for the triage tells the truth.
  await as(page, "therapist");
  await page.goto(triageUrl);
  await expect(page.getByText(/Review chosen for .*: on the review list \(Building closed for repairs\)\./)).toBeVisible();
  await expectAccessible(page);
});
