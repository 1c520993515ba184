/** The clinic day a desk check-in code belongs to, in the actor's own PCN, with when the code may be made. */
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon, londonToday } from "@/lib/schedule";
import { dateOnly } from "@/lib/schedule/date-only";

export async function arrivalCodeDay(tx: DbTx, pcnId: string, clinicDayId: string, now: Date) {
  const day = await tx.clinicDay.findFirst({
    where: { id: clinicDayId, clinic: { pcnId } },
    select: { id: true, date: true, status: true, clinic: { select: { name: true, site: { select: { name: true } } } } },
  });
  if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found.");
  const date = dateOnly(day.date);
  const today = londonToday(now);
  return {
    id: day.id,
    date,
    dateLabel: formatLondon(new Date(`${date}T12:00:00Z`), "EEEE d MMMM yyyy"),
    clinicName: day.clinic.name,
    siteName: day.clinic.site.name,
    isToday: date === today,
    // A code works only on its day's own date; it can be made (and printed) ahead, never for a past or cancelled day.
    mayMake: day.status === "SCHEDULED" && date >= today,
    cancelled: day.status === "CANCELLED",
  };
}
