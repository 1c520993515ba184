import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";
import { loadReportOptions, type ReportOptions } from "@/lib/services/reports/internal/report-queries";

/** The clinics and practices the report filters offer (for a page whose filter was refused). */
export type { ReportOptions };

export async function listReportOptions(ctx: ServiceContext): Promise<ReportOptions> {
  assertPermission(ctx.actor, "report:view");
  return loadReportOptions(ctx.db, ctx.actor.pcnId);
}
