/**
 * The rules of booking a morning slot, without the database: which slot
 * reception may book, what a unique-index clash means, and which free slots to
 * offer instead. lib/services/appointments/ loads the rows and applies these.
 */
import type { ClinicDayStatus, SessionKind } from "@/lib/db/generated/enums";

export type SlotFacts = {
  kind: SessionKind;
  dayStatus: ClinicDayStatus;
  /** The clinic day's date, yyyy-MM-dd. */
  date: string;
};

/**
 * Why reception may not book this slot, or null when it may: only a morning
 * wrap-around slot of a scheduled clinic day, today (London) or later.
 */
export function bookableSlotProblem(slot: SlotFacts, today: string): string | null {
  if (slot.kind !== "WRAP_AROUND") return "Only morning wrap-around slots can be booked here.";
  if (slot.dayStatus !== "SCHEDULED") return "That clinic day has been cancelled, so it cannot be booked.";
  if (slot.date < today) return "That clinic day has already happened, so it cannot be booked.";
  return null;
}

/**
 * A unique-index violation from booking names the index it broke. The patient
 * already booked that morning (activeMorningDayId) or an index we cannot tell
 * means "look for the patient's booking first"; activeSlotId alone means the
 * slot was taken.
 */
export function mayBePatientClash(uniqueTarget: string): boolean {
  return /activeMorningDayId|patientId/.test(uniqueTarget) || !/activeSlotId/.test(uniqueTarget);
}

/**
 * The free slots to offer when the wanted one was taken: from the wanted time on
 * first, then earlier gaps (in case the morning is full from there), at most `limit`.
 */
export function nextFreeSlots<T extends { startsAt: string }>(free: readonly T[], wantedStartsAt: string, limit = 4): T[] {
  return [...free.filter((s) => s.startsAt >= wantedStartsAt), ...free.filter((s) => s.startsAt < wantedStartsAt)].slice(0, limit);
}
