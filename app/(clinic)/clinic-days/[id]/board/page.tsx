import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FlowBoardLive } from "@/components/flow-board";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Flow board" };

export default async function FlowBoardPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission("clinic-day:view");
  const { id } = await params;
  const board = await getFlowBoard(ctx, { clinicDayId: id }).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  return (
    <>
      <PageHeader back={`/clinic-days/${board.clinicDayId}`} backLabel="Back to the day view" title="Flow board" />
      <p className="mt-1 text-slate-700">
        {board.clinicName}, {board.dateLabel}. Anyone waiting more than {board.waitingLimitMinutes} minutes past their appointment time is
        highlighted.
      </p>
      <FlowBoardLive initial={board} />
    </>
  );
}
