/**
 * Records that another screen writes, put straight into the e2e server's own
 * database: the Talking Therapies triage outcome the GP's care plan starts from.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";

function e2eDatabaseUrl(): string {
  const password = readFileSync(resolve(".data/e2e/postgres.password"), "utf8").trim();
  return `postgresql://clinic:${encodeURIComponent(password)}@127.0.0.1:${process.env.E2E_DB_PORT ?? "54340"}/clinic`;
}

/** A triage outcome (refer to step 2) for the patient's Talking Therapies appointment today, with these recommendations. */
export async function recordTriageToday(patientName: string, recommendations: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ appointment_id: string; patient_id: string; staff_id: string }>(
      `select a.id as appointment_id, a."patientId" as patient_id, s."staffId" as staff_id
         from "Appointment" a
         join "Patient" p on p.id = a."patientId"
         join "ClinicDay" d on d.id = a."clinicDayId"
         join "Slot" s on s.id = a."slotId"
        where p."givenName" || ' ' || p."familyName" = $1
          and a.kind = 'TALKING_THERAPIES' and a."activeSlotId" is not null
          and d.date = (now() at time zone 'Europe/London')::date`,
      [patientName],
    );
    if (rows.length !== 1) throw new Error(`Expected one Talking Therapies appointment today for ${patientName}, found ${rows.length}`);
    const { appointment_id, patient_id, staff_id } = rows[0];
    // With its version 1, kept as the app keeps it (the database refuses a triage without its kept version).
    await client.query(
      `with t as (
         insert into "TriageOutcome" (id, "appointmentId", "patientId", "presentingProblems", outcome, pathway, "consentToReferral", recommendations, "recordedById", "updatedAt")
         values (gen_random_uuid(), $1, $2, 'Low mood since a fall; worried about going out', 'REFER', 'STEP_2', true, $3, $4, now())
         returning *)
       insert into "TriageVersion" (id, "triageOutcomeId", version, "presentingProblems", "riskToSelf", "riskToOthers", "riskFromOthers", outcome, pathway,
                                    "consentToReferral", recommendations, "recordedById", "recordedAt")
       select gen_random_uuid(), t.id, 1, t."presentingProblems", t."riskToSelf", t."riskToOthers", t."riskFromOthers", t.outcome, t.pathway,
              t."consentToReferral", t.recommendations, t."recordedById", t."recordedAt" from t`,
      [appointment_id, patient_id, recommendations, staff_id],
    );
  } finally {
    await client.end();
  }
}

/** The id of the demo patient with this name (for a page whose address names the patient). */
export async function patientIdByName(patientName: string): Promise<string> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`select id from "Patient" where "givenName" || ' ' || "familyName" = $1`, [patientName]);
    if (rows.length !== 1) throw new Error(`Expected one patient called ${patientName}, found ${rows.length}`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}

/**
 * A Talking Therapies review today for the patient, as an earlier day's triage
 * would have booked it (origin TRIAGE_REVIEW), in today's first free therapy slot.
 * Returns the review's start, "HH:mm" London time.
 */
export async function bookReviewToday(patientName: string): Promise<string> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ slot_id: string; day_id: string; patient_id: string; at: string }>(
      `select s.id as slot_id, d.id as day_id, p.id as patient_id, to_char(s."startsAt" at time zone 'Europe/London', 'HH24:MI') as at
         from "Slot" s join "ClinicSession" cs on cs.id = s."sessionId" join "ClinicDay" d on d.id = cs."clinicDayId"
         join "Appointment" m on m."clinicDayId" = d.id and m.kind = 'WRAP_AROUND' and m."activeMorningDayId" is not null
         join "Patient" p on p.id = m."patientId" and p."givenName" || ' ' || p."familyName" = $1
        where cs.kind = 'TALKING_THERAPIES' and d.date = (now() at time zone 'Europe/London')::date
          and not exists (select 1 from "Appointment" x where x."activeSlotId" = s.id)
        order by s."startsAt", s."column" limit 1`,
      [patientName],
    );
    if (!rows[0]) throw new Error(`No free Talking Therapies slot today for ${patientName}`);
    await client.query(
      `insert into "Appointment" (id, "patientId", "clinicDayId", "slotId", "activeSlotId", kind, origin, status, reason, "updatedAt")
       values (gen_random_uuid(), $1, $2, $3, $3, 'TALKING_THERAPIES', 'TRIAGE_REVIEW', 'BOOKED', 'Talking Therapies review from an earlier triage', now())`,
      [rows[0].patient_id, rows[0].day_id, rows[0].slot_id],
    );
    return rows[0].at;
  } finally {
    await client.end();
  }
}
