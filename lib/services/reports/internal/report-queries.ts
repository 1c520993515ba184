/**
 * The reports' aggregate queries. Everything is counted in PostgreSQL; the app
 * receives one row per practice, session kind or measure, never the patients.
 *
 * The unit is the clinic-day visit: one patient on one clinic day, identified
 * by their morning (wrap-around) appointment that was not cancelled or entered
 * in error. A patient who comes to three clinic days in the period is three
 * visits; the database allows one such morning appointment per patient per day.
 * Later steps (Talking Therapies, triage, referral) are those of the same
 * patient on the same clinic day, counted as they stand now, whenever the
 * referral moved on.
 */
import type { DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { FunnelCounts } from "@/lib/reports";
import { TIME_MEASURES, type TimeMeasure } from "@/lib/reports/times";
import type { HuddleFigures } from "@/lib/reports/huddle";

export type ResolvedFilter = {
  from: string;
  to: string;
  clinicId?: string;
  clinicName?: string;
  practice?: string;
  practiceName?: string;
};

export type ReportOptions = {
  clinics: Array<{ id: string; name: string }>;
  practices: Array<{ id: string; odsCode: string; name: string }>;
};

/** The clinics and practices of the actor's PCN, for the filters. */
export async function loadReportOptions(tx: DbTx, pcnId: string): Promise<ReportOptions> {
  const clinics = await tx.clinic.findMany({ where: { pcnId }, orderBy: { name: "asc" }, select: { id: true, name: true } });
  const practices = await tx.practice.findMany({ where: { pcnId }, orderBy: { name: "asc" }, select: { id: true, odsCode: true, name: true } });
  return { clinics, practices };
}

/** The filter checked against the PCN's own clinics and practices. */
export async function resolveFilter(
  tx: DbTx,
  pcnId: string,
  filter: { from: string; to: string; clinicId?: string; practice?: string },
): Promise<{ options: ReportOptions; filter: ResolvedFilter }> {
  const { clinics, practices } = await loadReportOptions(tx, pcnId);
  const clinic = filter.clinicId ? clinics.find((c) => c.id === filter.clinicId) : undefined;
  if (filter.clinicId && !clinic) {
    throw new AppError("NOT_FOUND", "That clinic was not found in your PCN", { fieldErrors: { clinicId: "Choose a clinic from the list" } });
  }
  const practice = filter.practice ? practices.find((p) => p.odsCode === filter.practice) : undefined;
  if (filter.practice && !practice) {
    throw new AppError("NOT_FOUND", `No practice with ODS code ${filter.practice} belongs to your PCN`, {
      fieldErrors: { practice: "Choose a practice from the list" },
    });
  }
  return {
    options: { clinics, practices },
    filter: {
      from: filter.from,
      to: filter.to,
      clinicId: clinic?.id,
      clinicName: clinic?.name,
      practice: practice?.odsCode,
      practiceName: practice?.name,
    },
  };
}

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

export type PracticeFunnel = FunnelCounts & {
  practiceId: string;
  noShows: number;
  stillBooked: number;
  /** Seen by Talking Therapies without a PHQ-4 at or above the threshold (a routing override): outside the funnel. */
  seenWithoutPositive: number;
};

/** The funnel per practice (practices with no visits are absent). Each step is a subset of the one before. */
export async function funnelByPractice(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<PracticeFunnel[]> {
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

export type SessionKindName = "WRAP_AROUND" | "TALKING_THERAPIES" | "GP";
export type SlotUseRow = { kind: SessionKindName; slots: number; booked: number; attended: number; noShows: number };

/**
 * Slots of the period's scheduled clinic days by session, with how many hold an
 * appointment and how many were used (the patient came). With a practice
 * filter the slots are still the clinic's; booked and used count that practice's patients.
 */
export async function slotUse(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<SlotUseRow[]> {
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

export type TimeRow = { measure: TimeMeasure; visits: number; medianMinutes: number | null; p90Minutes: number | null };

/** Medians and 90th percentiles in minutes of the attended visits' times, computed by PostgreSQL. */
export async function visitTimes(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<TimeRow[]> {
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

export type TriageCount = { outcome: "REFER" | "REVIEW_LATER" | "STANDALONE_SUPPORT" | "SIGNPOST"; count: number };
export type ReferralCount = {
  pathway: "STEP_2" | "STEP_3" | "LONG_TERM_CONDITIONS";
  status: "REFERRED" | "ACCEPTED" | "ENTERED_TREATMENT" | "FINISHED_TREATMENT" | "DECLINED" | "DID_NOT_ENGAGE";
  count: number;
};

/** Triage outcomes recorded at Talking Therapies appointments on the period's clinic days. */
export async function triageOutcomes(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<TriageCount[]> {
  return tx.$queryRaw<TriageCount[]>(Prisma.sql`
    SELECT o.outcome::text AS outcome, count(*)::int AS count
    FROM "TriageOutcome" o
    JOIN "Appointment" a ON a.id = o."appointmentId"
    JOIN "ClinicDay" cd ON cd.id = a."clinicDayId"
    JOIN "Clinic" c ON c.id = cd."clinicId"
    JOIN "Patient" p ON p.id = o."patientId"
    JOIN "Practice" pr ON pr.id = p."practiceId"
    WHERE ${scope(pcnId, f)} ${practiceScope(f)}
    GROUP BY o.outcome
    ORDER BY o.outcome`);
}

/** Referrals made at triage on the period's clinic days, by pathway and where each stands now. */
export async function referralCounts(
  tx: DbTx,
  pcnId: string,
  f: ResolvedFilter,
): Promise<{ rows: ReferralCount[]; medianDaysToAccept: number | null; medianDaysToTreatment: number | null }> {
  const rows = await tx.$queryRaw<ReferralCount[]>(Prisma.sql`
    SELECT r.pathway::text AS pathway, r.status::text AS status, count(*)::int AS count
    FROM "Referral" r
    JOIN "TriageOutcome" o ON o.id = r."triageOutcomeId"
    JOIN "Appointment" a ON a.id = o."appointmentId"
    JOIN "ClinicDay" cd ON cd.id = a."clinicDayId"
    JOIN "Clinic" c ON c.id = cd."clinicId"
    JOIN "Patient" p ON p.id = r."patientId"
    JOIN "Practice" pr ON pr.id = p."practiceId"
    WHERE ${scope(pcnId, f)} ${practiceScope(f)}
    GROUP BY r.pathway, r.status
    ORDER BY r.pathway, r.status`);
  const [days] = await tx.$queryRaw<Array<{ accept: number | null; treatment: number | null }>>(Prisma.sql`
    SELECT
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY r."acceptedAt" - r."referredAt"))::float8 AS accept,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY r."enteredTreatmentAt" - r."referredAt"))::float8 AS treatment
    FROM "Referral" r
    JOIN "TriageOutcome" o ON o.id = r."triageOutcomeId"
    JOIN "Appointment" a ON a.id = o."appointmentId"
    JOIN "ClinicDay" cd ON cd.id = a."clinicDayId"
    JOIN "Clinic" c ON c.id = cd."clinicId"
    JOIN "Patient" p ON p.id = r."patientId"
    JOIN "Practice" pr ON pr.id = p."practiceId"
    WHERE ${scope(pcnId, f)} ${practiceScope(f)}`);
  return { rows, medianDaysToAccept: roundOrNull(days?.accept), medianDaysToTreatment: roundOrNull(days?.treatment) };
}

/**
 * The referral huddle's figures for the period: cases whose first bringing
 * falls in it (London date), followed through any deferral or roll-over to
 * their decision as it stands now, and the referrals those decisions made or
 * moved on. Huddles are the PCN's, so the clinic filter does not apply; the
 * practice is the patient's. Days are calendar days between London dates: from
 * first bringing to the date of the huddle that decided the case, and from a
 * referral's first huddle decision to the date it was accepted (0 when it was
 * accepted earlier, e.g. a triage referral the huddle only linked).
 */
export async function huddleFigures(tx: DbTx, pcnId: string, f: ResolvedFilter, today: string): Promise<HuddleFigures> {
  const cte = Prisma.sql`
    WITH RECURSIVE root AS MATERIALIZED (
      SELECT hc.id, (hc."broughtAt" AT TIME ZONE 'Europe/London')::date AS "broughtOn"
      FROM "HuddleCase" hc
      JOIN "Huddle" h ON h.id = hc."huddleId"
      JOIN "Patient" p ON p.id = hc."patientId"
      JOIN "Practice" pr ON pr.id = p."practiceId"
      WHERE hc."rolledFromId" IS NULL AND h."pcnId" = ${pcnId}::uuid
        AND (hc."broughtAt" AT TIME ZONE 'Europe/London')::date BETWEEN ${f.from}::date AND ${f.to}::date
        ${practiceScope(f)}
    ),
    -- Each first case and every case it was carried on as, to the latest.
    chain AS (
      SELECT r.id AS "rootId", r.id AS "caseId" FROM root r
      UNION ALL
      SELECT c."rootId", n.id FROM chain c JOIN "HuddleCase" n ON n."rolledFromId" = c."caseId"
    ),
    decision AS MATERIALIZED (
      SELECT c."rootId", d.destination, d."referralId", h.date AS "decidedOn"
      FROM chain c
      JOIN "HuddleDecision" d ON d."caseId" = c."caseId"
      JOIN "HuddleCase" hc ON hc.id = c."caseId"
      JOIN "Huddle" h ON h.id = hc."huddleId"
    ),
    final AS (SELECT * FROM decision WHERE destination <> 'DEFERRED')`;

  const [cases] = await tx.$queryRaw<Array<{ brought: number; decided: number; deferredOnce: number; cases: number; median: number | null }>>(
    Prisma.sql`${cte}
    SELECT
      (SELECT count(*) FROM root)::int AS brought,
      count(fi."rootId")::int AS decided,
      (SELECT count(DISTINCT "rootId") FROM decision WHERE destination = 'DEFERRED')::int AS "deferredOnce",
      count(fi."rootId")::int AS cases,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY fi."decidedOn" - r."broughtOn"))::float8 AS median
    FROM final fi JOIN root r ON r.id = fi."rootId"`,
  );
  const byDestination = await tx.$queryRaw<Array<{ destination: string; count: number }>>(Prisma.sql`${cte}
    SELECT destination::text AS destination, count(*)::int AS count FROM final GROUP BY destination ORDER BY destination`);
  const [referrals] = await tx.$queryRaw<
    Array<{
      made: number;
      accepted: number;
      awaiting: number;
      overdue: number;
      closedWithoutAcceptance: number;
      median: number | null;
    }>
  >(Prisma.sql`${cte},
    referral AS (
      SELECT r.id, r.status, r."acceptedAt", r."acceptBy", min(fi."decidedOn") AS "decidedOn"
      FROM final fi JOIN "Referral" r ON r.id = fi."referralId"
      GROUP BY r.id
    )
    SELECT
      count(*)::int AS made,
      count(*) FILTER (WHERE "acceptedAt" IS NOT NULL)::int AS accepted,
      count(*) FILTER (WHERE status = 'REFERRED')::int AS awaiting,
      count(*) FILTER (WHERE status = 'REFERRED' AND "acceptBy" < ${today}::date)::int AS overdue,
      count(*) FILTER (WHERE status IN ('DECLINED', 'DID_NOT_ENGAGE') AND "acceptedAt" IS NULL)::int AS "closedWithoutAcceptance",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST("acceptedAt" - "decidedOn", 0)) FILTER (WHERE "acceptedAt" IS NOT NULL))::float8 AS median
    FROM referral`);
  return {
    brought: cases?.brought ?? 0,
    decided: cases?.decided ?? 0,
    deferredOnce: cases?.deferredOnce ?? 0,
    daysToDecision: { median: roundOrNull(cases?.median), cases: cases?.cases ?? 0 },
    referrals: {
      made: referrals?.made ?? 0,
      accepted: referrals?.accepted ?? 0,
      awaiting: referrals?.awaiting ?? 0,
      overdue: referrals?.overdue ?? 0,
      closedWithoutAcceptance: referrals?.closedWithoutAcceptance ?? 0,
    },
    daysToAcceptance: { median: roundOrNull(referrals?.median), referrals: referrals?.accepted ?? 0 },
    byDestination,
  };
}
