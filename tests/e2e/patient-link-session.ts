/**
 * A patient's link for specs that act as the patient: a patient of the spec's own (so no demo patient is used up),
 * links made as an invitation makes them (only the token's hash is stored, so the spec keeps the token), and the
 * link opened as the patient opens it, on its page with the date of birth, so a request context holds the link's
 * session cookie (docs/decisions/0016-patient-links.md).
 */
import { createHash, randomBytes } from "node:crypto";
import { request as playwrightRequest, type APIRequestContext, type Browser } from "@playwright/test";
import { generateTestNhsNumber } from "../../lib/nhs-number";
import { withDatabase } from "./database";
import { expect } from "./fixtures";

export type OwnPatient = { id: string; dateOfBirth: string };

/** A patient added straight to the register of reception@'s PCN, as an import would; `number` must be one no other spec uses. */
export async function addOwnPatient(number: number, name: { given: string; family: string }, dateOfBirth: string): Promise<OwnPatient> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Patient" ("id", "nhsNumber", "givenName", "familyName", "dateOfBirth", "sex", "longTermConditions", "practiceId", "updatedAt")
       SELECT gen_random_uuid(), $1, $2, $3, $4::date, 'FEMALE', '{}', p."id", now()
       FROM "Practice" p JOIN "StaffUser" s ON s."pcnId" = p."pcnId" WHERE s."email" = 'reception@example.nhs.uk'
       ORDER BY p."odsCode" LIMIT 1
       RETURNING "id"`,
      [generateTestNhsNumber(number), name.given, name.family, dateOfBirth],
    );
    return { id: rows[0].id, dateOfBirth };
  });
}

/** A new link for the patient, as reception's invitation makes one (valid for a day); returns the token. */
export async function newPatientLink(patientId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await withDatabase((client) =>
    client.query(
      `INSERT INTO "PatientLink" ("id", "tokenHash", "patientId", "createdById", "expiresAt")
       SELECT gen_random_uuid(), $1, $2, s.id, now() + interval '1 day' FROM "StaffUser" s WHERE s.email = 'reception@example.nhs.uk'`,
      [createHash("sha256").update(token).digest("base64url"), patientId],
    ),
  );
  return token;
}

/**
 * Opens the link on its page in a browser as the patient does (the date of birth form, then the link's own page),
 * and returns a request context holding that browser's cookies, the link's session among them.
 */
export async function openedLink(browser: Browser, baseURL: string, token: string, patient: OwnPatient): Promise<APIRequestContext> {
  const [year, month, day] = patient.dateOfBirth.split("-").map(Number);
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await page.goto(`/p/${token}`);
    await page.getByLabel("Day").fill(String(day));
    await page.getByLabel("Month").fill(String(month));
    await page.getByLabel("Year").fill(String(year));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Choose a time for your appointment" })).toBeVisible();
    return await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL }, storageState: await context.storageState() });
  } finally {
    await context.close();
  }
}

/**
 * A free morning time of the spec's own on the first clinic day after today of reception@'s PCN: a place beside
 * that day's first wrap-around slot (same time, a station of its own), so other specs find the same free times.
 */
export async function addOwnFutureSlot(column: number): Promise<string> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Slot" ("id", "sessionId", "column", "startsAt", "endsAt")
       SELECT gen_random_uuid(), s."sessionId", $1, s."startsAt", s."endsAt"
       FROM "Slot" s JOIN "ClinicSession" cs ON cs."id" = s."sessionId" JOIN "ClinicDay" d ON d."id" = cs."clinicDayId"
       JOIN "Clinic" c ON c."id" = d."clinicId" JOIN "StaffUser" st ON st."pcnId" = c."pcnId" AND st."email" = 'reception@example.nhs.uk'
       WHERE cs."kind" = 'WRAP_AROUND' AND d."status" = 'SCHEDULED' AND d."date" > (now() AT TIME ZONE 'Europe/London')::date
       ORDER BY d."date", s."startsAt", s."column" LIMIT 1
       RETURNING "id"`,
      [column],
    );
    expect(rows).toHaveLength(1);
    return rows[0].id;
  });
}

/** The demo's second PCN (its own patients, staff and clinic days). */
export const SECOND_PCN = "Hillside Primary Care Network";

let arrivalCode: Promise<string> | undefined;

/**
 * A desk check-in code (/p/arrive/[code]) of the second PCN's clinic day today, made current as reception's "Make
 * the check-in code" would (only its hash is looked up, so the spec keeps the code); the first PCN's is left to the
 * specs that print it. Made once per worker and shared.
 */
export function secondPcnArrivalCode(pcnName: string = SECOND_PCN): Promise<string> {
  arrivalCode ??= withDatabase(async (client) => {
    const code = randomBytes(32).toString("base64url");
    const today = `SELECT cd.id FROM "ClinicDay" cd JOIN "Clinic" c ON c.id = cd."clinicId" JOIN "Pcn" p ON p.id = c."pcnId"
                   WHERE p.name = $1 AND cd.date = (now() AT TIME ZONE 'Europe/London')::date AND cd.status = 'SCHEDULED' LIMIT 1`;
    await client.query(`UPDATE "ClinicDayArrivalCode" SET "replacedAt" = now() WHERE "replacedAt" IS NULL AND "clinicDayId" = (${today})`, [pcnName]);
    const { rowCount } = await client.query(
      `INSERT INTO "ClinicDayArrivalCode" ("id", "clinicDayId", "seed", "codeHash", "createdById")
       SELECT gen_random_uuid(), (${today}), $2, $3, s.id FROM "StaffUser" s WHERE s.email = 'reception@other-pcn.example.nhs.uk'`,
      [pcnName, randomBytes(32).toString("base64url"), createHash("sha256").update(code).digest("base64url")],
    );
    if (rowCount !== 1) throw new Error(`Could not make a check-in code for ${pcnName}'s clinic day today`);
    return code;
  });
  return arrivalCode;
}
