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
 *
 * One statement (the slots with their clinicians): every loser of a booking race is answered with these, so it is
 * read once per refusal. An appointment holds its own slot or none (the CHECK Appointment_activeSlotId_own_slot), so
 * "held" is a look-up in the unique index on activeSlotId.
 */
export async function freeSlotsOf(
  db: DbTx,
  pcnId: string,
  clinicDayId: string,
  options: { limit?: number; excludeSlotId?: string } = {},
): Promise<FreeSlot[]> {
  const slots = await db.$queryRaw<Array<{ id: string; column: number; startsAt: Date; staffName: string | null }>>`
    SELECT s."id", s."column", s."startsAt", st."name" AS "staffName"
    FROM "ClinicDay" d
    JOIN "Clinic" c ON c."id" = d."clinicId"
    JOIN "ClinicSession" cs ON cs."clinicDayId" = d."id" AND cs."kind" = 'WRAP_AROUND'
    JOIN "Slot" s ON s."sessionId" = cs."id"
    LEFT JOIN "StaffUser" st ON st."id" = s."staffId"
    WHERE d."id" = ${clinicDayId}::uuid AND d."status" = 'SCHEDULED' AND c."pcnId" = ${pcnId}::uuid
      AND s."id" IS DISTINCT FROM ${options.excludeSlotId ?? null}::uuid
      AND NOT EXISTS (SELECT 1 FROM "Appointment" a WHERE a."activeSlotId" = s."id")
    ORDER BY s."startsAt", s."column"
    LIMIT ${options.limit ?? null}::int`;
  return slots.map((slot) => ({
    id: slot.id,
    clinicDayId,
    time: formatLondon(slot.startsAt, "HH:mm"),
    startsAt: slot.startsAt.toISOString(),
    column: slot.column,
    station: stationLabel(slot.column, slot.staffName),
  }));
}
