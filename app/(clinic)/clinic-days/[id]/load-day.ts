import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import type { ServiceContext } from "@/lib/db/context";
import { getDayView } from "@/lib/services/clinic-days/get-day-view";

/** The day view for a page; an unknown or malformed id is a plain 404. */
export async function loadDay(ctx: ServiceContext, id: string, purpose: "view" | "print") {
  try {
    return await getDayView(ctx, { clinicDayId: id, purpose });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
}
