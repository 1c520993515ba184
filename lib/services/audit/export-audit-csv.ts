import Papa from "papaparse";
import { auditSearchSchema } from "@/lib/validation/audit";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "@/lib/db/context";
import { runSearch } from "@/lib/services/audit/internal/audit-query";

/** The same search as CSV: a header row, UTF-8, times in ISO 8601 (UTC). */
export async function exportAuditCsv(ctx: ServiceContext, input: unknown): Promise<string> {
  const { rows } = await runSearch(ctx, parseInput(auditSearchSchema, input), "audit.export");
  // escapeFormulae: a cell starting with = + - @ must not run as a formula when opened in a spreadsheet.
  return Papa.unparse(
    {
      fields: ["at_utc", "staff_name", "staff_email", "action", "outcome", "patient_name", "nhs_number", "record_type", "record_id", "from_address"],
      data: rows.map((r) => [
        r.at,
        r.actorName,
        r.actorEmail,
        r.action,
        r.outcome,
        r.patientName,
        r.nhsNumber?.replaceAll(" ", "") ?? null,
        r.entityType,
        r.entityId,
        r.ip,
      ]),
    },
    { escapeFormulae: true },
  );
}
