/**
 * The migration that splits reminder consent per channel, run on a database
 * holding patients registered before it: each keeps their text consent, and
 * none is taken to agree to email reminders.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";

const MIGRATION = "20261201212001_patient_email_reminder_consent";
const MIGRATIONS = resolve("prisma/migrations");

let adminUrl: string;
let url: string;
let name: string;
let tmp: string;

async function query<T extends pg.QueryResultRow>(connection: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  adminUrl = inject("adminUrl");
  // The integration set-up drops clinic_test_* databases an interrupted run left behind.
  name = `clinic_test_migration_${randomBytes(5).toString("hex")}`;
  await query(adminUrl, `create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  url = u.toString();
  tmp = await mkdtemp(join(os.tmpdir(), "consent-migration-"));
});

afterAll(async () => {
  if (name) await query(adminUrl, `drop database if exists ${name} with (force)`);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("migrating reminder consent to one consent per channel", () => {
  it("keeps each existing patient's text consent and records no email consent", async () => {
    // The database as it stood before this migration: every migration before it.
    const before = join(tmp, "before");
    await cp(MIGRATIONS, before, { recursive: true });
    const folders = (await readdir(MIGRATIONS)).filter((f) => /^\d{14}_/.test(f));
    expect(folders).toContain(MIGRATION);
    for (const folder of folders) if (folder >= MIGRATION) await rm(join(before, folder), { recursive: true });
    await applyMigrations(url, { migrationsDir: before, log: () => undefined });
    const columns = await query<{ column_name: string }>(url, `select column_name from information_schema.columns where table_name = 'Patient'`);
    expect(columns.map((c) => c.column_name)).not.toContain("consentToEmailReminders");

    const pcnId = randomUUID();
    const practiceId = randomUUID();
    await query(url, `insert into "Pcn" (id, name) values ($1, 'Migration PCN')`, [pcnId]);
    await query(url, `insert into "Practice" (id, "odsCode", name, "pcnId") values ($1, 'Y99990', 'Migration Practice', $2)`, [practiceId, pcnId]);
    const patients: Array<[string, string, boolean, string | null]> = [
      [randomUUID(), "9990000018", true, "texts-and-email@example.com"],
      [randomUUID(), "9990000026", false, "no-consent@example.com"],
      [randomUUID(), "9990000034", true, null],
    ];
    for (const [id, nhs, text, email] of patients) {
      await query(
        url,
        `insert into "Patient" (id, "nhsNumber", "givenName", "familyName", "dateOfBirth", sex, phone, email, "consentToTextReminders", "practiceId", "updatedAt")
         values ($1, $2, 'Before', 'Migration', '1950-01-01', 'FEMALE', '+447700900123', $3, $4, $5, now())`,
        [id, nhs, email, text, practiceId],
      );
    }

    const { applied } = await applyMigrations(url, { migrationsDir: MIGRATIONS, log: () => undefined });
    expect(applied).toContain(MIGRATION);
    const after = await query<{ id: string; consentToTextReminders: boolean; consentToEmailReminders: boolean }>(
      url,
      `select id, "consentToTextReminders", "consentToEmailReminders" from "Patient" order by "nhsNumber"`,
    );
    expect(after).toEqual(patients.map(([id, , text]) => ({ id, consentToTextReminders: text, consentToEmailReminders: false })));

    // A patient added afterwards without saying either way agrees to neither.
    await query(
      url,
      `insert into "Patient" (id, "nhsNumber", "givenName", "familyName", "dateOfBirth", sex, "practiceId", "updatedAt")
       values ($1, '9990000042', 'After', 'Migration', '1950-01-01', 'MALE', $2, now())`,
      [randomUUID(), practiceId],
    );
    const [added] = await query<{ consentToTextReminders: boolean; consentToEmailReminders: boolean }>(
      url,
      `select "consentToTextReminders", "consentToEmailReminders" from "Patient" where "nhsNumber" = '9990000042'`,
    );
    expect(added).toEqual({ consentToTextReminders: false, consentToEmailReminders: false });
  });
});
