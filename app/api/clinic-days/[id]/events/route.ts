import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { flowEvents } from "@/lib/db/flow-events";
import { AppError } from "@/lib/errors/app-error";
import { EVENT_STREAM_HEADERS, eventStream } from "@/lib/http/event-stream";
import { watchFlowBoard } from "@/lib/services/clinic-days/watch-flow-board";

export const dynamic = "force-dynamic";

/**
 * The flow board's live updates as server-sent events: "changed" when something
 * on this clinic day's board changed (the page then refetches the board from
 * ./board), nothing else; no patient data travels here. Fed by this instance's
 * one LISTEN connection (lib/db/flow-events.ts), so the database pays nothing per
 * screen. 503 while that connection is down: the page polls instead.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("clinic-day:view");
    const { id } = await params;
    const { clinicDayId } = await watchFlowBoard(ctx, { clinicDayId: id });
    const hub = flowEvents();
    if (!(await hub.ready(3_000))) {
      throw new AppError("UNAVAILABLE", "Live updates are not available just now; the board refreshes every few seconds instead.");
    }
    const stream = eventStream(
      (sink) =>
        hub.subscribe(clinicDayId, {
          changed: () => sink.send("changed", clinicDayId),
          // Changes could be missed: end the stream, so the page polls until the browser reconnects.
          interrupted: () => sink.end(),
        }),
      { signal: request.signal },
    );
    return new Response(stream, { headers: EVENT_STREAM_HEADERS });
  });
}
