/**
 * REFERENCE ONLY: the reports' visit queries as they were before the per-visit facts (commit a4cb83b,
 * lib/services/reports/internal/report-queries.ts), kept unchanged so the tests can show that the facts and the
 * reports counted from them (docs/decisions/0017-visit-facts.md) equal the visits recomputed from scratch. They
 * recompute every visit of the period on every call; do not use them in the app.
 */
import type { DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ResolvedFilter, PracticeFunnel, SlotUseRow, TimeRow } from "@/lib/services/reports/internal/report-queries";
import { TIME_MEASURES } from "@/lib/reports/times";

function scope(pcnId: string, f: ResolvedFilter): Prisma.Sql {
  return Prisma.sql`c."pcnId" = ${pcnId}::uuid
    AND cd.date BETWEEN ${f.from}::date AND ${f.to}::date
    ${f.clinicId ? Prisma.sql`AND c.id = ${f.clinicId}::uuid` : Prisma.empty}`;
}

function practiceScope(f: ResolvedFilter): Prisma.Sql {
  return f.practice ? Prisma.sql`AND pr."odsCode" = ${f.practice}` : Prisma.empty;
}

/**
 * The visits of the period: one row per patient per clinic day with a morning appointment that stands.
 * The period's appointments are found from its clinic days (by index); each one's slot and patient are
 * then looked up by id, one index look-up per appointment: a join the planner is free to reorder would
 * read the whole slot table and the whole register (every PCN's) to hash them, which at the size of an
 * integrated care board costs far more than the look-ups (docs/decisions/0014-reads-at-icb-scale.md).
 * `OFFSET 0` keeps each LATERAL subquery a look-up of its own.
 */
