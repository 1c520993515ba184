import { assertPermission } from "@/lib/auth/permissions";
import type { DbTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { formatLondon } from "@/lib/schedule";
import { clinicDayRefSchema } from "@/lib/validation/booking";
import { parseInput } from "@/lib/validation/parse";
import type { ServiceContext } from "./context";

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

export function stationLabel(column: number, staffName: string | null | undefined): string {
  return staffName ? `Station ${column + 1} (${staffName})` : `Station ${column + 1}`;
}

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

/** Every free morning slot of a clinic day, for booking and rescheduling. */
export async function findFreeSlots(ctx: ServiceContext, input: unknown): Promise<FreeSlot[]> {
  assertPermission(ctx.actor, "clinic-day:view");
  const { clinicDayId } = parseInput(clinicDayRefSchema, input);
  const day = await ctx.db.clinicDay.findFirst({ where: { id: clinicDayId, clinic: { pcnId: ctx.actor.pcnId } }, select: { id: true } });
  if (!day) throw new AppError("NOT_FOUND", "That clinic day was not found");
  return freeSlotsOf(ctx.db, ctx.actor.pcnId, clinicDayId);
}
