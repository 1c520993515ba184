import { assertPermission } from "@/lib/auth/permissions";
import { addFunnels, noShowRate, emptyFunnel, FUNNEL_STEPS, funnelRows, percent, type FunnelCounts, type FunnelRow } from "@/lib/reports";
import { reportFilterSchema } from "@/lib/validation/reports";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { huddleReport, type HuddleReport } from "@/lib/reports/huddle";
import { londonToday } from "@/lib/schedule";
import {
  funnelByPractice,
  huddleFigures,
  resolveFilter,
  slotUse,
  visitTimes,
  type ResolvedFilter,
  type SessionKindName,
  type TimeRow,
  type ReportOptions,
} from "@/lib/services/reports/internal/report-queries";
import { refreshVisitFacts } from "@/lib/services/reports/internal/visit-facts";

const SESSION_ORDER: SessionKindName[] = ["WRAP_AROUND", "TALKING_THERAPIES", "GP"];

export type ClinicReport = {
  filter: ResolvedFilter;
  options: ReportOptions;
  counts: FunnelCounts;
  funnel: FunnelRow[];
  byPractice: Array<{ odsCode: string; name: string; counts: FunnelCounts; noShows: number }>;
  attendance: { booked: number; attended: number; noShows: number; stillBooked: number; noShowRatePercent: number | null };
  /** Seen by Talking Therapies after a routing override, with a PHQ-4 below the threshold: not in the funnel. */
  seenWithoutPositive: number;
  slotUse: Array<{
    kind: SessionKindName;
    slots: number;
    booked: number;
    attended: number;
    noShows: number;
    percentBooked: number | null;
    percentUsed: number | null;
  }>;
  times: TimeRow[];
  /** The PCN's referral huddle: cases first brought in the period (the clinic filter does not apply). */
  huddle: HuddleReport;
};

/**
 * The clinic funnel and its companion measures for a period, clinic and
 * practice, all counted by PostgreSQL in one consistent snapshot. A report
 * holds no patient identifiers, so its view is audited as a non-patient event.
 */
export async function getClinicReport(
  ctx: ServiceContext,
  input: unknown,
  purpose: "report.view" | "report.export" = "report.view",
  report = "clinic-funnel",
): Promise<ClinicReport> {
  assertPermission(ctx.actor, "report:view");
  const query = parseInput(reportFilterSchema, input);
  const pcnId = ctx.actor.pcnId;
  // The PCN's visits changed since the last report are recomputed first, in a transaction of their own; the
  // report's snapshot recomputes any changed meanwhile itself (docs/decisions/0017-visit-facts.md).
  await refreshVisitFacts(ctx.db, pcnId);
  return ctx.db.$transaction(
    async (tx) => {
      const { options, filter } = await resolveFilter(tx, pcnId, query);
      const practices = await funnelByPractice(tx, pcnId, filter);
      const slots = await slotUse(tx, pcnId, filter);
      const times = await visitTimes(tx, pcnId, filter);
      const huddle = huddleReport(await huddleFigures(tx, pcnId, filter, londonToday()));
      await recordAudit(tx, {
        actor: ctx.actor,
        action: purpose,
        entityType: "Report",
        entityId: report,
        request: ctx.request,
        details: { report, from: filter.from, to: filter.to, clinicId: filter.clinicId ?? null, practice: filter.practice ?? null },
      });

      let counts = emptyFunnel();
      let noShows = 0;
      let stillBooked = 0;
      let seenWithoutPositive = 0;
      for (const row of practices) {
        counts = addFunnels(counts, row);
        noShows += row.noShows;
        stillBooked += row.stillBooked;
        seenWithoutPositive += row.seenWithoutPositive;
      }
      const byId = new Map(practices.map((p) => [p.practiceId, p]));
      const byPractice = options.practices
        .filter((p) => !filter.practice || p.odsCode === filter.practice)
        .map((p) => {
          const row = byId.get(p.id);
          const practiceCounts = emptyFunnel();
          if (row) for (const step of FUNNEL_STEPS) practiceCounts[step] = row[step];
          return { odsCode: p.odsCode, name: p.name, counts: practiceCounts, noShows: row?.noShows ?? 0 };
        });
      const slotByKind = new Map(slots.map((s) => [s.kind, s]));
      return {
        filter,
        options,
        counts,
        funnel: funnelRows(counts),
        byPractice,
        attendance: {
          booked: counts.booked,
          attended: counts.attended,
          noShows,
          stillBooked,
          noShowRatePercent: noShowRate(counts.attended, noShows),
        },
        seenWithoutPositive,
        slotUse: SESSION_ORDER.map((kind) => {
          const s = slotByKind.get(kind) ?? { kind, slots: 0, booked: 0, attended: 0, noShows: 0 };
          return { ...s, kind, percentBooked: percent(s.booked, s.slots), percentUsed: percent(s.attended, s.slots) };
        }),
        times,
        huddle,
      };
    },
    // One snapshot, so the funnel, the slots and the times agree with each other.
    { isolationLevel: "RepeatableRead" },
  );
}
