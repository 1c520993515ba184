import type { DbTx } from "@/lib/db/client";
import { formatLondon } from "@/lib/schedule";
import { stationLabel } from "@/lib/appointments/stations";

export type FreeSlot = {
  id: string;
  clinicDayId: string;
  /** London wall-clock time, HH:mm. */
  time: string;
  startsAt: string;
  column: number;
  /** "Station 1 (Priya Shah)". */
  station: string;
};

/**
 * Free morning slots of one clinic day of the PCN, earliest first. A slot is
 * free when no appointment holds it (activeSlotId), the same rule the unique
 * index enforces. Reads no patient, so there is nothing to audit.
 */
export async function freeSlotsOf(
  db: DbTx,
  pcnId: string,
  clinicDayId: string,
  options: { limit?: number; excludeSlotId?: string } = {},
): Promise<FreeSlot[]> {
  const slots = await db.slot.findMany({
    where: {
      id: options.excludeSlotId ? { not: options.excludeSlotId } : undefined,
      session: { kind: "WRAP_AROUND", clinicDayId, clinicDay: { status: "SCHEDULED", clinic: { pcnId } } },
      appointments: { none: { activeSlotId: { not: null } } },
    },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
    take: options.limit,
    select: { id: true, column: true, startsAt: true, staff: { select: { name: true } }, session: { select: { clinicDayId: true } } },
  });
  return slots.map((slot) => ({
    id: slot.id,
    clinicDayId: slot.session.clinicDayId,
    time: formatLondon(slot.startsAt, "HH:mm"),
    startsAt: slot.startsAt.toISOString(),
    column: slot.column,
    station: stationLabel(slot.column, slot.staff?.name),
  }));
}
