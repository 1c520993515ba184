import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FlowBoardLive } from "@/components/flow-board";
import { requirePagePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";

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
      <p>
        <Link href={`/clinic-days/${board.clinicDayId}`} className="text-nhs-blue underline">
          Back to the day view
        </Link>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Flow board</h1>
      <p className="mt-1 text-slate-700">
        {board.clinicName}, {board.dateLabel}. Anyone waiting more than {board.waitingLimitMinutes} minutes past their appointment time is highlighted.
      </p>
      <FlowBoardLive initial={board} />
    </>
  );
}
