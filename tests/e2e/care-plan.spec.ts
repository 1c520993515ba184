import { checkInAtStation, DEMO_PASSWORD, expect, expectAccessible, login, test } from "./fixtures";
import { recordTriageToday } from "./clinical-records";
import { withDatabase } from "./database";

const A4_PRINTABLE_HEIGHT = ((297 - 30) / 25.4) * 96;
const londonDate = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return {
    iso: new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(d),
    uk: new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(d),
  };
};

test.describe.configure({ timeout: 240_000 });

test("the GP accepts the therapist's recommendation, names the key worker, books the review and finalises; the key worker sees the patient", async ({
  page,
  context,
}) => {
  // The morning: checked in at Priya Shah's station, PHQ-4 of 6 routes Talking Therapies then GP. A patient the demo
  // data already gave a care plan would open on the final plan, not the editor: they are left out.
  const withPlans = await withDatabase(async (client) =>
    (
      await client.query<{ name: string }>(
        `select distinct p."givenName" || ' ' || p."familyName" as name from "CarePlan" c join "Patient" p on p.id = c."patientId"`,
      )
    ).rows.map((r) => r.name),
  );
  const name = await checkInAtStation(page, "Priya Shah", { notNamed: withPlans });
  await login(page, "buddy");
  await page.getByRole("link", { name }).click();
  for (const [index, value] of [2, 1, 2, 1].entries()) {
    const group = page.getByRole("group").filter({ has: page.locator("legend", { hasText: new RegExp(`^${index + 1}\\.`) }) });
    await group.getByRole("radio", { name: new RegExp(`\\(${value}\\)$`) }).check();
  }
  await page.getByRole("button", { name: "Save PHQ-4" }).click();
  const outcome = page.getByRole("status").filter({ hasText: "Saved." });
  await expect(outcome).toContainText("PHQ-4 total 6 ≥ 3: Talking Therapies, then GP");
  const gpName = ((await outcome.getByText(/^GP at/).textContent()) ?? "").match(/with (.+)$/)?.[1]?.trim();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // The therapist's triage (written by the Talking Therapies screens) recommends one thing.
  const recommendation = "Guided self-help for low mood (step 2)";
  await recordTriageToday(name, [recommendation]);

  // The GP whose column the patient is in opens them from the GP home page.
  await context.clearCookies();
  if (gpName === "Dr Aisha Begum") {
    await page.goto("/login");
    await page.getByLabel("Email").fill("gp2@example.nhs.uk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/gp");
  } else {
    await login(page, "gp");
  }
  await page.getByRole("link", { name: `${name}: summary and care plan` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "PHQ-4" })).toContainText("6 of 12");
  await expect(page.getByRole("region", { name: "Talking Therapies" })).toContainText(recommendation);

  await page.getByLabel(`What matters to ${name}`).fill("Getting out to the shops on my own again");
  await page.getByLabel("Goals, in the person’s words").fill("Walk to the corner shop by myself");
  await page.getByRole("button", { name: "Add an action" }).click();
  const action = page.getByRole("group", { name: "Action 1" });
  await action.getByLabel("Kind").selectOption("SOCIAL");
  await action.getByLabel("Who").fill("Key worker, with me");
  await action.getByLabel("What").fill("Try the community transport scheme");
  await action.getByLabel("By when").fill(londonDate(14).iso);
  await page.getByRole("group", { name: recommendation }).getByRole("radio", { name: "Accept into the plan" }).check();

  // Finalising without a key worker is refused with a clear message.
  await page.getByRole("button", { name: "Finalise care plan" }).click();
  await page.getByRole("button", { name: "Yes, finalise" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
    "Name the key worker before finalising the care plan",
  );

  await page.getByLabel("Key worker").selectOption({ label: "Priya Shah" });
  const review = londonDate(7);
  await page.getByLabel("Next review date").fill(review.iso);
  await page.getByLabel("Book the review into").selectOption({ index: 1 });
  const reviewDayId = await page.getByLabel("Book the review into").inputValue();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Draft saved" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Finalise care plan" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Priya Shah keeps in touch until the review");
  await page.getByRole("button", { name: "Yes, finalise" }).click();
  await expect(page.getByText("Version 1, final.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Care plan history" })).toContainText("Final (current)");
  await expect(page.getByRole("button", { name: "Revise: start version 2" })).toBeVisible();
  await expectAccessible(page);

  // The patient's printed copy: plain words, one or two A4 pages, no accessibility violations.
  await page.getByRole("link", { name: "Print the patient’s copy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your care and support plan" })).toBeVisible();
  await expect(page.getByText(recommendation)).toBeVisible();
  await expect(page.getByText(/Your key worker is Priya Shah/)).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: Math.round(((210 - 30) / 25.4) * 96), height: 1200 });
  const height = await page.evaluate(() => document.querySelector("article")!.getBoundingClientRect().height);
  expect(height).toBeLessThan(2 * A4_PRINTABLE_HEIGHT);
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(2);
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // The key worker sees the patient on their caseload, the first contact due by the review date.
  await context.clearCookies();
  await login(page, "buddy");
  await page.getByRole("link", { name: /key-worker caseload/ }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(review.uk);
  await expectAccessible(page);
  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("status").filter({ hasText: "Next contact due" })).toHaveText(`Next contact due on ${review.uk}.`);
  await page.getByRole("radio", { name: "Phone call" }).check();
  await page.getByLabel("Notes").fill("Called: has the community transport number");
  await page.getByLabel("Next contact due").fill(londonDate(3).iso);
  await page.getByRole("button", { name: "Record contact" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Next contact due" })).toHaveText(`Next contact due on ${londonDate(3).uk}.`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // Reception sees the booked review on that clinic day, and the link fills in the booking search.
  await context.clearCookies();
  await login(page, "reception");
  await page.goto(`/clinic-days/${reviewDayId}`);
  const due = page
    .getByRole("table", { name: /due a care review/ })
    .getByRole("row")
    .filter({ hasText: name });
  await expect(due).toContainText("The GP booked the review into this day");
  await expectAccessible(page);
  await due.getByRole("link", { name: `Book ${name} a morning slot` }).click();
  await expect(page).toHaveURL(/\?book=\d{10}/);
  await page
    .getByRole("button", { name: /^Book \d\d:\d\d/ })
    .first()
    .click();
  await expect(page.getByLabel("Find the patient by name or NHS number")).toHaveValue(/^\d{10}$/);
});
