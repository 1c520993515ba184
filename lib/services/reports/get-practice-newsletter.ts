import { assertPermission } from "@/lib/auth/permissions";
import { monthPeriod } from "@/lib/reports";
import { breakdown, type OutcomeBreakdown } from "@/lib/reports/outcomes";
import { formatLondon } from "@/lib/schedule";
import { practiceNewsletterSchema } from "@/lib/validation/reports";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { resolveFilter } from "@/lib/services/reports/internal/report-queries";
import { outcomeCounts } from "@/lib/services/reports/internal/outcome-queries";

export type PracticeNewsletter = {
  practice: { odsCode: string; name: string };
  pcnName: string;
  month: string;
  monthLabel: string;
  period: { from: string; to: string };
  /** The practice's named Talking Therapies practitioner (null: none named yet). */
  practitioner: { name: string } | null;
  /** The practice's month: referrals received, entered and finished treatment, and the rates, all and by pathway. */
  figures: OutcomeBreakdown;
  /** The same for every practice of the PCN together, to compare with. */
  pcn: OutcomeBreakdown;
};

/**
 * A practice's month in Talking Therapies for its GPs' newsletter (issue 15):
 * referrals from the practice, entered treatment, finished treatment, the
 * recovery and reliable improvement rates with the counts behind them, split
 * by pathway, beside the PCN's; and the practice's named practitioner. Counts
 * only, no patient: audited as a report view (or export).
 */
export async function getPracticeNewsletter(
  ctx: ServiceContext,
  input: unknown,
  purpose: "report.view" | "report.export" = "report.view",
): Promise<PracticeNewsletter> {
  assertPermission(ctx.actor, "report:view");
  const query = parseInput(practiceNewsletterSchema, input);
  const pcnId = ctx.actor.pcnId;
  const period = monthPeriod(query.month);
  return ctx.db.$transaction(
    async (tx) => {
      const { filter, options } = await resolveFilter(tx, pcnId, { ...period, practice: query.practice });
      const practiceId = options.practices.find((p) => p.odsCode === filter.practice)!.id;
      const pcn = await tx.pcn.findUniqueOrThrow({ where: { id: pcnId }, select: { name: true } });
      const practice = await tx.practice.findUniqueOrThrow({
        where: { id: practiceId },
        select: { talkingTherapiesPractitioner: { select: { name: true } } },
      });
      const rows = await outcomeCounts(tx, pcnId, period);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: purpose,
        entityType: "Report",
        entityId: "practice-newsletter",
        request: ctx.request,
        details: { report: "practice-newsletter", practice: filter.practice ?? null, month: query.month },
      });
      return {
        practice: { odsCode: filter.practice!, name: filter.practiceName! },
        pcnName: pcn.name,
        month: query.month,
        monthLabel: formatLondon(new Date(`${query.month}-15T12:00:00Z`), "MMMM yyyy"),
        period,
        practitioner: practice.talkingTherapiesPractitioner,
        figures: breakdown(rows.filter((r) => r.practiceId === practiceId)),
        pcn: breakdown(rows),
      };
    },
    { isolationLevel: "RepeatableRead" },
  );
}
