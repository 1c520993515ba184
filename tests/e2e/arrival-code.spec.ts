import { generateTestNhsNumber } from "../../lib/nhs-number";
import { withDatabase } from "./database";
import { expect, expectAccessible, login, test } from "./fixtures";

// A patient of this spec's own (test number 961, clear of the demo patients and other specs'), with a date of birth
// and surname letter no other patient booked today shares.
const NHS_NUMBER = generateTestNhsNumber(961);
const PHONE = { width: 320, height: 640 };

/**
 * Added to the register and booked straight into a slot of its own in today's wrap-around session, twenty minutes
 * from the clock (inside the self check-in window): earlier specs book today's slots, so none is counted on.
 */
async function addBookedPatient(): Promise<void> {
  await withDatabase(async (client) => {
    const { rowCount } = await client.query(
      `WITH patient AS (
         INSERT INTO "Patient" ("id", "nhsNumber", "givenName", "familyName", "dateOfBirth", "sex", "longTermConditions", "practiceId", "updatedAt")
         SELECT gen_random_uuid(), $1, 'Arrie', 'Qrcodeson', '1939-10-07', 'MALE', '{}', p."id", now()
         FROM "Practice" p JOIN "StaffUser" s ON s."pcnId" = p."pcnId" WHERE s."email" = 'reception@example.nhs.uk'
         ORDER BY p."odsCode" LIMIT 1
         RETURNING "id"),
       session AS (
         SELECT cs."id", cs."clinicDayId" FROM "ClinicSession" cs
         JOIN "ClinicDay" d ON d."id" = cs."clinicDayId" JOIN "Clinic" c ON c."id" = d."clinicId"
         JOIN "StaffUser" s ON s."pcnId" = c."pcnId" AND s."email" = 'reception@example.nhs.uk'
         WHERE cs."kind" = 'WRAP_AROUND' AND d."status" = 'SCHEDULED' AND d."date" = (now() AT TIME ZONE 'Europe/London')::date
         LIMIT 1),
       slot AS (
         INSERT INTO "Slot" ("id", "sessionId", "column", "startsAt", "endsAt")
         SELECT gen_random_uuid(), session."id", 0, date_trunc('minute', now()) + interval '20 minutes 2 seconds',
                date_trunc('minute', now()) + interval '40 minutes'
         FROM session
         RETURNING "id")
       INSERT INTO "Appointment" ("id", "patientId", "clinicDayId", "slotId", "kind", "activeSlotId", "activeMorningDayId", "updatedAt")
       SELECT gen_random_uuid(), patient."id", session."clinicDayId", slot."id", 'WRAP_AROUND', slot."id", session."clinicDayId", now()
       FROM patient, session, slot`,
      [NHS_NUMBER],
    );
    expect(rowCount).toBe(1);
  });
}

test("reception prints today's check-in QR code; a patient scans it on a phone, checks in with date of birth and surname letter, and the flow board shows it", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await addBookedPatient();

  await login(page, "reception");
  await page.goto("/reception");
  await page.getByRole("region", { name: "Today" }).getByRole("article").getByRole("link").click();
  await page.getByRole("link", { name: "Check-in QR code" }).click();
  await page.getByRole("button", { name: /^(Make the check-in code|Replace the code)/ }).click();
  await expect(page.getByRole("img", { name: "QR code to check in for your appointment" })).toBeVisible();
  await expectAccessible(page);
  const url = (await page.getByTestId("arrival-url").textContent())!.trim();
  expect(url).toMatch(/\/p\/arrive\/[A-Za-z0-9_-]{43}$/);

  const phone = await browser.newContext({ viewport: PHONE });
  const patient = await phone.newPage();
  await patient.goto(url);
  await expect(patient.getByRole("heading", { level: 1, name: "Check in for your appointment" })).toBeVisible();
  await expect(patient.getByRole("link", { name: "Patients" })).toHaveCount(0);
  await expectAccessible(patient, { wcag22: true });
  expect(await patient.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const answer = async (initial: string) => {
    await patient.getByLabel("Day").fill("7");
    await patient.getByLabel("Month").fill("10");
    await patient.getByLabel("Year").fill("1939");
    await patient.getByLabel("What is the first letter of your surname?").fill(initial);
    await patient.getByRole("button", { name: "Check in" }).click();
  };
  // A wrong letter matches no one: the desk, and nothing that says whether anyone else matched.
  await answer("z");
  await expect(patient.getByRole("alert", { name: "There is a problem" })).toContainText("Please go to the reception desk");
  await answer("q");
  await expect(patient.getByRole("status")).toHaveText(/^You are checked in for your \d{2}:\d{2} appointment\. Please take a seat\.$/);
  await expect(patient.locator("body")).not.toContainText("Qrcodeson");
  await phone.close();

  await page.getByRole("link", { name: "Back to the clinic day" }).click();
  await page.getByRole("link", { name: /^Flow board/ }).click();
  const board = page.getByRole("table", { name: /Where each patient is on/ });
  await expect(board.getByRole("row").filter({ hasText: "Arrie Qrcodeson" })).toContainText("Arrived (self check-in)");
});
