import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { exportReferralReturnsCsv } from "@/lib/services/exports/export-referral-returns-csv";

/**
 * Referrals with their contacts and measures for the service's returns, as a
 * CSV download (?from=YYYY-MM-DD&to=YYYY-MM-DD). The query carries only dates;
 * the file is patient-level, so each patient in it is audited by the service.
 */
export async function GET(request: Request) {
  return handleRoute(async () => {
    const ctx = await requirePermission("referral:export");
    const query = Object.fromEntries(new URL(request.url).searchParams.entries());
    const { fileName, csv } = await exportReferralReturnsCsv(ctx, query);
    // The byte-order mark lets spreadsheet programs read the file as UTF-8.
    return new Response(`\uFEFF${csv}\r\n`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
