/**
 * Which appointment statuses count for what. One place decides, so a list, a
 * count and a routing rule cannot disagree about what "active" means.
 *
 *   BOOKED → ARRIVED → FULFILLED, or BOOKED → NOSHOW (did not attend);
 *   CANCELLED and ENTERED_IN_ERROR give the slot back.
 */
import type { AppointmentStatus } from "@/lib/db/generated/enums";

/** Holds its slot: booked, in progress, over, or a no-show (the slot stays with what happened). */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ["BOOKED", "ARRIVED", "FULFILLED", "NOSHOW"];

/** Still to be seen or seen: active and not a no-show. */
export const SEEN_OR_WAITING_STATUSES: readonly AppointmentStatus[] = ["BOOKED", "ARRIVED", "FULFILLED"];

/** The day has happened for this booking: the patient came, was seen, or did not attend. */
export const PAST_STATUSES: readonly AppointmentStatus[] = ["ARRIVED", "FULFILLED", "NOSHOW"];

/** The patient is here or has been seen. */
export const ARRIVED_STATUSES: readonly AppointmentStatus[] = ["ARRIVED", "FULFILLED"];

export function isActiveStatus(status: AppointmentStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export function isSeenOrWaiting(status: AppointmentStatus): boolean {
  return SEEN_OR_WAITING_STATUSES.includes(status);
}
