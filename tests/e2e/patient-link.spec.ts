import { generateTestNhsNumber } from "../../lib/nhs-number";
import { withDatabase } from "./database";
import { expect, expectAccessible, login, test } from "./fixtures";

// A patient of this spec's own (test number 960, clear of the demo patients and other specs'), so no shared demo
// patient is used up; added straight to the register, as an import would.
const NHS_NUMBER = generateTestNhsNumber(960);
const PHONE = { width: 320, height: 640 };

async function addOwnPatient(): Promise<string> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Patient" ("id", "nhsNumber", "givenName", "familyName", "dateOfBirth", "sex", "phone", "consentToTextReminders",
                              "longTermConditions", "practiceId", "updatedAt")
       SELECT gen_random_uuid(), $1, 'Linka', 'Selfbooker', '1957-05-14', 'FEMALE', '+447700900960', true, '{}', p."id", now()
       FROM "Practice" p JOIN "StaffUser" s ON s."pcnId" = p."pcnId" WHERE s."email" = 'reception@example.nhs.uk'
       ORDER BY p."odsCode" LIMIT 1
       RETURNING "id"`,
      [NHS_NUMBER],
    );
    return rows[0].id;
  });
}

/**
 * "On the day": the spec's clock is one day, so the booked appointment is moved to today, inside the self check-in
 * window, as reception would move it. Earlier specs book today's morning slots, so the spec does not count on a free
 * one being left near the clock: it adds its own slot to today's wrap-around session (at a time of its own, on the
 * first station) and moves the appointment there.
 */
async function moveToTodayInWindow(patientId: string): Promise<void> {
  await withDatabase(async (client) => {
    const { rowCount } = await client.query(
      `WITH session AS (
         SELECT cs."id", cs."clinicDayId" FROM "ClinicSession" cs
         JOIN "ClinicDay" d ON d."id" = cs."clinicDayId" JOIN "Clinic" c ON c."id" = d."clinicId"
         WHERE c."pcnId" = (SELECT pr."pcnId" FROM "Patient" pt JOIN "Practice" pr ON pr."id" = pt."practiceId" WHERE pt."id" = $1)
           AND cs."kind" = 'WRAP_AROUND' AND d."status" = 'SCHEDULED' AND d."date" = (now() AT TIME ZONE 'Europe/London')::date
         LIMIT 1),
       slot AS (
         INSERT INTO "Slot" ("id", "sessionId", "column", "startsAt", "endsAt")
         SELECT gen_random_uuid(), session."id", 0, date_trunc('minute', now()) + interval '20 minutes 1 second',
                date_trunc('minute', now()) + interval '40 minutes'
         FROM session
         RETURNING "id")
       UPDATE "Appointment" a SET "slotId" = slot."id", "activeSlotId" = slot."id", "clinicDayId" = session."clinicDayId",
              "activeMorningDayId" = session."clinicDayId"
       FROM slot, session WHERE a."patientId" = $1 AND a."status" = 'BOOKED'`,
      [patientId],
    );
    expect(rowCount).toBe(1);
  });
}

/**
 * The confirmed (negative) PHQ-4 books the spec's patient a GP appointment this afternoon: the spec first adds a
 * place beside the earliest free GP slot of today (same time, a station of its own), so the specs after it find
 * the same free times as before.
 */
async function addGpPlaceForOwnPatient(): Promise<void> {
  await withDatabase(async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO "Slot" ("id", "sessionId", "column", "startsAt", "endsAt", "roomId")
       SELECT gen_random_uuid(), s."sessionId", 97, s."startsAt", s."endsAt", s."roomId"
       FROM "Slot" s JOIN "ClinicSession" cs ON cs."id" = s."sessionId" JOIN "ClinicDay" d ON d."id" = cs."clinicDayId"
       JOIN "Appointment" m ON m."clinicDayId" = d."id" AND m."patientId" = (SELECT "id" FROM "Patient" WHERE "nhsNumber" = $1)
       WHERE cs."kind" = 'GP' AND m."kind" = 'WRAP_AROUND'
         AND NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."activeSlotId" = s."id")
       ORDER BY s."startsAt", s."column" LIMIT 1`,
      [NHS_NUMBER],
    );
    expect(rowCount).toBe(1);
  });
}

