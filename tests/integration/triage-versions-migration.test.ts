/**
 * The triage_versions_and_risk_reviews migration on a database that already
 * has triages: each becomes version 1 of itself, and one with a risk is an
 * open risk (flagged until reviewed), then edits as any other.
 */
import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { loadOpenRisks } from "@/lib/services/risks/internal/open-risks";
import { recordTriage } from "@/lib/services/triage/record-triage";

const MIGRATION = "triage_versions_and_risk_reviews";

let tmp: string;
let url: string;
let name: string;
let db: Db;

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const adminUrl = inject("adminUrl");
  name = `clinic_test_mig_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  url = u.toString();
  // The migrations before this one, as a database made by an earlier release has them.
  tmp = await mkdtemp(join(os.tmpdir(), "triage-versions-migration-"));
  const all = (await readdir(resolve("prisma/migrations"), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const index = all.findIndex((d) => d.endsWith(`_${MIGRATION}`));
  expect(index).toBeGreaterThan(0);
  for (const dir of all.slice(0, index)) await cp(resolve("prisma/migrations", dir), join(tmp, dir), { recursive: true });
  await cp(resolve("prisma/migrations/migration_lock.toml"), join(tmp, "migration_lock.toml"));
  await applyMigrations(url, { migrationsDir: tmp });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  const admin = new pg.Client({ connectionString: inject("adminUrl") });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("migrating existing triages", () => {
  it("keeps each as version 1; one with a risk is an open risk; later saves make version 2", async () => {
    // An earlier release's rows, in that release's columns.
    const [pcn, practice, site, clinic, day, session, therapist] = Array.from({ length: 7 }, () => randomUUID());
    await sql(`insert into "Pcn" (id, name) values ($1, 'Migration PCN')`, [pcn]);
    await sql(`insert into "Practice" (id, "odsCode", name, "pcnId") values ($1, 'Y99M01', 'Migration Practice', $2)`, [practice, pcn]);
    await sql(`insert into "Site" (id, name, "pcnId") values ($1, 'Migration Site', $2)`, [site, pcn]);
    await sql(`insert into "Clinic" (id, name, "pcnId", "siteId") values ($1, 'Migration Clinic', $2, $3)`, [clinic, pcn, site]);
    await sql(`insert into "ClinicDay" (id, "clinicId", date) values ($1, $2, '2026-11-04')`, [day, clinic]);
    await sql(
      `insert into "ClinicSession" (id, "clinicDayId", kind, "startsAt", "endsAt", "slotMinutes") values ($1, $2, 'TALKING_THERAPIES', '2026-11-04T13:00Z', '2026-11-04T16:00Z', 30)`,
      [session, day],
    );
    await sql(
      `insert into "StaffUser" (id, name, email, roles, "pcnId", "updatedAt") values ($1, 'Migration Therapist', 'mig-therapist@example.nhs.uk', '{THERAPIST}', $2, now())`,
      [therapist, pcn],
    );
    const triages: Record<"risky" | "quiet", { patient: string; appointment: string; triage: string }> = {
      risky: { patient: randomUUID(), appointment: randomUUID(), triage: randomUUID() },
      quiet: { patient: randomUUID(), appointment: randomUUID(), triage: randomUUID() },
    };
    for (const [i, [key, row]] of Object.entries(triages).entries()) {
      const slot = randomUUID();
      await sql(`insert into "Slot" (id, "sessionId", "column", "startsAt", "endsAt") values ($1, $2, 0, $3, $4)`, [
        slot,
        session,
        `2026-11-04T13:${i}0Z`,
        `2026-11-04T13:${i + 3}0Z`,
      ]);
      await sql(
        `insert into "Patient" (id, "nhsNumber", "givenName", "familyName", "dateOfBirth", sex, "practiceId", "updatedAt") values ($1, $2, 'Mig', $3, '1950-01-01', 'FEMALE', $4, now())`,
        [row.patient, i === 0 ? "9990000018" : "9990000026", key, practice],
      );
      await sql(
        `insert into "Appointment" (id, "patientId", "clinicDayId", "slotId", kind, status, "updatedAt") values ($1, $2, $3, $4, 'TALKING_THERAPIES', 'FULFILLED', now())`,
        [row.appointment, row.patient, day, slot],
      );
      await sql(
        `insert into "TriageOutcome" (id, "appointmentId", "patientId", "presentingProblems", "riskToSelf", "riskActionTaken", outcome, "recordedById", "recordedAt", "updatedAt")
         values ($1, $2, $3, 'Low mood', $4, $5, 'STANDALONE_SUPPORT', $6, '2026-11-04T13:25Z', '2026-11-04T13:40Z')`,
        [row.triage, row.appointment, row.patient, key === "risky", key === "risky" ? "Safety plan agreed" : null, therapist],
      );
    }

    expect((await applyMigrations(url)).applied.some((m) => m.endsWith(`_${MIGRATION}`))).toBe(true);
    db = createDb(url, 2);

    const versions = await db.triageVersion.findMany({ orderBy: { triageOutcomeId: "asc" } });
    expect(versions).toHaveLength(2);
    const risky = await db.triageVersion.findFirstOrThrow({ where: { triageOutcomeId: triages.risky.triage } });
    expect(risky).toMatchObject({
      version: 1,
      riskToSelf: true,
      riskActionTaken: "Safety plan agreed",
      presentingProblems: "Low mood",
      recordedById: therapist,
      changeReason: null,
    });
    expect(risky.recordedAt.toISOString()).toBe("2026-11-04T13:40:00.000Z");
    expect(await db.triageOutcome.findMany({ select: { version: true } })).toEqual([{ version: 1 }, { version: 1 }]);

    const open = await loadOpenRisks(db, [triages.risky.patient, triages.quiet.patient]);
    expect([...open.keys()]).toEqual([triages.risky.patient]);
    expect(open.get(triages.risky.patient)).toEqual([
      expect.objectContaining({ kinds: ["riskToSelf"], actionTaken: "Safety plan agreed", triageDate: "2026-11-04", sinceVersion: 1 }),
    ]);

    // The migrated triage edits as any other: version 2, version 1 kept.
    const actor = { id: therapist, name: "Migration Therapist", email: "mig-therapist@example.nhs.uk", roles: ["THERAPIST" as const], pcnId: pcn };
    const saved = await recordTriage(
      { db, actor },
      {
        appointmentId: triages.risky.appointment,
        presentingProblems: "Low mood, better sleep",
        riskToSelf: true,
        riskActionTaken: "Safety plan agreed",
        outcome: "STANDALONE_SUPPORT",
      },
    );
    expect(saved).toMatchObject({ version: 2, changed: ["presentingProblems"] });
    expect(
      (await db.triageVersion.findMany({ where: { triageOutcomeId: triages.risky.triage }, orderBy: { version: "asc" } })).map(
        (v) => v.presentingProblems,
      ),
    ).toEqual(["Low mood", "Low mood, better sleep"]);
  });
});
