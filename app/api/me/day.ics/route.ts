import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { exportMyDayCalendar } from "@/lib/services/exports/export-my-day-calendar";

/** The signed-in member of staff's sessions for a day (?date=YYYY-MM-DD, today by default). */
export async function GET(request: Request) {
  return handleRoute(async () => {
    const ctx = await requirePermission("self:manage");
    const date = new URL(request.url).searchParams.get("date") ?? undefined;
    const { ics, date: day } = await exportMyDayCalendar(ctx, { date });
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `attachment; filename="my-day-${day}.ics"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
