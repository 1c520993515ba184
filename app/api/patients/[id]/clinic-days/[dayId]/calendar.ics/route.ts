import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { exportPatientDayCalendar } from "@/lib/services/exports/export-patient-day-calendar";

/** A patient's appointments on one clinic day as a calendar file, to give or send them. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; dayId: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("clinic-day:view");
    const { id, dayId } = await params;
    const { ics, date } = await exportPatientDayCalendar(ctx, { patientId: id, clinicDayId: dayId });
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `attachment; filename="appointments-${date}.ics"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
