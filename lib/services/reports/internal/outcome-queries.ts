/**
 * Outcomes through treatment counted in PostgreSQL (issue 15): referrals
 * received, entered treatment, closed after treatment, and the recovery and
 * reliable improvement counts, per practice, pathway and long-term condition.
 *
 * The definitions are lib/outcomes/recovery.ts (decision 0015); this SQL is held
 * to them by tests/integration/outcome-queries.test.ts, which writes the pure
 * module's worked examples and random courses to the database and compares.
 * In short, per referral into Talking Therapies:
 * - its contacts are those no correction supersedes, and only attended ones count;
 * - a contact's PHQ-9 (GAD-7) is the latest response at it whose instrument
 *   version is validated for outcomes and maps to PHQ-9 (GAD-7);
 * - a measured session has both; the first and last measured sessions are
 *   compared, ordered by date (then by when they were recorded);
 * - finished treatment: closed after treatment (FINISHED_TREATMENT) with at least
 *   two attended treatment sessions.
 *
 * Which month a referral counts in (decision 0015, "Counting by month"): received
 * by its referral date, entered treatment by the date treatment began, closed
 * after treatment, finished treatment and every rate by the closing date.
 */
import type { DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { MEASURES } from "@/lib/outcomes/measures";
import type { OutcomeRow, Pathway } from "@/lib/reports/outcomes";

export type Period = { from: string; to: string };

const PHQ9 = MEASURES.PHQ9;
const GAD7 = MEASURES.GAD7;
/** A threshold written into the SQL as a literal (our own constant, never input), so PostgreSQL compares integers. */
const n = (value: number) => Prisma.raw(String(Math.trunc(value)));

/** The latest response at a contact of a validated version mapping to the measure, with its version as "CODE vN". */
function measureAt(measure: "PHQ9" | "GAD7"): Prisma.Sql {
  return Prisma.sql`(
    SELECT m.total, v.code || ' v' || v.version AS version
    FROM "MeasureResponse" m
    JOIN "InstrumentVersion" v ON v.id = m."instrumentVersionId"
    WHERE m."contactId" = c.id AND v."validatedForOutcomes" AND v."mapsTo" = ${measure}::"StandardMeasure"
    ORDER BY m."recordedAt" DESC, m.id DESC
    LIMIT 1
  )`;
}

/**
 * Each selected referral's outcome, as referralOutcome computes it. `selection`
 * yields the referrals (column id, "needsContacts" and any others to carry);
 * contacts are read only where "needsContacts" is true (by index, per referral).
 */
function outcomeCtes(selection: Prisma.Sql): Prisma.Sql {
  const ordered = Prisma.sql`ORDER BY c.date, c."recordedAt", c.id`;
  const orderedDesc = Prisma.sql`ORDER BY c.date DESC, c."recordedAt" DESC, c.id DESC`;
  const measured = Prisma.sql`FILTER (WHERE c.phq9 IS NOT NULL AND c.gad7 IS NOT NULL)`;
  return Prisma.sql`
    ref AS MATERIALIZED (${selection}),
    contact AS MATERIALIZED (
      SELECT c."referralId", c.id, c.date, c."recordedAt", c.kind,
        phq.total AS phq9, phq.version AS "phq9Version", gad.total AS gad7, gad.version AS "gad7Version"
      FROM ref r
      JOIN "TherapyContact" c ON c."referralId" = r.id
      LEFT JOIN LATERAL ${measureAt("PHQ9")} phq ON true
      LEFT JOIN LATERAL ${measureAt("GAD7")} gad ON true
      WHERE r."needsContacts" AND c.attendance = 'ATTENDED'
        AND NOT EXISTS (SELECT 1 FROM "TherapyContact" n WHERE n."supersedesId" = c.id)
    ),
    course AS (
      SELECT r.id AS "courseId",
        count(c.id) FILTER (WHERE c.kind = 'TREATMENT')::int AS "treatmentSessions",
        count(c.id) ${measured}::int AS measured,
        (array_agg(c.date ${ordered}) ${measured})[1] AS "firstDate",
        (array_agg(c.phq9 ${ordered}) ${measured})[1] AS "firstPhq9",
        (array_agg(c."phq9Version" ${ordered}) ${measured})[1] AS "firstPhq9Version",
        (array_agg(c.gad7 ${ordered}) ${measured})[1] AS "firstGad7",
        (array_agg(c."gad7Version" ${ordered}) ${measured})[1] AS "firstGad7Version",
        (array_agg(c.date ${orderedDesc}) ${measured})[1] AS "lastDate",
        (array_agg(c.phq9 ${orderedDesc}) ${measured})[1] AS "lastPhq9",
        (array_agg(c."phq9Version" ${orderedDesc}) ${measured})[1] AS "lastPhq9Version",
        (array_agg(c.gad7 ${orderedDesc}) ${measured})[1] AS "lastGad7",
        (array_agg(c."gad7Version" ${orderedDesc}) ${measured})[1] AS "lastGad7Version"
      FROM ref r
      LEFT JOIN contact c ON c."referralId" = r.id
      GROUP BY r.id
    ),
    scored AS (
      SELECT r.*, co.*,
        (r.status = 'FINISHED_TREATMENT' AND co."treatmentSessions" >= 2) AS "finishedTreatment",
        (r.status = 'FINISHED_TREATMENT' AND co."treatmentSessions" >= 2 AND co.measured >= 2) AS "inImprovementRate",
        (co."firstPhq9" >= ${n(PHQ9.caseness)} OR co."firstGad7" >= ${n(GAD7.caseness)}) AS "atCaseness",
        (co."lastPhq9" - co."firstPhq9" <= -${n(PHQ9.reliableChange)} OR co."lastGad7" - co."firstGad7" <= -${n(GAD7.reliableChange)}) AS better,
        (co."lastPhq9" - co."firstPhq9" >= ${n(PHQ9.reliableChange)} OR co."lastGad7" - co."firstGad7" >= ${n(GAD7.reliableChange)}) AS worse
      FROM ref r JOIN course co ON co."courseId" = r.id
    ),
    rated AS (
      SELECT s.*, (s."inImprovementRate" AND s."atCaseness") AS "inRecoveryRate"
      FROM scored s
    ),
    outcome AS (
      SELECT o.*,
        CASE WHEN o."inRecoveryRate" THEN (o."lastPhq9" < ${n(PHQ9.caseness)} AND o."lastGad7" < ${n(GAD7.caseness)}) END AS recovered,
        CASE WHEN o."inImprovementRate" THEN (o.better AND NOT o.worse) END AS "reliablyImproved",
        CASE WHEN o."inImprovementRate" THEN (o.worse AND NOT o.better) END AS "reliablyDeteriorated"
      FROM rated o
    )`;
}

/**
 * The period's counts for every practice of the PCN, by pathway and long-term
 * condition (rows with nothing to count are absent). Referrals into Talking
 * Therapies only (a referral past it, to another service, has no pathway).
 */
export async function outcomeCounts(tx: DbTx, pcnId: string, p: Period): Promise<OutcomeRow[]> {
  const inPeriod = (column: string) => Prisma.sql`r.${Prisma.raw(`"${column}"`)} BETWEEN ${p.from}::date AND ${p.to}::date`;
  const selection = Prisma.sql`
    SELECT r.id, r.status::text AS status, r.pathway::text AS pathway, r."ltcCondition"::text AS "ltcCondition", pt."practiceId",
      ${inPeriod("referredAt")} AS "isReceived",
      COALESCE(${inPeriod("enteredTreatmentAt")}, false) AS "isEntered",
      (r.status::text = 'FINISHED_TREATMENT' AND ${inPeriod("closedAt")}) AS "isClosed",
      (r.status::text = 'FINISHED_TREATMENT' AND ${inPeriod("closedAt")}) AS "needsContacts"
    FROM "Referral" r
    -- The patient's practice looked up per referral (by index), never by hashing the register (decision 0014).
    CROSS JOIN LATERAL (SELECT x."practiceId" FROM "Patient" x WHERE x.id = r."patientId" OFFSET 0) pt
    WHERE r.pathway IS NOT NULL
      AND (${inPeriod("referredAt")} OR ${inPeriod("enteredTreatmentAt")} OR ${inPeriod("closedAt")})
      AND pt."practiceId" IN (SELECT pr.id FROM "Practice" pr WHERE pr."pcnId" = ${pcnId}::uuid)`;
  const closed = Prisma.sql`FILTER (WHERE "isClosed"`;
  return tx.$queryRaw<OutcomeRow[]>(Prisma.sql`
    WITH ${outcomeCtes(selection)}
    SELECT "practiceId", pathway::text AS pathway, "ltcCondition",
      count(*) FILTER (WHERE "isReceived")::int AS received,
      count(*) FILTER (WHERE "isEntered")::int AS "enteredTreatment",
      count(*) ${closed})::int AS "closedAfterTreatment",
      count(*) ${closed} AND "finishedTreatment")::int AS "finishedTreatment",
      count(*) ${closed} AND "inRecoveryRate")::int AS "atCaseness",
      count(*) ${closed} AND recovered)::int AS recovered,
      count(*) ${closed} AND recovered AND "reliablyImproved")::int AS "reliablyRecovered",
      count(*) ${closed} AND "inImprovementRate")::int AS paired,
      count(*) ${closed} AND "reliablyImproved")::int AS "reliablyImproved",
      count(*) ${closed} AND "reliablyDeteriorated")::int AS "reliablyDeteriorated"
    FROM outcome
    GROUP BY "practiceId", pathway, "ltcCondition"
    ORDER BY "practiceId", pathway, "ltcCondition"`);
}

/** One referral's outcome as the SQL computes it, with its first and last measured sessions' scores and instrument versions. */
export type ReferralOutcomeRow = {
  referralId: string;
  patientId: string;
  practiceId: string;
  pathway: Pathway;
  ltcCondition: string | null;
  status: string;
  referredAt: Date;
  enteredTreatmentAt: Date | null;
  closedAt: Date | null;
  closedReason: string | null;
  viaTriage: boolean;
  assessmentDate: Date | null;
  firstTreatmentDate: Date | null;
  treatmentSessions: number;
  finishedTreatment: boolean;
  firstDate: Date | null;
  firstPhq9: number | null;
  firstPhq9Version: string | null;
  firstGad7: number | null;
  firstGad7Version: string | null;
  lastDate: Date | null;
  lastPhq9: number | null;
  lastPhq9Version: string | null;
  lastGad7: number | null;
  lastGad7Version: string | null;
  atCaseness: boolean | null;
  inRecoveryRate: boolean;
  inImprovementRate: boolean;
  recovered: boolean | null;
  reliablyImproved: boolean | null;
  reliablyDeteriorated: boolean | null;
};

/**
 * Every referral into Talking Therapies of the PCN's patients that was open at
 * some time in the period (received by its end, not closed before its start),
 * with its outcome: the service's returns, and the comparison with the pure module.
 */
export async function referralOutcomes(tx: DbTx, pcnId: string, p: Period): Promise<ReferralOutcomeRow[]> {
  const selection = Prisma.sql`
    SELECT r.id, r."patientId", pt."practiceId", r.pathway::text AS pathway, r."ltcCondition"::text AS "ltcCondition", r.status::text AS status,
      r."referredAt", r."enteredTreatmentAt", r."closedAt", r."closedReason", r."triageOutcomeId" IS NOT NULL AS "viaTriage",
      true AS "needsContacts"
    FROM "Referral" r
    CROSS JOIN LATERAL (SELECT x."practiceId" FROM "Patient" x WHERE x.id = r."patientId" OFFSET 0) pt
    WHERE r.pathway IS NOT NULL
      AND r."referredAt" <= ${p.to}::date AND (r."closedAt" IS NULL OR r."closedAt" >= ${p.from}::date)
      AND pt."practiceId" IN (SELECT pr.id FROM "Practice" pr WHERE pr."pcnId" = ${pcnId}::uuid)`;
  return tx.$queryRaw<ReferralOutcomeRow[]>(Prisma.sql`
    WITH ${outcomeCtes(selection)}
    SELECT o.id AS "referralId", o."patientId", o."practiceId", o.pathway, o."ltcCondition", o.status, o."referredAt", o."enteredTreatmentAt",
      o."closedAt", o."closedReason", o."viaTriage",
      (SELECT min(c.date) FROM contact c WHERE c."referralId" = o.id AND c.kind = 'ASSESSMENT') AS "assessmentDate",
      (SELECT min(c.date) FROM contact c WHERE c."referralId" = o.id AND c.kind = 'TREATMENT') AS "firstTreatmentDate",
      o."treatmentSessions", o."finishedTreatment",
      o."firstDate", o."firstPhq9", o."firstPhq9Version", o."firstGad7", o."firstGad7Version",
      o."lastDate", o."lastPhq9", o."lastPhq9Version", o."lastGad7", o."lastGad7Version",
      o."atCaseness", COALESCE(o."inRecoveryRate", false) AS "inRecoveryRate", o."inImprovementRate",
      o.recovered, o."reliablyImproved", o."reliablyDeteriorated"
    FROM outcome o
    ORDER BY o."referredAt", o.id`);
}
