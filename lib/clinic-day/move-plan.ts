/**
 * Where the bookings of a cancelled clinic day go on another day (pure).
 * Each booking keeps its wall-clock time and column when that slot is free;
 * the rest take the earliest free slot of the same kind of session. Exact
 * matches are placed first so a fallback never takes someone else's own time.
 */
import type { SessionKind } from "@/lib/db/generated/enums";

export type FreeSlot = { id: string; kind: SessionKind; column: number; wallTime: string; startsAt: Date };
export type BookingToMove = { appointmentId: string; patientId: string; kind: SessionKind; column: number; wallTime: string };
export type Placement = { appointmentId: string; slotId: string };
export type Unplaced = { appointmentId: string; reason: "already-booked" | "no-free-slot" };

export function planMoves(
  bookings: readonly BookingToMove[],
  freeSlots: readonly FreeSlot[],
  patientsAlreadyBooked: ReadonlySet<string>,
): { placements: Placement[]; unplaced: Unplaced[] } {
  const order = [...bookings].sort((a, b) => a.wallTime.localeCompare(b.wallTime) || a.column - b.column);
  const free = [...freeSlots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.column - b.column);
  const taken = new Set<string>();
  const placed = new Map<string, string>();
  const unplaced: Unplaced[] = [];

  const candidates = order.filter((b) => {
    if (!patientsAlreadyBooked.has(b.patientId)) return true;
    unplaced.push({ appointmentId: b.appointmentId, reason: "already-booked" });
    return false;
  });
  for (const booking of candidates) {
    const same = free.find((s) => !taken.has(s.id) && s.kind === booking.kind && s.column === booking.column && s.wallTime === booking.wallTime);
    if (same) {
      taken.add(same.id);
      placed.set(booking.appointmentId, same.id);
    }
  }
  for (const booking of candidates) {
    if (placed.has(booking.appointmentId)) continue;
    const earliest = free.find((s) => !taken.has(s.id) && s.kind === booking.kind);
    if (earliest) {
      taken.add(earliest.id);
      placed.set(booking.appointmentId, earliest.id);
    } else {
      unplaced.push({ appointmentId: booking.appointmentId, reason: "no-free-slot" });
    }
  }
  const placements = order
    .filter((b) => placed.has(b.appointmentId))
    .map((b) => ({ appointmentId: b.appointmentId, slotId: placed.get(b.appointmentId)! }));
  return { placements, unplaced };
}
