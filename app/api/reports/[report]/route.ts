import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { exportReportCsv } from "@/lib/services/reports/export-report-csv";

/**
 * A report as a CSV download. GET with the filters in the query string is fine
 * here: reports carry periods, clinics and practice codes, never patient identifiers.
 */
export async function GET(request: Request, { params }: { params: Promise<{ report: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("report:view");
    const { report } = await params;
    const query = Object.fromEntries(new URL(request.url).searchParams.entries());
    const { fileName, csv } = await exportReportCsv(ctx, report, query);
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
