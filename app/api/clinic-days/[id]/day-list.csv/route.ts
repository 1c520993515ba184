import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { exportDayListCsv } from "@/lib/services/exports/export-day-list-csv";

/** The clinic day's morning list as a CSV download (clinical columns only for clinical roles). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("clinic-day:view");
    const { id } = await params;
    const { csv, date } = await exportDayListCsv(ctx, { clinicDayId: id });
    // The byte-order mark lets spreadsheet programs read the file as UTF-8.
    return new Response(`\uFEFF${csv}\r\n`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="day-list-${date}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