function visits(pcnId: string, f: ResolvedFilter): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (a."patientId", a."clinicDayId")
      a.id AS "morningId", a."patientId", a."clinicDayId", a.status, a."checkedInAt", a."endedAt",
      s."startsAt" AS "slotStartsAt", c."phq4Threshold" AS threshold, p."practiceId"
    FROM "Clinic" c
    JOIN "ClinicDay" cd ON cd."clinicId" = c.id
    JOIN "Appointment" a ON a."clinicDayId" = cd.id
    CROSS JOIN LATERAL (SELECT s."startsAt" FROM "Slot" s WHERE s.id = a."slotId" OFFSET 0) s
    CROSS JOIN LATERAL (SELECT p."practiceId" FROM "Patient" p WHERE p.id = a."patientId" OFFSET 0) p
    WHERE a.kind = 'WRAP_AROUND' AND a.status NOT IN ('CANCELLED', 'ENTERED_IN_ERROR')
      AND ${scope(pcnId, f)}
      ${
        // The practice (its ODS code is unique) looked up once, not joined per visit.
        f.practice ? Prisma.sql`AND p."practiceId" = (SELECT pr.id FROM "Practice" pr WHERE pr."odsCode" = ${f.practice})` : Prisma.empty
      }
    ORDER BY a."patientId", a."clinicDayId", (a.status IN ('ARRIVED', 'FULFILLED')) DESC, a."bookedAt" DESC`;
}

/** The funnel per practice (practices with no visits are absent). Each step is a subset of the one before. */
export async function referenceFunnelByPractice(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<PracticeFunnel[]> {
  return tx.$queryRaw<PracticeFunnel[]>(Prisma.sql`
    WITH visit AS MATERIALIZED (${visits(pcnId, f)}),
    -- Materialised, so each visit's flags are worked out once rather than once per count below. Each visit's
    -- PHQ-4 and afternoon are looked up for that visit (LATERAL: by index, per visit), never by hashing the
    -- whole tables, which hold every PCN's years (docs/decisions/0014-reads-at-icb-scale.md).
    flags AS MATERIALIZED (
      SELECT v."practiceId", v.status,
        v.status IN ('ARRIVED', 'FULFILLED') AS attended,
        COALESCE(p.total >= v.threshold, false) AS positive,
        COALESCE(th.seen, false) AS seen,
        COALESCE(th.accepted, false) AS accepted,
        COALESCE(th.treated, false) AS treated
      FROM visit v
      LEFT JOIN LATERAL (
        -- The current assessment is the one no amendment points at.
        SELECT q.total
        FROM "Phq4Assessment" q
        WHERE q."appointmentId" = v."morningId"
          AND NOT EXISTS (SELECT 1 FROM "Phq4Assessment" n WHERE n."amendsId" = q.id)
        ORDER BY q."recordedAt" DESC
        LIMIT 1
      ) p ON true
      LEFT JOIN LATERAL (
        SELECT
          bool_or(t."startedAt" IS NOT NULL OR t.status = 'FULFILLED' OR o.id IS NOT NULL) AS seen,
          bool_or(r."acceptedAt" IS NOT NULL) AS accepted,
          bool_or(r."enteredTreatmentAt" IS NOT NULL) AS treated
        FROM "Appointment" t
        LEFT JOIN "TriageOutcome" o ON o."appointmentId" = t.id
        LEFT JOIN "Referral" r ON r."triageOutcomeId" = o.id
        WHERE t."clinicDayId" = v."clinicDayId" AND t."patientId" = v."patientId" AND t.kind = 'TALKING_THERAPIES'
      ) th ON true
    )
    SELECT "practiceId",
      count(*)::int AS booked,
      count(*) FILTER (WHERE attended)::int AS attended,
      count(*) FILTER (WHERE attended AND positive)::int AS "screenedPositive",
      count(*) FILTER (WHERE attended AND positive AND seen)::int AS "seenByTalkingTherapies",
      count(*) FILTER (WHERE attended AND positive AND seen AND accepted)::int AS "broughtIntoService",
      count(*) FILTER (WHERE attended AND positive AND seen AND accepted AND treated)::int AS "wentOnToTreatment",
      count(*) FILTER (WHERE status = 'NOSHOW')::int AS "noShows",
      count(*) FILTER (WHERE status = 'BOOKED')::int AS "stillBooked",
      count(*) FILTER (WHERE attended AND NOT positive AND seen)::int AS "seenWithoutPositive"
    FROM flags
    GROUP BY "practiceId"`);
}

/**
 * Slots of the period's scheduled clinic days by session, with how many hold an
 * appointment and how many were used (the patient came). With a practice
 * filter the slots are still the clinic's; booked and used count that practice's patients.
 */
export async function referenceSlotUse(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<SlotUseRow[]> {
  return tx.$queryRaw<SlotUseRow[]>(Prisma.sql`
    SELECT cs.kind::text AS kind,
      count(*)::int AS slots,
      count(a.id)::int AS booked,
      count(a.id) FILTER (WHERE a.status IN ('ARRIVED', 'FULFILLED'))::int AS attended,
      count(a.id) FILTER (WHERE a.status = 'NOSHOW')::int AS "noShows"
    FROM "Slot" s
    JOIN "ClinicSession" cs ON cs.id = s."sessionId"
    JOIN "ClinicDay" cd ON cd.id = cs."clinicDayId"
    JOIN "Clinic" c ON c.id = cd."clinicId"
    LEFT JOIN LATERAL (
      SELECT x.id, x.status FROM "Appointment" x
      ${
        // The patient's practice only when the report is for one practice: every appointment has its patient.
        f.practice ? Prisma.sql`JOIN "Patient" p ON p.id = x."patientId" JOIN "Practice" pr ON pr.id = p."practiceId"` : Prisma.empty
      }
      WHERE x."activeSlotId" = s.id ${practiceScope(f)}
    ) a ON true
    WHERE cd.status = 'SCHEDULED' AND ${scope(pcnId, f)}
    GROUP BY cs.kind
    ORDER BY cs.kind`);
}

/** Medians and 90th percentiles in minutes of the attended visits' times, computed by PostgreSQL. */
export async function referenceVisitTimes(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<TimeRow[]> {
  const [row] = await tx.$queryRaw<Array<Record<string, number | null>>>(Prisma.sql`
    WITH visit AS MATERIALIZED (${visits(pcnId, f)}),
    attended AS (SELECT * FROM visit WHERE status IN ('ARRIVED', 'FULFILLED')),
    -- Each attended visit's appointments that day, folded into one row (looked up per visit, by index): when they
    -- left, and the first Talking Therapies and GP appointments called in (their slot time, start and, for therapy, end).
    timed AS (
      SELECT v."checkedInAt", d."leftAt",
        GREATEST(v."checkedInAt", v."slotStartsAt") AS "morningReady",
        LEAST(w."recordedAt", fp.at) AS "morningSeen",
        v."endedAt" AS "morningEnded",
        d."ttSlot", d."ttStarted", d."ttEnded", d."gpSlot", d."gpStarted"
      FROM attended v
      CROSS JOIN LATERAL (
        SELECT
          max(x."endedAt") FILTER (WHERE x.status = 'FULFILLED') AS "leftAt",
          (array_agg(s."startsAt" ORDER BY x."startedAt") FILTER (WHERE x.kind = 'TALKING_THERAPIES' AND x."startedAt" IS NOT NULL))[1] AS "ttSlot",
          min(x."startedAt") FILTER (WHERE x.kind = 'TALKING_THERAPIES') AS "ttStarted",
          (array_agg(x."endedAt" ORDER BY x."startedAt") FILTER (WHERE x.kind = 'TALKING_THERAPIES' AND x."startedAt" IS NOT NULL))[1] AS "ttEnded",
          (array_agg(s."startsAt" ORDER BY x."startedAt") FILTER (WHERE x.kind = 'GP' AND x."startedAt" IS NOT NULL))[1] AS "gpSlot",
          min(x."startedAt") FILTER (WHERE x.kind = 'GP') AS "gpStarted"
        FROM "Appointment" x
        JOIN "Slot" s ON s.id = x."slotId"
        WHERE x."clinicDayId" = v."clinicDayId" AND x."patientId" = v."patientId"
      ) d
      LEFT JOIN "WrapAroundCheck" w ON w."appointmentId" = v."morningId"
      LEFT JOIN LATERAL (SELECT min(q."recordedAt") AS at FROM "Phq4Assessment" q WHERE q."appointmentId" = v."morningId") fp ON true
    ),
    minutes AS (
      SELECT
        extract(epoch FROM ("leftAt" - "checkedInAt")) / 60 AS stay,
        extract(epoch FROM ("morningSeen" - "morningReady")) / 60 AS "waitMorning",
        extract(epoch FROM ("ttStarted" - GREATEST("ttSlot", COALESCE("morningEnded", "ttSlot")))) / 60 AS "waitTt",
        extract(epoch FROM ("gpStarted" - GREATEST("gpSlot", COALESCE("ttEnded", "morningEnded", "gpSlot")))) / 60 AS "waitGp"
      FROM timed
    ),
    -- Someone called in before their ready time waited nothing; a missing time stays missing (GREATEST would make it 0).
    waits AS (
      SELECT stay,
        CASE WHEN "waitMorning" < 0 THEN 0 ELSE "waitMorning" END AS "waitMorning",
        CASE WHEN "waitTt" < 0 THEN 0 ELSE "waitTt" END AS "waitTt",
        CASE WHEN "waitGp" < 0 THEN 0 ELSE "waitGp" END AS "waitGp"
      FROM minutes
    )
    SELECT
      count(stay)::int AS "arrivalToLeavingVisits",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY stay))::float8 AS "arrivalToLeavingMedian",
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY stay))::float8 AS "arrivalToLeavingP90",
      count("waitMorning")::int AS "waitMorningVisits",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY "waitMorning"))::float8 AS "waitMorningMedian",
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY "waitMorning"))::float8 AS "waitMorningP90",
      count("waitTt")::int AS "waitTalkingTherapiesVisits",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY "waitTt"))::float8 AS "waitTalkingTherapiesMedian",
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY "waitTt"))::float8 AS "waitTalkingTherapiesP90",
      count("waitGp")::int AS "waitGpVisits",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY "waitGp"))::float8 AS "waitGpMedian",
      (percentile_cont(0.9) WITHIN GROUP (ORDER BY "waitGp"))::float8 AS "waitGpP90"
    FROM waits`);
  return TIME_MEASURES.map((measure) => ({
    measure,
    visits: Number(row?.[`${measure}Visits`] ?? 0),
    medianMinutes: roundOrNull(row?.[`${measure}Median`]),
    p90Minutes: roundOrNull(row?.[`${measure}P90`]),
  }));
}

function roundOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}

export type ReferenceVisit = {
  clinicDayId: string;
  patientId: string;
  morningId: string;
  practiceId: string;
  status: string;
  phq4Total: number | null;
  positive: boolean;
  seen: boolean;
  accepted: boolean;
  treated: boolean;
  stayMinutes: number | null;
  waitMorningMinutes: number | null;
  waitTalkingTherapiesMinutes: number | null;
  waitGpMinutes: number | null;
};

/**
 * Every visit of the PCN's clinic days (any date), one row each, from the queries above: the visit CTE, the
 * funnel's flags and the times' minutes (after the same clamping), joined back on the visit's keys.
 */
export async function referenceVisits(tx: DbTx, pcnId: string): Promise<ReferenceVisit[]> {
  const all: ResolvedFilter = { from: "1900-01-01", to: "2999-12-31" };
  return tx.$queryRaw<ReferenceVisit[]>(Prisma.sql`
    WITH visit AS MATERIALIZED (${visits(pcnId, all)}),
    flags AS MATERIALIZED (
      SELECT v."morningId", p.total AS "phq4Total",
        COALESCE(p.total >= v.threshold, false) AS positive,
        COALESCE(th.seen, false) AS seen,
        COALESCE(th.accepted, false) AS accepted,
        COALESCE(th.treated, false) AS treated
      FROM visit v
      LEFT JOIN LATERAL (
        SELECT q.total
        FROM "Phq4Assessment" q
        WHERE q."appointmentId" = v."morningId"
          AND NOT EXISTS (SELECT 1 FROM "Phq4Assessment" n WHERE n."amendsId" = q.id)
        ORDER BY q."recordedAt" DESC
        LIMIT 1
      ) p ON true
      LEFT JOIN LATERAL (
        SELECT
          bool_or(t."startedAt" IS NOT NULL OR t.status = 'FULFILLED' OR o.id IS NOT NULL) AS seen,
          bool_or(r."acceptedAt" IS NOT NULL) AS accepted,
          bool_or(r."enteredTreatmentAt" IS NOT NULL) AS treated
        FROM "Appointment" t
        LEFT JOIN "TriageOutcome" o ON o."appointmentId" = t.id
        LEFT JOIN "Referral" r ON r."triageOutcomeId" = o.id
        WHERE t."clinicDayId" = v."clinicDayId" AND t."patientId" = v."patientId" AND t.kind = 'TALKING_THERAPIES'
      ) th ON true
    ),
    attended AS (SELECT * FROM visit WHERE status IN ('ARRIVED', 'FULFILLED')),
    timed AS (
      SELECT v."morningId", v."checkedInAt", d."leftAt",
        GREATEST(v."checkedInAt", v."slotStartsAt") AS "morningReady",
        LEAST(w."recordedAt", fp.at) AS "morningSeen",
        v."endedAt" AS "morningEnded",
        d."ttSlot", d."ttStarted", d."ttEnded", d."gpSlot", d."gpStarted"
      FROM attended v
      CROSS JOIN LATERAL (
        SELECT
          max(x."endedAt") FILTER (WHERE x.status = 'FULFILLED') AS "leftAt",
          (array_agg(s."startsAt" ORDER BY x."startedAt") FILTER (WHERE x.kind = 'TALKING_THERAPIES' AND x."startedAt" IS NOT NULL))[1] AS "ttSlot",
          min(x."startedAt") FILTER (WHERE x.kind = 'TALKING_THERAPIES') AS "ttStarted",
          (array_agg(x."endedAt" ORDER BY x."startedAt") FILTER (WHERE x.kind = 'TALKING_THERAPIES' AND x."startedAt" IS NOT NULL))[1] AS "ttEnded",
          (array_agg(s."startsAt" ORDER BY x."startedAt") FILTER (WHERE x.kind = 'GP' AND x."startedAt" IS NOT NULL))[1] AS "gpSlot",
          min(x."startedAt") FILTER (WHERE x.kind = 'GP') AS "gpStarted"
        FROM "Appointment" x
        JOIN "Slot" s ON s.id = x."slotId"
        WHERE x."clinicDayId" = v."clinicDayId" AND x."patientId" = v."patientId"
      ) d
      LEFT JOIN "WrapAroundCheck" w ON w."appointmentId" = v."morningId"
      LEFT JOIN LATERAL (SELECT min(q."recordedAt") AS at FROM "Phq4Assessment" q WHERE q."appointmentId" = v."morningId") fp ON true
    ),
    minutes AS (
      SELECT "morningId",
        extract(epoch FROM ("leftAt" - "checkedInAt")) / 60 AS stay,
        extract(epoch FROM ("morningSeen" - "morningReady")) / 60 AS "waitMorning",
        extract(epoch FROM ("ttStarted" - GREATEST("ttSlot", COALESCE("morningEnded", "ttSlot")))) / 60 AS "waitTt",
        extract(epoch FROM ("gpStarted" - GREATEST("gpSlot", COALESCE("ttEnded", "morningEnded", "gpSlot")))) / 60 AS "waitGp"
      FROM timed
    ),
    waits AS (
      SELECT "morningId", stay,
        CASE WHEN "waitMorning" < 0 THEN 0 ELSE "waitMorning" END AS "waitMorning",
        CASE WHEN "waitTt" < 0 THEN 0 ELSE "waitTt" END AS "waitTt",
        CASE WHEN "waitGp" < 0 THEN 0 ELSE "waitGp" END AS "waitGp"
      FROM minutes
    )
    SELECT v."clinicDayId"::text, v."patientId"::text, v."morningId"::text, v."practiceId"::text, v.status::text,
      fl."phq4Total", fl.positive, fl.seen, fl.accepted, fl.treated,
      w.stay::float8 AS "stayMinutes", w."waitMorning"::float8 AS "waitMorningMinutes",
      w."waitTt"::float8 AS "waitTalkingTherapiesMinutes", w."waitGp"::float8 AS "waitGpMinutes"
    FROM visit v
    JOIN flags fl ON fl."morningId" = v."morningId"
    LEFT JOIN waits w ON w."morningId" = v."morningId"
    ORDER BY v."clinicDayId", v."patientId"`);
}
