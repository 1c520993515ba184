/**
 * Per-visit facts for the reports (docs/decisions/0017-visit-facts.md).
 *
 * A visit is one patient on one clinic day, identified by their morning
 * (wrap-around) appointment that stands: not cancelled or entered in error, the
 * one they came to if any, else the latest booked. `visitFactRows` is the one
 * definition of what a visit's facts are; the reports count `VisitFact` rows it
 * wrote, and any visit still marked pending is recomputed by it in the report's
 * own query, so a report always counts what its snapshot holds.
 *
 * Triggers (migration 20261202230000_visit_facts) mark the visits a change may
 * alter in `VisitFactPending`: (patient, clinic day), or all of a patient's
 * visits (clinic day NULL). `refreshVisitFacts` takes a PCN's marks away and
 * recomputes those visits, one PCN at a time.
 */
import type { Db, DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/** The columns of `VisitFact`, in the order `visitFactRows` returns them. */
export const VISIT_FACT_COLUMNS = [
  "clinicDayId",
  "patientId",
  "morningId",
  "practiceId",
  "status",
  "phq4Total",
  "seen",
  "accepted",
  "treated",
  "stayMinutes",
  "waitMorningMinutes",
  "waitTalkingTherapiesMinutes",
  "waitGpMinutes",
] as const;

/** The columns, each prefixed with `alias.`. */
export function factColumns(alias?: string): Prisma.Sql {
  return Prisma.raw(VISIT_FACT_COLUMNS.map((c) => (alias ? `${alias}."${c}"` : `"${c}"`)).join(", "));
}

/**
 * The facts of the visits among `keys` (a query returning "patientId" and
 * "clinicDayId"; a key that is no visit gives no row). Everything is looked up
 * per visit, by index (LATERAL, `OFFSET 0` or an aggregate so the planner
 * cannot turn a look-up back into a hash of a whole table; decision 0014):
 * - the current PHQ-4 is the one no amendment points at; positive or not is
 *   decided when a report reads it, against the clinic's threshold then;
 * - seen, accepted and treated come from the patient's Talking Therapies
 *   appointments that day, their triage and its referral, as they stand now;
 * - the times (minutes, for an attended visit only): arrival to leaving, and
 *   the waits for the morning, Talking Therapies and the GP, each from the
 *   later of the slot time and the end of the step before; someone called in
 *   before their ready time waited nothing; a missing time stays missing.
 */
export function visitFactRows(keys: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT v."clinicDayId", v."patientId", v."morningId", v."practiceId", v.status,
      p.total AS "phq4Total",
      COALESCE(th.seen, false) AS seen,
      COALESCE(th.accepted, false) AS accepted,
      COALESCE(th.treated, false) AS treated,
      tm.stay AS "stayMinutes",
      tm."waitMorning" AS "waitMorningMinutes",
      tm."waitTt" AS "waitTalkingTherapiesMinutes",
      tm."waitGp" AS "waitGpMinutes"
    FROM (
      SELECT DISTINCT ON (a."patientId", a."clinicDayId")
        a.id AS "morningId", a."patientId", a."clinicDayId", a.status, a."checkedInAt", a."endedAt",
        s."startsAt" AS "slotStartsAt", pt."practiceId"
      FROM (${keys}) k
      CROSS JOIN LATERAL (
        SELECT a.* FROM "Appointment" a
        WHERE a."clinicDayId" = k."clinicDayId" AND a."patientId" = k."patientId"
          AND a.kind = 'WRAP_AROUND' AND a.status NOT IN ('CANCELLED', 'ENTERED_IN_ERROR')
        OFFSET 0
      ) a
      CROSS JOIN LATERAL (SELECT s."startsAt" FROM "Slot" s WHERE s.id = a."slotId" OFFSET 0) s
      CROSS JOIN LATERAL (SELECT p."practiceId" FROM "Patient" p WHERE p.id = a."patientId" OFFSET 0) pt
      ORDER BY a."patientId", a."clinicDayId", (a.status IN ('ARRIVED', 'FULFILLED')) DESC, a."bookedAt" DESC
    ) v
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
    LEFT JOIN LATERAL (
      SELECT m.stay::float8 AS stay,
        (CASE WHEN m."waitMorning" < 0 THEN 0 ELSE m."waitMorning" END)::float8 AS "waitMorning",
        (CASE WHEN m."waitTt" < 0 THEN 0 ELSE m."waitTt" END)::float8 AS "waitTt",
        (CASE WHEN m."waitGp" < 0 THEN 0 ELSE m."waitGp" END)::float8 AS "waitGp"
      FROM (
        SELECT
          extract(epoch FROM (d."leftAt" - v."checkedInAt")) / 60 AS stay,
          extract(epoch FROM (LEAST(w."recordedAt", fp.at) - GREATEST(v."checkedInAt", v."slotStartsAt"))) / 60 AS "waitMorning",
          extract(epoch FROM (d."ttStarted" - GREATEST(d."ttSlot", COALESCE(v."endedAt", d."ttSlot")))) / 60 AS "waitTt",
          extract(epoch FROM (d."gpStarted" - GREATEST(d."gpSlot", COALESCE(d."ttEnded", v."endedAt", d."gpSlot")))) / 60 AS "waitGp"
        FROM (
          -- The patient's appointments that day folded into one row: when they left, and the first Talking
          -- Therapies and GP appointments called in (their slot time, start and, for therapy, end).
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
        WHERE v.status IN ('ARRIVED', 'FULFILLED')
      ) m
    ) tm ON true`;
}

/** Advisory lock classes (the two-key form): one PCN's facts; the spreading of patient-wide marks. */
const PCN_LOCK = 170171;
const SPREAD_LOCK = 170172;

/**
 * Brings the facts of the PCN's pending visits up to date, in a transaction of
 * its own (READ COMMITTED): reports read in a REPEATABLE READ snapshot taken at
 * their first query, which could not see a refresh that committed while they
 * waited for the lock. One refresher per PCN at a time (an advisory lock): the
 * statements after the lock see what the one before committed, and no two
 * refreshers write one visit's row. A writer's mark commits with its change: a
 * mark this refresh cannot see yet (uncommitted) stays for the next one, and
 * the report's own query recomputes it meanwhile (`periodFacts`).
 * Returns the number of visits whose facts were written.
 */
export async function refreshVisitFacts(db: Db, pcnId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${PCN_LOCK}::int, hashtext(${pcnId}))`;
    await spreadPatientMarks(tx);
    // Planning the refresh costs a few milliseconds at ICB size; most reports find nothing marked.
    const [{ marked }] = await tx.$queryRaw<Array<{ marked: boolean }>>`
      SELECT EXISTS (
        SELECT 1 FROM "Clinic" c
        JOIN "ClinicDay" cd ON cd."clinicId" = c.id
        JOIN "VisitFactPending" p ON p."clinicDayId" = cd.id
        WHERE c."pcnId" = ${pcnId}::uuid
      ) AS marked`;
    if (!marked) return 0;
    return tx.$executeRaw`
      WITH gone AS (
        DELETE FROM "VisitFactPending" p
        USING "ClinicDay" cd, "Clinic" c
        WHERE p."clinicDayId" = cd.id AND c.id = cd."clinicId" AND c."pcnId" = ${pcnId}::uuid
        RETURNING p."patientId", p."clinicDayId"
      ),
      key AS MATERIALIZED (SELECT DISTINCT "patientId", "clinicDayId" FROM gone),
      fresh AS MATERIALIZED (${visitFactRows(Prisma.sql`SELECT "patientId", "clinicDayId" FROM key`)}),
      -- A key that is no longer a visit (its morning appointment cancelled, moved or entered in error).
      gone_visit AS (
        DELETE FROM "VisitFact" f
        USING key k
        WHERE f."clinicDayId" = k."clinicDayId" AND f."patientId" = k."patientId"
          AND NOT EXISTS (SELECT 1 FROM fresh r WHERE r."clinicDayId" = k."clinicDayId" AND r."patientId" = k."patientId")
      )
      INSERT INTO "VisitFact" (${factColumns()})
      -- In clinic-day order, so a day's facts sit together and a report reads few pages for them.
      SELECT ${factColumns()} FROM fresh ORDER BY "clinicDayId", "patientId"
      ON CONFLICT ("clinicDayId", "patientId") DO UPDATE SET
        ${Prisma.raw(
          VISIT_FACT_COLUMNS.filter((c) => c !== "clinicDayId" && c !== "patientId")
            .map((c) => `"${c}" = EXCLUDED."${c}"`)
            .join(", "),
        )}`;
  });
}

/**
 * A patient-wide mark (clinic day NULL) becomes a mark for each clinic day the
 * patient has appointments on, whichever PCN's. Read now, not when the mark
 * was made: an appointment added since carries its own mark. One transaction
 * at a time does this; another skips it (its report recomputes those visits
 * itself until they are spread).
 */
async function spreadPatientMarks(tx: DbTx): Promise<void> {
  const [{ spread }] = await tx.$queryRaw<Array<{ spread: boolean }>>`SELECT pg_try_advisory_xact_lock(${SPREAD_LOCK}::int, 0) AS spread`;
  if (!spread) return;
  await tx.$executeRaw`
    WITH gone AS (DELETE FROM "VisitFactPending" WHERE "clinicDayId" IS NULL RETURNING "patientId")
    INSERT INTO "VisitFactPending" ("patientId", "clinicDayId")
    SELECT DISTINCT a."patientId", a."clinicDayId" FROM "Appointment" a WHERE a."patientId" IN (SELECT "patientId" FROM gone)`;
}
