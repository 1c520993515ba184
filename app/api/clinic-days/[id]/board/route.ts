import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { createDayCache, type DayCache } from "@/lib/db/day-cache";
import { flowEvents } from "@/lib/db/flow-events";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";

const globalForBoards = globalThis as unknown as { clinicDayBoards?: DayCache };

/** This instance's shared boards, made on first use (never while the app is being built). */
function sharedBoards(): DayCache {
  globalForBoards.clinicDayBoards ??= createDayCache(flowEvents());
  return globalForBoards.clinicDayBoards;
}

/**
 * The flow board's data, refetched by the board page when its event stream says
 * "changed" (and every few seconds while it polls). Screens of one PCN share one
 * build per instance until the day changes (lib/db/day-cache.ts); each viewer's
 * view is still audited.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("clinic-day:view");
    const { id } = await params;
    const board = await getFlowBoard(ctx, { clinicDayId: id }, { shared: sharedBoards() });
    // Patient data: never kept by the browser or anything in between.
    return Response.json(board, { headers: { "Cache-Control": "no-store" } });
  });
}
