/**
 * Builds an integrated care board's worth of clinic data: 10 PCNs of 5
 * practices each, 500,000 registered patients and a year (2025) of weekly clinic
 * days with their visits.
 *
 * The organisations, clinics and clinic days (sessions, rosters, slots) come
 * from the app's own services, as a clinic lead would make them. Everything
 * that happens to patients is generated in PostgreSQL itself, one
 * `INSERT … SELECT` over `generate_series` and the rows already there per
 * table, so no row crosses the wire: patients, morning appointments (attended,
 * did not attend, cancelled), PHQ-4s (some amended), Talking Therapies and GP
 * afternoons, triages with their kept versions, risk reviews, referrals,
 * care plans (revised at a second visit) and the audit trail of all of it.
 * No trigger or constraint is switched off: every row passes the same checks
 * the app's own writes do (a triage's kept version is checked at commit, so
 * triages and their versions go in one transaction).
 *
 * Each patient's details and each visit's outcome are drawn from a hash of
 * their number, so every build is the same data set.
 */
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import type { Actor, ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { insertStaffUser } from "@/lib/services/staff/internal/insert-staff-user";
import { createOrganisation, DEMO_PASSWORD, type Organisation } from "@/tests/helpers/factories";
import { COMMON_FAMILY_NAMES, FAMILY_NAMES, GIVEN_NAMES } from "./names";

export const ICB = {
  pcns: 10,
  practicesPerPcn: 5,
  patients: 500_000,
  /** The first clinic day; each PCN runs a weekly clinic day on each weekday for `weeks` weeks. */
  firstDate: "2025-01-06",
  weeks: 52,
  weekdays: 5,
  /** Morning appointments that stand per clinic day (of 80 slots), and cancelled ones beside them. */
  visitsPerDay: 60,
  cancelledPerDay: 3,
  /** A patient's visit number v and v + this are the same patient (a return visit about 7 months later). */
  returnAfterVisits: 13_000,
} as const;

export type IcbPcn = {
  pcnNo: number;
  org: Organisation;
  clinicId: string;
  actors: { lead: Actor; reception: Actor; gp: Actor; therapist: Actor; buddy: Actor };
};

export type IcbDataSet = {
  pcns: IcbPcn[];
  from: string;
  to: string;
  steps: Array<{ step: string; seconds: number }>;
  counts: Record<string, number>;
};

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A uniform number in [0, 1) from a row's number and a salt: the same every build. */
function u(key: string, salt: number): string {
  return `((hashint8((${key})::bigint * 1000 + ${salt}) & 2147483647)::float8 / 2147483648.0)`;
}

const USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

async function organisations(db: Db, log: (line: string) => void): Promise<IcbPcn[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const one = async (p: number): Promise<IcbPcn> => {
    const code = String(p).padStart(2, "0");
    const org = await createOrganisation(db, {
      name: `ICB bench PCN ${code}`,
      places: {
        practices: Array.from({ length: ICB.practicesPerPcn }, (_, k) => [`PCN ${code} practice ${k + 1}`, `Y7${code}${k}`]),
        site: { name: `PCN ${code} health centre`, address: `${p + 1} High Street` },
        emailDomain: `pcn${code}.example.nhs.uk`,
      },
    });
    const extra = async (key: string, name: string, roles: Array<"HEALTH_BUDDY" | "THERAPIST" | "GP">) =>
      (await insertStaffUser(db, org.pcnId, { name, email: `${key}@pcn${code}.example.nhs.uk`, roles, password: DEMO_PASSWORD }, passwordHash)).id;
    const buddies = [
      org.staff.buddy.id,
      org.staff.buddy2.id,
      await extra("buddy3", "Buddy Three", ["HEALTH_BUDDY"]),
      await extra("buddy4", "Buddy Four", ["HEALTH_BUDDY"]),
    ];
    const therapists = [
      org.staff.therapist.id,
      await extra("therapist2", "Therapist Two", ["THERAPIST"]),
      await extra("therapist3", "Therapist Three", ["THERAPIST"]),
    ];
    const gps = [org.staff.gp.id, org.staff.gp2.id];
    for (let g = 3; g <= 6; g++) gps.push(await extra(`gp${g}`, `Dr GP ${g}`, ["GP"]));
    const lead: ServiceContext = { db, actor: org.staff.lead };
    const clinic = await createClinic(lead, { name: `PCN ${code} multi-morbidity clinic`, siteId: org.siteId });
    const template = await createClinicTemplate(lead, {
      clinicId: clinic.id,
      name: "Busy day",
      sessions: [
        { kind: "WRAP_AROUND", start: "08:00", end: "13:00", slotMinutes: 15, roomId: org.rooms.treatment1, staffIds: buddies },
        { kind: "TALKING_THERAPIES", start: "13:00", end: "17:00", slotMinutes: 30, roomId: org.rooms.therapy, staffIds: therapists },
        { kind: "GP", start: "13:30", end: "17:30", slotMinutes: 20, roomId: org.rooms.gp1, staffIds: gps },
      ],
    });
    // A weekly series starting on each weekday (the clinic runs Monday to Friday), a quarter at a time
    // (each call is one transaction, which must finish within its time limit on a busy machine).
    for (let d = 0; d < ICB.weekdays; d++) {
      for (let w = 0; w < ICB.weeks; w += 13) {
        await createClinicDays(lead, { templateId: template.id, firstDate: addDays(ICB.firstDate, w * 7 + d), weeks: Math.min(13, ICB.weeks - w) });
      }
    }
    const s = org.staff;
    log(`  PCN ${code}: organisation, staff, clinic and ${ICB.weekdays * ICB.weeks} clinic days`);
    return { pcnNo: p, org, clinicId: clinic.id, actors: { lead: s.lead, reception: s.reception, gp: s.gp, therapist: s.therapist, buddy: s.buddy } };
  };
  // Several PCNs at once (each its own transactions), as ten clinic leads would set up their clinics.
  const pcns: IcbPcn[] = [];
  for (let p = 0; p < ICB.pcns; p += 2) {
    pcns.push(...(await Promise.all(Array.from({ length: Math.min(2, ICB.pcns - p) }, (_, i) => one(p + i)))));
  }
  return pcns;
}

/** The SQL steps, in order; each runs as one statement (or one transaction) on one connection. */
function steps(): Array<{ step: string; sql: string[] }> {
  const perPcn = ICB.patients / ICB.pcns;
  const ppp = ICB.practicesPerPcn;
  const nCommon = COMMON_FAMILY_NAMES.length;
  const nRare = FAMILY_NAMES.length - nCommon;
  const nGiven = GIVEN_NAMES.length;
  const checkDigitSum = Array.from({ length: 9 }, (_, i) => `substr(b, ${i + 1}, 1)::int * ${10 - i}`).join(" + ");
  const minutes = (expr: string) => `((${expr}) * interval '1 minute')`;
  return [
    {
      step: "patients",
      sql: [
        // Test NHS numbers (999 range) with a valid check digit, numbered 0, 1, 2…
        `CREATE TEMP TABLE gen_patient AS
         WITH body AS (SELECT k, '999' || lpad(k::text, 6, '0') AS b FROM generate_series(0, 599999) k),
         chk AS (SELECT k, b, 11 - ((${checkDigitSum}) % 11) AS c FROM body),
         valid AS (SELECT b || (CASE WHEN c = 11 THEN 0 ELSE c END)::text AS nhs, (row_number() OVER (ORDER BY k))::int - 1 AS n FROM chk WHERE c <> 10)
         SELECT n, n / ${perPcn} AS pcn_no, n % ${perPcn} AS idx, uuidv7() AS id, nhs,
                (SELECT practices FROM gen_ref)[(n / ${perPcn}) * ${ppp} + (n % ${perPcn}) % ${ppp} + 1] AS practice_id
         FROM valid WHERE n < ${ICB.patients}`,
        `CREATE UNIQUE INDEX ON gen_patient (pcn_no, idx)`,
        `INSERT INTO "Patient" (id, "nhsNumber", "givenName", "familyName", "dateOfBirth", sex, phone, email, "preferredLanguage",
           "interpreterNeeded", "longTermConditions", "consentToTextReminders", "consentToEmailReminders", "practiceId", "createdAt", "updatedAt")
         SELECT id, nhs,
           (SELECT given FROM gen_ref)[1 + floor(${nGiven} * power(${u("n", 1)}, 1.5))::int],
           CASE WHEN ${u("n", 2)} < 0.55 THEN (SELECT family FROM gen_ref)[1 + floor(${nCommon} * power(${u("n", 3)}, 1.3))::int]
                ELSE (SELECT family FROM gen_ref)[${nCommon + 1} + floor(${nRare} * ${u("n", 3)})::int] END,
           date '1930-01-01' + floor(27000 * ${u("n", 4)})::int,
           (CASE WHEN n % 97 = 0 THEN 'UNKNOWN' WHEN n % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END)::"Sex",
           CASE WHEN n % 9 = 8 THEN NULL ELSE '+447700900' || lpad((n % 1000)::text, 3, '0') END,
           CASE WHEN n % 3 = 0 THEN 'patient' || n || '@example.com' END,
           (ARRAY['English','English','English','English','English','Punjabi','Polish','Somali','Urdu','Bengali','Tamil','Arabic'])[1 + n % 12],
           n % 12 IN (5, 6, 7, 9, 11),
           (CASE n % 6 WHEN 0 THEN '{DIABETES,HYPERTENSION}' WHEN 1 THEN '{COPD,HEART_FAILURE}' WHEN 2 THEN '{DIABETES,CHRONIC_KIDNEY_DISEASE,HYPERTENSION}'
                       WHEN 3 THEN '{ASTHMA,CHRONIC_PAIN}' WHEN 4 THEN '{CORONARY_HEART_DISEASE,DIABETES}' ELSE '{LONG_COVID,ASTHMA}' END)::"LongTermCondition"[],
           n % 4 <> 3, n % 6 = 0, practice_id,
           timestamptz '2024-12-02 09:00:00+00' + (n % 28800) * interval '1 second',
           timestamptz '2024-12-02 09:00:00+00' + (n % 28800) * interval '1 second'
         FROM gen_patient ORDER BY n`,
      ],
    },
    {
      step: "morning appointments",
      sql: [
        // Each clinic day's morning slots in the order reception fills them; the first 60 are the day's visits.
        `CREATE TEMP TABLE gen_slot AS
         SELECT cd.id AS day_id, cd."clinicId" AS clinic_id, cd.date, array_position((SELECT pcns FROM gen_ref), c."pcnId") - 1 AS pcn_no,
                cs.kind, s.id AS slot_id, s."startsAt" AS starts_at, s."endsAt" AS ends_at, s."staffId" AS staff_id,
                (row_number() OVER (PARTITION BY cs.id ORDER BY s."startsAt", s.column))::int AS rank
         FROM "Slot" s JOIN "ClinicSession" cs ON cs.id = s."sessionId"
         JOIN "ClinicDay" cd ON cd.id = cs."clinicDayId" JOIN "Clinic" c ON c.id = cd."clinicId"`,
        `CREATE INDEX ON gen_slot (day_id, kind, rank)`,
        `CREATE TEMP TABLE gen_visit AS
         WITH m AS (
           SELECT g.*, (row_number() OVER (PARTITION BY pcn_no ORDER BY date, rank))::int - 1 AS v
           FROM gen_slot g WHERE kind = 'WRAP_AROUND' AND rank <= ${ICB.visitsPerDay}
         ), k AS (SELECT m.*, pcn_no * 100000 + v AS key FROM m)
         SELECT k.*, uuidv7() AS id, p.id AS patient_id, ${u("key", 10)} >= 0.08 AS attended,
                ${u("key", 11)} < 0.42 AS positive, ${u("key", 12)} < 0.01 AS amended,
                starts_at - (7 + floor(21 * ${u("key", 13)})::int) * interval '1 day' AS booked_at,
                starts_at + ${minutes(`25 * ${u("key", 14)} - 15`)} AS checked_in_at,
                starts_at + ${minutes(`15 + 10 * ${u("key", 15)}`)} AS phq4_at,
                starts_at + ${minutes(`30 + 15 * ${u("key", 16)}`)} AS ended_at
         FROM k JOIN gen_patient p ON p.pcn_no = k.pcn_no AND p.idx = ((k.v % ${ICB.returnAfterVisits}) * 37) % ${perPcn}`,
        `CREATE INDEX ON gen_visit (day_id)`,
        `INSERT INTO "Appointment" (id, "patientId", "clinicDayId", "slotId", kind, status, "activeSlotId", "activeMorningDayId", "bookedById",
           "bookedAt", "checkedInAt", "noShowAt", "endedAt", origin, "updatedAt")
         SELECT v.id, v.patient_id, v.day_id, v.slot_id, 'WRAP_AROUND', (CASE WHEN attended THEN 'FULFILLED' ELSE 'NOSHOW' END)::"AppointmentStatus",
           v.slot_id, v.day_id, (SELECT receptions FROM gen_ref)[pcn_no + 1], booked_at,
           CASE WHEN attended THEN checked_in_at END, CASE WHEN NOT attended THEN starts_at + interval '30 minutes' END,
           CASE WHEN attended THEN ended_at END, 'BOOKING', ended_at
         FROM gen_visit v ORDER BY booked_at`,
        // A few bookings a day were cancelled (the slot left free), by patients from elsewhere in the register.
        `CREATE TEMP TABLE gen_cancelled AS
         SELECT g.*, uuidv7() AS id, p.id AS patient_id
         FROM (SELECT g.*, (row_number() OVER (PARTITION BY pcn_no ORDER BY date, rank))::int AS c FROM gen_slot g
               WHERE kind = 'WRAP_AROUND' AND rank > ${ICB.visitsPerDay} AND rank <= ${ICB.visitsPerDay + ICB.cancelledPerDay}) g
         JOIN gen_patient p ON p.pcn_no = g.pcn_no AND p.idx = (g.c * 53 + 7) % ${perPcn}`,
        `INSERT INTO "Appointment" (id, "patientId", "clinicDayId", "slotId", kind, status, "bookedById", "bookedAt", "cancelledAt", "cancelReason", origin, "updatedAt")
         SELECT id, patient_id, day_id, slot_id, 'WRAP_AROUND', 'CANCELLED', (SELECT receptions FROM gen_ref)[pcn_no + 1], starts_at - interval '14 days',
           starts_at - interval '2 days', 'Patient cancelled by phone', 'BOOKING', starts_at - interval '2 days'
         FROM gen_cancelled`,
      ],
    },
    {
      step: "PHQ-4s",
      sql: [
        `CREATE TEMP TABLE gen_phq4 AS
         SELECT v.id AS appointment_id, v.patient_id, v.staff_id, v.phq4_at, v.amended, v.key,
           CASE WHEN positive THEN 1 + floor(3 * ${u("key", 20)})::int ELSE floor(2 * ${u("key", 20)})::int END AS nervous,
           CASE WHEN positive THEN 1 + floor(2 * ${u("key", 21)})::int ELSE floor(2 * ${u("key", 21)})::int END AS worrying,
           CASE WHEN positive THEN 1 + floor(3 * ${u("key", 22)})::int ELSE 0 END AS little_interest,
           CASE WHEN positive THEN floor(3 * ${u("key", 23)})::int ELSE 0 END AS feeling_down,
           uuidv7() AS id, uuidv7() AS first_id
         FROM gen_visit v WHERE attended`,
        // An amended assessment: the first one as recorded (one answer different), then the amendment pointing at it.
        `INSERT INTO "Phq4Assessment" (id, "patientId", "appointmentId", nervous, worrying, "littleInterest", "feelingDown", total, "recordedById", "recordedAt")
         SELECT first_id, patient_id, appointment_id, 3 - nervous, worrying, little_interest, feeling_down,
           3 - nervous + worrying + little_interest + feeling_down, staff_id, phq4_at - interval '5 minutes'
         FROM gen_phq4 WHERE amended`,
        `INSERT INTO "Phq4Assessment" (id, "patientId", "appointmentId", nervous, worrying, "littleInterest", "feelingDown", total, "recordedById",
           "recordedAt", "amendsId", "amendReason")
         SELECT id, patient_id, appointment_id, nervous, worrying, little_interest, feeling_down,
           nervous + worrying + little_interest + feeling_down, staff_id, phq4_at,
           CASE WHEN amended THEN first_id END, CASE WHEN amended THEN 'Patient corrected the first answer' END
         FROM gen_phq4 ORDER BY phq4_at`,
      ],
    },
    {
      step: "afternoon appointments",
      sql: [
        // Those screening positive take the day's Talking Therapies slots in turn; everyone who came sees a GP.
        `CREATE TEMP TABLE gen_afternoon AS
         WITH ranked AS (
           SELECT v.*, 'TALKING_THERAPIES'::"SessionKind" AS akind,
                  (row_number() OVER (PARTITION BY day_id ORDER BY rank))::int AS arank
           FROM gen_visit v WHERE attended AND positive
           UNION ALL
           SELECT v.*, 'GP'::"SessionKind", (row_number() OVER (PARTITION BY day_id ORDER BY rank))::int FROM gen_visit v WHERE attended
         )
         SELECT r.key, r.patient_id, r.day_id, r.date, r.pcn_no, r.clinic_id, r.akind AS kind, s.slot_id, s.starts_at, s.staff_id, uuidv7() AS id,
           ${u("r.key * 3 + (r.akind = 'GP')::int", 30)} < (CASE WHEN r.akind = 'GP' THEN 0.04 ELSE 0.08 END) AS missed,
           s.starts_at + ${minutes(`12 * ${u("r.key * 3 + (r.akind = 'GP')::int", 31)}`)} AS started_at
         FROM ranked r JOIN gen_slot s ON s.day_id = r.day_id AND s.kind = r.akind AND s.rank = r.arank`,
        `INSERT INTO "Appointment" (id, "patientId", "clinicDayId", "slotId", kind, status, "activeSlotId", "bookedAt", "startedAt", "endedAt",
           "noShowAt", reason, origin, "updatedAt")
         SELECT id, patient_id, day_id, slot_id, kind, (CASE WHEN missed THEN 'NOSHOW' ELSE 'FULFILLED' END)::"AppointmentStatus", slot_id,
           date::timestamp AT TIME ZONE 'Europe/London' + interval '11 hours',
           CASE WHEN NOT missed THEN started_at END, CASE WHEN NOT missed THEN started_at + interval '20 minutes' END,
           CASE WHEN missed THEN starts_at + interval '30 minutes' END,
           CASE WHEN kind = 'GP' THEN 'Every patient sees a GP' ELSE 'PHQ-4 at or above 3: Talking Therapies, then GP' END,
           'ROUTING', starts_at + interval '1 hour'
         FROM gen_afternoon ORDER BY starts_at`,
      ],
    },
    {
      step: "triages, versions, risk reviews and referrals",
      sql: [
        `CREATE TEMP TABLE gen_triage AS
         WITH seen AS (
           SELECT a.*, ${u("a.key", 40)} AS o, ${u("a.key", 41)} < 0.03 AS risk, nd.id AS next_day_id
           FROM gen_afternoon a
           LEFT JOIN "ClinicDay" nd ON nd."clinicId" = a.clinic_id AND nd.date = a.date + 7
           WHERE a.kind = 'TALKING_THERAPIES' AND NOT a.missed
         )
         SELECT uuidv7() AS id, id AS appointment_id, patient_id, staff_id, key, date, risk,
           started_at + interval '25 minutes' AS recorded_at,
           (CASE WHEN o < 0.5 THEN 'REFER' WHEN o < 0.7 THEN 'STANDALONE_SUPPORT' WHEN o < 0.85 THEN 'SIGNPOST'
                 WHEN next_day_id IS NOT NULL THEN 'REVIEW_LATER' ELSE 'STANDALONE_SUPPORT' END)::"TriageOutcomeKind" AS outcome,
           (CASE WHEN o < 0.3 THEN 'STEP_2' WHEN o < 0.42 THEN 'STEP_3' WHEN o < 0.5 THEN 'LONG_TERM_CONDITIONS' END)::"ReferralPathway" AS pathway,
           CASE WHEN o >= 0.85 THEN next_day_id END AS review_day_id
         FROM seen`,
        `BEGIN`,
        `INSERT INTO "TriageOutcome" (id, "appointmentId", "patientId", "presentingProblems", "riskToSelf", "riskActionTaken", outcome, pathway,
           "signpostKind", "signpostTo", "reviewClinicDayId", "consentToReferral", recommendations, "recordedById", "recordedAt", "updatedAt", version)
         SELECT id, appointment_id, patient_id, 'Low mood and worry about managing long-term conditions', risk,
           CASE WHEN risk THEN 'Safety plan agreed; crisis line number given' END, outcome, pathway,
           CASE WHEN outcome = 'SIGNPOST' THEN 'SOCIAL_PRESCRIBING'::"SignpostKind" END,
           CASE WHEN outcome = 'SIGNPOST' THEN 'Social prescribing link worker' END,
           review_day_id, outcome = 'REFER', ARRAY['Review medicines that may lower mood'], staff_id, recorded_at, recorded_at, 1
         FROM gen_triage ORDER BY recorded_at`,
        `INSERT INTO "TriageVersion" (id, "triageOutcomeId", version, "presentingProblems", "riskToSelf", "riskToOthers", "riskFromOthers",
           "riskActionTaken", outcome, pathway, "signpostKind", "signpostTo", "reviewClinicDayId", "consentToReferral", recommendations,
           "recordedById", "recordedAt", "changeReason")
         SELECT uuidv7(), t.id, t.version, t."presentingProblems", t."riskToSelf", t."riskToOthers", t."riskFromOthers", t."riskActionTaken",
           t.outcome, t.pathway, t."signpostKind", t."signpostTo", t."reviewClinicDayId", t."consentToReferral", t.recommendations,
           t."recordedById", t."recordedAt", t."changeReason"
         FROM "TriageOutcome" t ORDER BY t."recordedAt"`,
        `COMMIT`,
        // Most recorded risks were later reviewed and resolved; the rest stay open (flagged on boards and lists).
        `INSERT INTO "RiskReview" (id, "triageOutcomeId", "triageVersion", outcome, reason, "reviewedById", "reviewedAt")
         SELECT uuidv7(), id, 1, 'RESOLVED', 'Seen by the crisis team; safety plan in place', staff_id, recorded_at + interval '7 days'
         FROM gen_triage WHERE risk AND ${u("key", 42)} < 0.8`,
        `INSERT INTO "Referral" (id, "patientId", "triageOutcomeId", pathway, status, "referredAt", "acceptedAt", "enteredTreatmentAt", "closedAt",
           "closedReason", "updatedAt")
         SELECT uuidv7(), patient_id, id, pathway, status, date,
           CASE WHEN status IN ('ACCEPTED', 'ENTERED_TREATMENT', 'DID_NOT_ENGAGE') THEN date + accept_days END,
           CASE WHEN status = 'ENTERED_TREATMENT' THEN date + accept_days + treat_days END,
           CASE WHEN status = 'DECLINED' THEN date + 10 WHEN status = 'DID_NOT_ENGAGE' THEN date + accept_days + 30 END,
           CASE WHEN status = 'DECLINED' THEN 'Declined by the service' WHEN status = 'DID_NOT_ENGAGE' THEN 'Did not take up the offer' END,
           recorded_at
         FROM (SELECT t.*, 5 + floor(15 * ${u("key", 43)})::int AS accept_days, 14 + floor(21 * ${u("key", 44)})::int AS treat_days,
                 (CASE WHEN ${u("key", 45)} < 0.4 THEN 'ENTERED_TREATMENT' WHEN ${u("key", 45)} < 0.7 THEN 'ACCEPTED'
                       WHEN ${u("key", 45)} < 0.85 THEN 'REFERRED' WHEN ${u("key", 45)} < 0.95 THEN 'DECLINED' ELSE 'DID_NOT_ENGAGE' END)::"ReferralStatus" AS status
               FROM gen_triage t WHERE outcome = 'REFER') r
         ORDER BY recorded_at`,
      ],
    },
    {
      step: "care plans",
      sql: [
        // A final plan after each GP appointment; a second visit revises it (the earlier version superseded).
        `CREATE TEMP TABLE gen_care_plan AS
         SELECT g.*, lag(g.id) OVER (PARTITION BY g.patient_id ORDER BY g.date) AS previous_id,
           (row_number() OVER (PARTITION BY g.patient_id ORDER BY g.date))::int AS version,
           (row_number() OVER (PARTITION BY g.patient_id ORDER BY g.date DESC)) = 1 AS latest
         FROM (SELECT uuidv7() AS id, a.patient_id, a.day_id, a.date, a.staff_id AS gp_id, a.started_at + interval '20 minutes' AS finalised_at,
                 v.staff_id AS key_worker_id
               FROM gen_afternoon a JOIN gen_visit v ON v.key = a.key
               WHERE a.kind = 'GP' AND NOT a.missed) g`,
        `INSERT INTO "CarePlan" (id, "patientId", "clinicDayId", version, status, "whatMatters", goals, "keyWorkerId", "nextReviewDate", "authorId",
           "finalisedById", "finalisedAt", "changeReason", "previousVersionId", "createdAt", "updatedAt")
         SELECT id, patient_id, day_id, version, (CASE WHEN latest THEN 'FINAL' ELSE 'SUPERSEDED' END)::"CarePlanStatus",
           'Staying well enough to look after my grandchildren', 'Walk for 20 minutes most days; understand my medicines',
           key_worker_id, date + 182, gp_id, gp_id, finalised_at,
           CASE WHEN version > 1 THEN 'Reviewed at a later clinic day' END, previous_id, finalised_at - interval '15 minutes', finalised_at
         FROM gen_care_plan ORDER BY finalised_at`,
      ],
    },
    {
      step: "audit events",
      sql: [
        `CREATE TEMP TABLE gen_audit (at timestamptz, actor_id uuid, action text, patient_id uuid, entity_type text, entity_id text, details jsonb)`,
        // Registration: each patient came in with their practice's list.
        `INSERT INTO gen_audit SELECT p."createdAt", (SELECT leads FROM gen_ref)[g.pcn_no + 1], 'patient.import', p.id, 'Patient', p.id::text, NULL::jsonb
         FROM "Patient" p JOIN gen_patient g ON g.id = p.id`,
        // Staff sign in each clinic day.
        `INSERT INTO gen_audit SELECT d.date::timestamp AT TIME ZONE 'Europe/London' + interval '7 hours 50 minutes', s.id, 'auth.sign-in', NULL::uuid, NULL::text, NULL::text, NULL::jsonb
         FROM "ClinicDay" d JOIN "Clinic" c ON c.id = d."clinicId" JOIN "StaffUser" s ON s."pcnId" = c."pcnId"`,
        // A visit: booked, arrived, screened, on the board of four people, seen by the GP, care plan finalised.
        `INSERT INTO gen_audit
         SELECT booked_at, (SELECT receptions FROM gen_ref)[pcn_no + 1], 'appointment.book', patient_id, 'Appointment', id::text, NULL::jsonb FROM gen_visit
         UNION ALL SELECT checked_in_at, (SELECT receptions FROM gen_ref)[pcn_no + 1], 'appointment.check-in', patient_id, 'Appointment', id::text, NULL FROM gen_visit WHERE attended
         UNION ALL SELECT phq4_at, staff_id, 'phq4.record', patient_id, 'Appointment', id::text, NULL FROM gen_visit WHERE attended
         UNION ALL SELECT starts_at - interval '5 minutes' * b.n, CASE b.n WHEN 0 THEN (SELECT leads FROM gen_ref)[pcn_no + 1] WHEN 1 THEN (SELECT receptions FROM gen_ref)[pcn_no + 1] ELSE staff_id END,
           'flow-board.view', patient_id, 'ClinicDay', day_id::text, jsonb_build_object('phq4Shown', b.n <> 1)
           FROM gen_visit CROSS JOIN generate_series(0, 3) b(n)
         UNION ALL SELECT starts_at - interval '2 days', (SELECT receptions FROM gen_ref)[pcn_no + 1], 'appointment.cancel', patient_id, 'Appointment', id::text, NULL FROM gen_cancelled
         UNION ALL SELECT starts_at - interval '14 days', (SELECT receptions FROM gen_ref)[pcn_no + 1], 'appointment.book', patient_id, 'Appointment', id::text, NULL FROM gen_cancelled`,
        `INSERT INTO gen_audit
         SELECT started_at, staff_id, 'appointment.start', patient_id, 'Appointment', id::text, NULL::jsonb FROM gen_afternoon WHERE NOT missed
         UNION ALL SELECT started_at + interval '1 minute', staff_id, 'patient.view', patient_id, 'Patient', patient_id::text, NULL FROM gen_afternoon WHERE NOT missed
         UNION ALL SELECT started_at + interval '20 minutes', staff_id, 'appointment.finish', patient_id, 'Appointment', id::text, NULL FROM gen_afternoon WHERE NOT missed
         UNION ALL SELECT recorded_at, staff_id, 'triage.record', patient_id, 'TriageOutcome', id::text, NULL FROM gen_triage
         UNION ALL SELECT finalised_at, gp_id, 'care-plan.finalise', patient_id, 'CarePlan', id::text, NULL FROM gen_care_plan`,
        // In time order, as the app writes them (the audit search lists newest first by id).
        `INSERT INTO "AuditEvent" (at, "actorId", "actorEmail", action, outcome, "patientId", "entityType", "entityId", ip, "userAgent", details)
         SELECT a.at, a.actor_id, s.email, a.action, 'SUCCESS', a.patient_id, a.entity_type, a.entity_id,
           '10.20.' || (hashint8(extract(epoch FROM a.at)::bigint) & 255) || '.' || (abs(hashtext(s.email)) % 250 + 1), '${USER_AGENT}', a.details
         FROM gen_audit a JOIN "StaffUser" s ON s.id = a.actor_id
         ORDER BY a.at`,
      ],
    },
    { step: "vacuum and analyse", sql: [`VACUUM (ANALYZE)`] },
  ];
}

export const COUNTED_TABLES = [
  "Pcn",
  "Practice",
  "StaffUser",
  "Patient",
  "ClinicDay",
  "Slot",
  "Appointment",
  "Phq4Assessment",
  "TriageOutcome",
  "TriageVersion",
  "RiskReview",
  "Referral",
  "CarePlan",
  "AuditEvent",
] as const;

export async function buildIcbDataSet(db: Db, url: string, log: (line: string) => void = console.log): Promise<IcbDataSet> {
  const timings: IcbDataSet["steps"] = [];
  // A bulk load writes gigabytes of WAL: checkpoint less often than every 1 GB (the server is thrown away afterwards).
  await db.$executeRawUnsafe("ALTER SYSTEM SET max_wal_size = '8GB'");
  await db.$executeRawUnsafe("SELECT pg_reload_conf()");
  let t = performance.now();
  const pcns = await organisations(db, log);
  timings.push({ step: "organisations and clinic days (the app's services)", seconds: (performance.now() - t) / 1000 });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A bulk load: nothing here needs to wait for the disk before the next statement (the data set is thrown away).
    await client.query("SET synchronous_commit = off");
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query("SET work_mem = '128MB'");
    // What the SQL below refers to: the PCNs in order, their practices, receptions and leads, and the names.
    await client.query("CREATE TEMP TABLE gen_ref (pcns uuid[], practices uuid[], given text[], family text[], receptions uuid[], leads uuid[])");
    await client.query("INSERT INTO gen_ref VALUES ($1, $2, $3, $4, $5, $6)", [
      pcns.map((p) => p.org.pcnId),
      pcns.flatMap((p) => p.org.practiceIds),
      GIVEN_NAMES,
      FAMILY_NAMES,
      pcns.map((p) => p.actors.reception.id),
      pcns.map((p) => p.actors.lead.id),
    ]);
    for (const { step, sql } of steps()) {
      t = performance.now();
      for (const statement of sql) await client.query(statement);
      const seconds = (performance.now() - t) / 1000;
      timings.push({ step, seconds });
      log(`  ${step}: ${seconds.toFixed(1)} s`);
    }
    const counts: Record<string, number> = {};
    for (const table of COUNTED_TABLES) {
      counts[table] = Number((await client.query(`SELECT count(*)::bigint AS n FROM "${table}"`)).rows[0].n);
    }
    return { pcns, from: ICB.firstDate, to: addDays(ICB.firstDate, ICB.weeks * 7 - 1), steps: timings, counts };
  } finally {
    await client.end();
  }
}
