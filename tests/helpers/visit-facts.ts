/**
 * The law of the per-visit facts (docs/decisions/0017-visit-facts.md): the facts equal the visits recomputed from
 * scratch by the reports' queries as they were before the facts (tests/reference/report-queries-reference.ts), and
 * so do the counts the reports make from them.
 */
import type { Db } from "@/lib/db/client";
import { funnelByPractice, slotUse, visitTimes, type ResolvedFilter } from "@/lib/services/reports/internal/report-queries";
import {
  referenceFunnelByPractice,
  referenceSlotUse,
  referenceVisits,
  referenceVisitTimes,
  type ReferenceVisit,
} from "@/tests/reference/report-queries-reference";

type Fact = Omit<ReferenceVisit, "positive">;

const key = (v: { clinicDayId: string; patientId: string }) => `${v.clinicDayId}/${v.patientId}`;

/** The stored facts of the PCN's clinic days that differ from the visits recomputed from scratch (empty: none). */
export async function factsAgainstReference(db: Db, pcnId: string): Promise<string[]> {
  const [facts, reference] = await db.$transaction(
    async (tx) => [
      await tx.$queryRaw<Fact[]>`
        SELECT f."clinicDayId"::text, f."patientId"::text, f."morningId"::text, f."practiceId"::text, f.status::text,
          f."phq4Total", f.seen, f.accepted, f.treated, f."stayMinutes", f."waitMorningMinutes",
          f."waitTalkingTherapiesMinutes", f."waitGpMinutes"
        FROM "VisitFact" f
        JOIN "ClinicDay" cd ON cd.id = f."clinicDayId"
        JOIN "Clinic" c ON c.id = cd."clinicId"
        WHERE c."pcnId" = ${pcnId}::uuid`,
      await referenceVisits(tx, pcnId),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  const stored = new Map(facts.map((f) => [key(f), f]));
  const problems: string[] = [];
  for (const { positive: _positive, ...visit } of reference) {
    const fact = stored.get(key(visit));
    stored.delete(key(visit));
    if (!fact) problems.push(`visit ${key(visit)} has no facts (expected ${JSON.stringify(visit)})`);
    else if (JSON.stringify(fact) !== JSON.stringify({ ...fact, ...visit })) {
      problems.push(`visit ${key(visit)}: facts ${JSON.stringify(fact)}, recomputed ${JSON.stringify(visit)}`);
    }
  }
  for (const extra of stored.values()) problems.push(`facts for ${key(extra)}, which is no visit: ${JSON.stringify(extra)}`);
  return problems;
}

/**
 * The funnel, the times and the slot use as the reports count them and as recomputed from scratch, in one
 * snapshot (whatever is pending is recomputed by the reports' own queries).
 */
export async function reportsAgainstReference(db: Db, pcnId: string, filter: ResolvedFilter) {
  return db.$transaction(
    async (tx) => {
      const byPractice = <T extends { practiceId: string }>(rows: T[]) => [...rows].sort((a, b) => a.practiceId.localeCompare(b.practiceId));
      return {
        funnel: byPractice(await funnelByPractice(tx, pcnId, filter)),
        referenceFunnel: byPractice(await referenceFunnelByPractice(tx, pcnId, filter)),
        times: await visitTimes(tx, pcnId, filter),
        referenceTimes: await referenceVisitTimes(tx, pcnId, filter),
        slots: await slotUse(tx, pcnId, filter),
        referenceSlots: await referenceSlotUse(tx, pcnId, filter),
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
