import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { readFormWithin, SMALL_FORM_LIMIT, tooLargeMessage } from "@/lib/http/body-limit";
import { londonToday } from "@/lib/schedule";
import { exportAuditCsv } from "@/lib/services/audit/export-audit-csv";

/** The audit search as a CSV download. A form POST, so the search terms stay out of URLs and logs. */
export async function POST(request: Request) {
  return handleRoute(async () => {
    const ctx = await requirePermission("audit:view");
    const form = await readFormWithin(request, SMALL_FORM_LIMIT.bytes, tooLargeMessage(SMALL_FORM_LIMIT.label));
    const csv = await exportAuditCsv(ctx, Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""])));
    return new Response(`\uFEFF${csv}\r\n`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="audit-${londonToday()}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
