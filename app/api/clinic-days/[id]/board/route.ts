import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";

/** The flow board's data, polled by the board page every few seconds. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("clinic-day:view");
    const { id } = await params;
    const board = await getFlowBoard(ctx, { clinicDayId: id });
    // Patient data: never kept by the browser or anything in between.
    return Response.json(board, { headers: { "Cache-Control": "no-store" } });
  });
}
