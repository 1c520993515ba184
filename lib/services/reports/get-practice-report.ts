import { assertPermission } from "@/lib/auth/permissions";
import { emptyFunnel, FUNNEL_STEPS, funnelRows, monthPeriod, type FunnelCounts, type FunnelRow } from "@/lib/reports";
import { huddleReport, type HuddleReport } from "@/lib/reports/huddle";
import { formatLondon, londonToday } from "@/lib/schedule";
import { practiceReportSchema } from "@/lib/validation/reports";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import {
  funnelByPractice,
  huddleFigures,
  referralCounts,
  resolveFilter,
  triageOutcomes,
  type ReferralCount,
  type ResolvedFilter,
  type TriageCount,
} from "@/lib/services/reports/internal/report-queries";
import { refreshVisitFacts } from "@/lib/services/reports/internal/visit-facts";

export type PracticeReport = {
  practice: { odsCode: string; name: string };
  pcnName: string;
  month: string;
  monthLabel: string;
  filter: ResolvedFilter;
  clinics: Array<{ id: string; name: string }>;
  counts: FunnelCounts;
  funnel: FunnelRow[];
  noShows: number;
  triage: TriageCount[];
  referrals: ReferralCount[];
  referralTotals: {
    referred: number;
    awaiting: number;
    accepted: number;
    inTreatment: number;
    treatmentEnded: number;
    declined: number;
    didNotEngage: number;
  };
  medianDaysToAccept: number | null;
  medianDaysToTreatment: number | null;
  /** The practice's patients at the PCN's referral huddle: cases first brought in the month. */
  huddle: HuddleReport;
};

/**
 * One practice's month at the clinic, for its GPs' newsletter: its patients'
 * funnel, the triage outcomes and the referrals into Talking Therapies made at
 * the month's clinic days, with where each referral stands now.
 */
export async function getPracticeReport(
  ctx: ServiceContext,
  input: unknown,
  purpose: "report.view" | "report.export" = "report.view",
): Promise<PracticeReport> {
  assertPermission(ctx.actor, "report:view");
  const query = parseInput(practiceReportSchema, input);
  const pcnId = ctx.actor.pcnId;
  // The PCN's visits changed since the last report are recomputed first, in a transaction of their own; the
  // report's snapshot recomputes any changed meanwhile itself (docs/decisions/0017-visit-facts.md).
  await refreshVisitFacts(ctx.db, pcnId);
  return ctx.db.$transaction(
    async (tx) => {
      const { options, filter } = await resolveFilter(tx, pcnId, { ...monthPeriod(query.month), clinicId: query.clinicId, practice: query.practice });
      const pcn = await tx.pcn.findUniqueOrThrow({ where: { id: pcnId }, select: { name: true } });
      const [row] = await funnelByPractice(tx, pcnId, filter);
      const triage = await triageOutcomes(tx, pcnId, filter);
      const referrals = await referralCounts(tx, pcnId, filter);
      const huddle = huddleReport(await huddleFigures(tx, pcnId, filter, londonToday()));
      await recordAudit(tx, {
        actor: ctx.actor,
        action: purpose,
        entityType: "Report",
        entityId: "practice-month",
        request: ctx.request,
        details: { report: "practice-month", practice: filter.practice ?? null, month: query.month, clinicId: filter.clinicId ?? null },
      });
      const counts = emptyFunnel();
      if (row) for (const step of FUNNEL_STEPS) counts[step] = row[step];
      const sum = (...statuses: ReferralCount["status"][]) =>
        referrals.rows.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.count, 0);
      return {
        practice: { odsCode: filter.practice!, name: filter.practiceName! },
        pcnName: pcn.name,
        month: query.month,
        monthLabel: formatLondon(new Date(`${query.month}-15T12:00:00Z`), "MMMM yyyy"),
        filter,
        clinics: options.clinics,
        counts,
        funnel: funnelRows(counts),
        noShows: row?.noShows ?? 0,
        triage,
        referrals: referrals.rows,
        referralTotals: {
          referred: sum("REFERRED", "ACCEPTED", "ENTERED_TREATMENT", "FINISHED_TREATMENT", "DECLINED", "DID_NOT_ENGAGE"),
          awaiting: sum("REFERRED"),
          accepted: sum("ACCEPTED", "ENTERED_TREATMENT", "FINISHED_TREATMENT"),
          inTreatment: sum("ENTERED_TREATMENT"),
          treatmentEnded: sum("FINISHED_TREATMENT"),
          declined: sum("DECLINED"),
          didNotEngage: sum("DID_NOT_ENGAGE"),
        },
        medianDaysToAccept: referrals.medianDaysToAccept,
        medianDaysToTreatment: referrals.medianDaysToTreatment,
        huddle,
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
