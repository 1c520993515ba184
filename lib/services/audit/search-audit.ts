import { auditSearchSchema } from "@/lib/validation/audit";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { runSearch, type AuditRow } from "@/lib/services/audit/internal/audit-query";

export type { AuditRow };

export async function searchAudit(ctx: ServiceContext, input: unknown) {
  return runSearch(ctx, parseInput(auditSearchSchema, input), "audit.search");
}
