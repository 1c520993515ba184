"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { searchAudit } from "@/lib/services/audit/search-audit";

/** Searches the audit trail (POSTed, so NHS numbers never appear in a URL). */
export async function searchAuditAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("audit:view");
    return searchAudit(ctx, input);
  });
}
