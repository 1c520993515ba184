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
 * referral moved on. Each visit's facts are computed once, when something they
 * are made of changes, and kept in VisitFact (visit-facts.ts;
 * docs/decisions/0017-visit-facts.md): the funnel and the times count those.
 */
import type { DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { FunnelCounts } from "@/lib/reports";
import { TIME_MEASURES, type TimeMeasure } from "@/lib/reports/times";
import type { HuddleFigures } from "@/lib/reports/huddle";
import { factColumns, visitFactRows } from "@/lib/services/reports/internal/visit-facts";

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

/** The CTEs `day` (the period's clinic days, with their clinic's PHQ-4 threshold as it is now) and `stale`. */
function periodDays(pcnId: string, f: ResolvedFilter): Prisma.Sql {
  return Prisma.sql`
    day AS MATERIALIZED (
      SELECT cd.id, c."phq4Threshold" AS threshold
      FROM "Clinic" c
      JOIN "ClinicDay" cd ON cd."clinicId" = c.id
      WHERE ${scope(pcnId, f)}
    ),
    -- Visits whose facts may be out of date: marked themselves, or their patient marked.
    stale AS MATERIALIZED (
      SELECT p."patientId", p."clinicDayId" FROM "VisitFactPending" p JOIN day ON day.id = p."clinicDayId"
      UNION
      SELECT a."patientId", a."clinicDayId"
      FROM "VisitFactPending" p
      JOIN "Appointment" a ON a."patientId" = p."patientId"
      JOIN day ON day.id = a."clinicDayId"
      WHERE p."clinicDayId" IS NULL
    )`;
}

/**
 * Whether any visit of the period is marked pending in this snapshot. The reports run in one REPEATABLE READ
 * snapshot, so this and the query that follows see the same marks; planning the per-visit query costs about 20 ms
 * at ICB size, so it is only part of the query when there is something to recompute.
 */
async function anyStale(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<boolean> {
  const [row] = await tx.$queryRaw<Array<{ stale: boolean }>>(Prisma.sql`
    WITH ${periodDays(pcnId, f)}
    SELECT EXISTS (SELECT 1 FROM stale) AS stale`);
  return row?.stale ?? false;
}

/**
 * The CTEs `day`, `stale` and `fact`: one row per visit on the period's days, with the threshold (for one practice,
 * that practice's patients' visits). The facts are those in VisitFact, except for visits marked pending, which are
 * recomputed here by the same per-visit query: so the counts are exact for the snapshot whether or not a refresh
 * ran (docs/decisions/0017-visit-facts.md).
 */
async function periodFacts(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<Prisma.Sql> {
  const stale = await anyStale(tx, pcnId, f);
  return Prisma.sql`
    ${periodDays(pcnId, f)},
    fact AS MATERIALIZED (
      SELECT u.* FROM (
        SELECT ${factColumns("f")}, day.threshold
        FROM day
        -- Each day's facts by index (a hash of the whole table would read every PCN's years).
        CROSS JOIN LATERAL (SELECT * FROM "VisitFact" f WHERE f."clinicDayId" = day.id OFFSET 0) f
        ${
          stale
            ? Prisma.sql`
        -- NOT IN (no NULLs in stale) hashes the few stale visits once rather than every fact.
        WHERE (f."patientId", f."clinicDayId") NOT IN (SELECT s."patientId", s."clinicDayId" FROM stale s)
        UNION ALL
        SELECT ${factColumns("r")}, day.threshold
        FROM (${visitFactRows(Prisma.sql`SELECT "patientId", "clinicDayId" FROM stale`)}) r
        JOIN day ON day.id = r."clinicDayId"`
            : Prisma.empty
        }
      ) u
      ${
        // The practice (its ODS code is unique) looked up once.
        f.practice ? Prisma.sql`WHERE u."practiceId" = (SELECT pr.id FROM "Practice" pr WHERE pr."odsCode" = ${f.practice})` : Prisma.empty
      }
    )`;
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
    WITH ${await periodFacts(tx, pcnId, f)},
    flags AS (
      SELECT "practiceId", status,
        status IN ('ARRIVED', 'FULFILLED') AS attended,
        COALESCE("phq4Total" >= threshold, false) AS positive,
        seen, accepted, treated
      FROM fact
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
    WITH day AS MATERIALIZED (
      SELECT cd.id FROM "Clinic" c JOIN "ClinicDay" cd ON cd."clinicId" = c.id
      WHERE cd.status = 'SCHEDULED' AND ${scope(pcnId, f)}
    ),
    slot AS (
      SELECT cs.kind, count(*) AS slots
      FROM day
      JOIN "ClinicSession" cs ON cs."clinicDayId" = day.id
      JOIN "Slot" s ON s."sessionId" = cs.id
      GROUP BY cs.kind
    ),
    -- A held slot is one an appointment holds (activeSlotId, unique). The database keeps every appointment on its
    -- slot's day and of its session's kind, so the days' appointments that hold a slot, by kind, are the held
    -- slots by session: found from the days in Appointment_held_slots_idx (kind and status are in it), not by
    -- matching every appointment to the slots.
    held AS (
      SELECT x.kind,
        count(*) AS booked,
        count(*) FILTER (WHERE x.status IN ('ARRIVED', 'FULFILLED')) AS attended,
        count(*) FILTER (WHERE x.status = 'NOSHOW') AS "noShows"
      FROM day
      CROSS JOIN LATERAL (
        SELECT x.kind, x.status${f.practice ? Prisma.sql`, x."patientId"` : Prisma.empty}
        FROM "Appointment" x WHERE x."clinicDayId" = day.id AND x."activeSlotId" IS NOT NULL OFFSET 0
      ) x
      ${
        // The patient's practice (its ODS code is unique, looked up once) only when the report is for one practice.
        f.practice
          ? Prisma.sql`WHERE (SELECT p."practiceId" FROM "Patient" p WHERE p.id = x."patientId") = (SELECT pr.id FROM "Practice" pr WHERE pr."odsCode" = ${f.practice})`
          : Prisma.empty
      }
      GROUP BY x.kind
    )
    SELECT slot.kind::text AS kind,
      slot.slots::int AS slots,
      COALESCE(held.booked, 0)::int AS booked,
      COALESCE(held.attended, 0)::int AS attended,
      COALESCE(held."noShows", 0)::int AS "noShows"
    FROM slot
    LEFT JOIN held ON held.kind = slot.kind
    ORDER BY slot.kind`);
}

export type TimeRow = { measure: TimeMeasure; visits: number; medianMinutes: number | null; p90Minutes: number | null };

/** Medians and 90th percentiles in minutes of the attended visits' times, computed by PostgreSQL. */
export async function visitTimes(tx: DbTx, pcnId: string, f: ResolvedFilter): Promise<TimeRow[]> {
  const [row] = await tx.$queryRaw<Array<Record<string, number | null>>>(Prisma.sql`
    WITH ${await periodFacts(tx, pcnId, f)},
    waits AS (
      SELECT "stayMinutes" AS stay, "waitMorningMinutes" AS "waitMorning",
        "waitTalkingTherapiesMinutes" AS "waitTt", "waitGpMinutes" AS "waitGp"
      FROM fact
      WHERE status IN ('ARRIVED', 'FULFILLED')
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