test("a patient opens their invitation on a phone, confirms their date of birth, books, prepares, answers the PHQ-4 at home and checks in; the flow board shows it and the health buddy confirms the answers", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const patientId = await addOwnPatient();

  // Reception sends the link from the register; it is shown once, for handing over.
  await login(page, "reception");
  await page.goto(`/patients/${patientId}`);
  await page.getByRole("button", { name: "Send a link to choose a time" }).click();
  await expect(page.getByRole("status")).toContainText("Invitation queued by text message");
  const link = (await page.getByTestId("patient-link").textContent())!.trim();
  expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);

  const phone = await browser.newContext({ viewport: PHONE });
  const patient = await phone.newPage();
  await patient.goto(link);
  // Before the date of birth: the question only, nothing that says whose link it is or what it is for.
  await expect(patient.getByRole("heading", { level: 1, name: "What is your date of birth?" })).toBeVisible();
  await expect(patient.locator("body")).not.toContainText("Linka");
  await expect(patient.getByRole("link", { name: "Patients" })).toHaveCount(0);
  await expectAccessible(patient, { wcag22: true });
  await patient.getByLabel("Day").fill("15");
  await patient.getByLabel("Month").fill("5");
  await patient.getByLabel("Year").fill("1957");
  await patient.getByRole("button", { name: "Continue" }).click();
  await expect(patient.getByRole("alert", { name: "There is a problem" })).toContainText("4 tries left");
  // The second try by keyboard alone.
  await patient.getByLabel("Day").focus();
  for (const part of ["14", "5", "1957"]) {
    await patient.keyboard.press("ControlOrMeta+a");
    await patient.keyboard.type(part);
    await patient.keyboard.press("Tab");
  }
  await expect(patient.getByRole("button", { name: "Continue" })).toBeFocused();
  await patient.keyboard.press("Enter");

  await expect(patient.getByRole("heading", { level: 1, name: "Choose a time for your appointment" })).toBeVisible();
  await expectAccessible(patient, { wcag22: true });
  const noScroll = await patient.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(noScroll).toBe(true);
  await patient.getByRole("radio").first().check();
  await patient.getByRole("button", { name: "Book this time" }).click();
  await expect(patient.getByRole("heading", { level: 1, name: "Your appointment" })).toBeVisible();

  await patient.getByRole("link", { name: "Prepare for your appointment" }).click();
  await expect(patient.getByRole("heading", { level: 1, name: "Prepare for your appointment" })).toBeVisible();
  await expectAccessible(patient, { wcag22: true });
  for (const box of await patient.getByRole("checkbox", { name: "I have read this" }).all()) await box.check();
  await patient.getByRole("button", { name: "I am ready for my appointment" }).click();
  await expect(patient.getByText("You have told us you are ready for the day.")).toBeVisible();

  // The PHQ-4 at home (optional): a missing answer is named; the answers are sent without a score shown.
  await patient.getByRole("link", { name: /Answer four questions about how you have been feeling/ }).click();
  await expect(patient.getByRole("heading", { level: 1, name: "How you have been feeling" })).toBeVisible();
  await expectAccessible(patient, { wcag22: true });
  await patient
    .getByRole("group", { name: /Feeling nervous/ })
    .getByLabel("Several days")
    .check();
  await patient.getByRole("button", { name: "Send my answers" }).click();
  await expect(patient.getByRole("alert", { name: "There is a problem" })).toContainText("Answer question 2");
  // By keyboard alone: Tab into each group, an arrow key or Space to choose, Enter on the button.
  await patient
    .getByRole("group", { name: /Feeling nervous/ })
    .getByLabel("Not at all")
    .focus();
  await patient.keyboard.press("ArrowDown"); // Several days
  await patient.keyboard.press("Tab");
  await patient.keyboard.press("Space"); // Not at all
  await patient.keyboard.press("Tab");
  await patient.keyboard.press("ArrowDown"); // Several days
  await patient.keyboard.press("Tab");
  await patient.keyboard.press("Space"); // Not at all
  await patient.keyboard.press("Tab");
  await expect(patient.getByRole("button", { name: "Send my answers" })).toBeFocused();
  await patient.keyboard.press("Enter");
  await expect(patient.getByText(/You answered the questions about how you have been feeling on/)).toBeVisible();

  // 200% zoom: a 1280 px window at 200% is 640 CSS pixels at twice the density; nothing needs scrolling sideways.
  const zoomed = await browser.newContext({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });
  await zoomed.addCookies(await phone.cookies());
  const zoomedPage = await zoomed.newPage();
  for (const path of ["", "/prepare", "/feelings"]) {
    await zoomedPage.goto(`${link}${path}`);
    await expect(zoomedPage.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await zoomedPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path || "/"} at 200% zoom`).toBe(true);
  }
  await zoomed.close();

  await moveToTodayInWindow(patientId);
  await patient.reload();
  await patient.getByRole("button", { name: "Check in now" }).click();
  await expect(patient.getByText(/If you have just checked in, please take a seat/)).toBeVisible();
  await phone.close();

  await page.goto("/reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  const board = page.getByRole("table", { name: /Where each patient is on/ });
  await expect(board.getByRole("row").filter({ hasText: "Linka Selfbooker" })).toContainText("Arrived (self check-in)");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // The health buddy sees the answers from home, marked so, and confirms them with the patient: only now do they route.
  await addGpPlaceForOwnPatient();
  await login(page, "buddy");
  const row = page.getByRole("row").filter({ hasText: "Linka Selfbooker" });
  await expect(row).toContainText("Answered at home (total 2): to confirm");
  await row.getByRole("link", { name: "Linka Selfbooker" }).click();
  const phq4 = page.getByRole("region", { name: "PHQ-4" });
  await expect(phq4.getByTestId("phq4-at-home")).toContainText("Answered at home on");
  await expect(phq4.getByRole("group", { name: /Feeling nervous/ }).getByRole("radio", { name: /Several days/ })).toBeChecked();
  await expectAccessible(page);
  await phq4.getByRole("button", { name: "Confirm PHQ-4" }).click();
  await expect(phq4.getByRole("status")).toContainText("Saved.");
  await expect(phq4).toContainText("Confirmed with the patient from their answers at home.");
});
