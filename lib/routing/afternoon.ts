/**
 * The one rule for a patient's afternoon: given the afternoon as it stands
 * (every afternoon appointment of the day with its kind, status, times and
 * origin; the patient's open waitlist entries), what just happened, the
 * clinic's rules and the time now, it says what to cancel, book, waitlist and
 * close. Services load these inputs and store the changes; nothing else
 * decides what happens to a patient's afternoon.
 *
 * Its laws (property-tested in afternoon.test.ts, and on the database over
 * random clinic days in tests/integration/clinic-day-model.test.ts):
 *  - it never cancels anything that has started, ended or been marked did not
 *    attend (only BOOKED appointments are ever cancelled), and never books a
 *    slot that starts before now;
 *  - it replans only what the day's routing booked itself (ROUTING, OVERRIDE):
 *    a triage review or a waitlist booking is cancelled only when its own day
 *    is cancelled, and then the patient goes back on the waitlist (or the
 *    review list) with the reason;
 *  - after a screen, a positive one is booked into Talking Therapies or on an
 *    open Talking Therapies waitlist entry (not both; one open entry of each
 *    kind at most), and the patient has a GP appointment or an open GP entry;
 *  - a waitlist entry is closed only by a booking that meets it or by a
 *    decision about its own day;
 *  - a Talking Therapies appointment it books ends at least the handover gap
 *    before the same day's GP appointment, and a GP appointment it books
 *    starts at least the gap after that day's Talking Therapies.
 *
 * Pure: plain values in, plain values out; no clock of its own.
 */

import { AFTERNOON_KIND_LABELS, AFTERNOON_KINDS, type AfternoonKind } from "@/lib/appointments/kinds";
import { ACTIVE_STATUSES, SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";

export { AFTERNOON_KINDS, type AfternoonKind };
export type AppointmentStatus = "BOOKED" | "ARRIVED" | "FULFILLED" | "NOSHOW" | "CANCELLED" | "ENTERED_IN_ERROR";
export type AfternoonOrigin = "ROUTING" | "OVERRIDE" | "TRIAGE_REVIEW" | "WAITLIST";

export const KIND_LABELS = AFTERNOON_KIND_LABELS;

export type FreeSlot = {
  id: string;
  kind: AfternoonKind;
  staffId: string;
  /** Epoch milliseconds. */
  startsAt: number;
  endsAt: number;
};

export type AfternoonAppointment = {
  id: string;
  kind: AfternoonKind;
  slotId: string;
  staffId: string;
  status: AppointmentStatus;
  origin: AfternoonOrigin;
  startsAt: number;
  endsAt: number;
  /** TRIAGE_REVIEW: the triage whose review this is, and the clinic day of that triage. */
  review?: { triageId: string; triageClinicDayId: string } | null;
  /** WAITLIST: the clinic day the need it meets came from. */
  waitlistFromClinicDayId?: string | null;
};

export type OpenEntry = {
  id: string;
  kind: AfternoonKind;
  fromClinicDayId: string;
  /** Set for a triage review waiting for a Talking Therapies appointment. */
  triageId: string | null;
  /** The appointment whose loss opened the entry (did not attend, left, day cancelled). */
  causeAppointmentId: string | null;
  /** "3 February 2027": the day the need came from, for the reason of a booking that meets it. */
  fromLabel: string;
};

export type AfternoonRules = { handoverGapMinutes: number };

export type AfternoonEvent =
  /** A PHQ-4 recorded or amended, an override, the morning done without a PHQ-4, or freed capacity: route by this decision. */
  | { type: "screen"; talkingTherapies: boolean; reason: string; override: boolean }
  /** The morning did not happen (did not attend, cancelled): the day's own routing is undone. */
  | { type: "morning-absent"; reason: string }
  /** This afternoon appointment is now NOSHOW (did not attend or left before being seen). */
  | { type: "afternoon-absent"; appointmentId: string; reason: string }
  /** The clinic day is being cancelled (nobody has attended it). */
  | { type: "day-cancelled"; reason: string };

export type AfternoonInput = {
  clinicDayId: string;
  /** The patient's afternoon appointments of this day (cancelled ones may be included; they are ignored). */
  appointments: readonly AfternoonAppointment[];
  /** The patient's open waitlist entries in this clinic, of any day. */
  openEntries: readonly OpenEntry[];
  /** The day's afternoon slots that no appointment holds. */
  freeSlots: readonly FreeSlot[];
  /** No routed appointment may start before this (the end of the morning appointment); null without a morning. */
  earliestStart: number | null;
  event: AfternoonEvent;
  rules: AfternoonRules;
  now: number;
};

export type AfternoonChange =
  | { type: "cancel"; appointmentId: string; reason: string }
  | {
      type: "book";
      kind: AfternoonKind;
      slot: FreeSlot;
      origin: "ROUTING" | "OVERRIDE" | "WAITLIST";
      reason: string;
      /** WAITLIST: the open entry (of an earlier day) this booking meets and resolves. */
      waitlistEntryId?: string;
    }
  | {
      type: "waitlist";
      kind: AfternoonKind;
      reason: string;
      fromClinicDayId: string;
      triageId: string | null;
      causeAppointmentId: string | null;
    }
  /** `met`: a booking of this day now meets the need (else it is no longer needed). */
  | { type: "close-entry"; entryId: string; resolution: string; met: boolean };

export type AfternoonPlan = {
  changes: AfternoonChange[];
  /** For a screen: the decision and its reason. */
  talkingTherapies: boolean | null;
  reason: string;
};

/** Holds a slot: booked, in progress, over, or did not attend (the slot stays with what happened). */
export function holdsSlot(status: AppointmentStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** Booked, in progress or over: the appointment stands for the patient being seen. */
export function standsToBeSeen(status: AppointmentStatus): boolean {
  return SEEN_OR_WAITING_STATUSES.includes(status);
}

/** Only what the day's routing booked, and only while nothing has happened to it, may the routing change. */
export function replannable(a: Pick<AfternoonAppointment, "status" | "origin">): boolean {
  return a.status === "BOOKED" && (a.origin === "ROUTING" || a.origin === "OVERRIDE");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The earliest free slot of the kind starting at or after `from` and, when
 * `endBy` is given, ending no later than it. Ties go by clinician then slot id,
 * so the choice never depends on input order.
 */
export function earliestSlot(slots: readonly FreeSlot[], kind: AfternoonKind, from: number, endBy: number = Infinity): FreeSlot | null {
  let best: FreeSlot | null = null;
  for (const s of slots) {
    if (s.kind !== kind || s.startsAt < from || s.endsAt > endBy) continue;
    if (!best || s.startsAt < best.startsAt || (s.startsAt === best.startsAt && (compare(s.staffId, best.staffId) || compare(s.id, best.id)) < 0))
      best = s;
  }
  return best;
}

/**
 * Where one appointment of `kind` goes on a day the patient may already have
 * the other kind on (a review, a booking from the waitlist): never before now,
 * Talking Therapies ending the gap before that day's GP, a GP starting the gap
 * after that day's Talking Therapies. Null when nothing fits.
 */
export function placeAppointment(input: {
  kind: AfternoonKind;
  freeSlots: readonly FreeSlot[];
  /** The patient's other appointments of that day. */
  others: ReadonlyArray<Pick<AfternoonAppointment, "kind" | "status" | "startsAt" | "endsAt">>;
  rules: AfternoonRules;
  now: number;
}): FreeSlot | null {
  const gap = input.rules.handoverGapMinutes * 60_000;
  const other = input.others.find((a) => a.kind !== input.kind && standsToBeSeen(a.status));
  if (input.kind === "TALKING_THERAPIES")
    return earliestSlot(input.freeSlots, "TALKING_THERAPIES", input.now, other ? other.startsAt - gap : Infinity);
  return earliestSlot(input.freeSlots, "GP", Math.max(input.now, other ? other.endsAt + gap : -Infinity));
}

function noSlotReason(kind: AfternoonKind, slots: readonly FreeSlot[], now: number, bounded: "before-gp" | "after-therapy" | null): string {
  const label = KIND_LABELS[kind];
  if (bounded === "before-gp") return `No ${label} slot left before the GP appointment: offer the next clinic day`;
  if (bounded === "after-therapy") return `No GP slot left after the Talking Therapies appointment: offer the next clinic day`;
  const passed = slots.some((s) => s.kind === kind && s.startsAt < now);
  return passed
    ? `This afternoon's ${label} time has passed: offer the next clinic day`
    : `No ${label} slot left this afternoon: offer the next clinic day`;
}

export function planAfternoon(input: AfternoonInput): AfternoonPlan {
  switch (input.event.type) {
    case "screen":
      return planScreen(input, input.event);
    case "morning-absent":
      return planMorningAbsent(input, input.event.reason);
    case "afternoon-absent":
      return planAfternoonAbsent(input, input.event.appointmentId, input.event.reason);
    case "day-cancelled":
      return planDayCancelled(input, input.event.reason);
  }
}

/** The open entries that belong to this day's routing: from this day, not a review's. */
function ownEntries(input: AfternoonInput, kind?: AfternoonKind): OpenEntry[] {
  return input.openEntries.filter((e) => e.fromClinicDayId === input.clinicDayId && e.triageId === null && (!kind || e.kind === kind));
}

/** An open need of the kind from routing (any day): at most one exists. */
function openNeed(input: AfternoonInput, kind: AfternoonKind): OpenEntry | undefined {
  return input.openEntries.find((e) => e.kind === kind && e.triageId === null);
}

function planScreen(input: AfternoonInput, event: Extract<AfternoonEvent, { type: "screen" }>): AfternoonPlan {
  const changes: AfternoonChange[] = [];
  const gap = input.rules.handoverGapMinutes * 60_000;
  const notBefore = Math.max(input.earliestStart ?? -Infinity, input.now);
  let free = [...input.freeSlots];
  const held = input.appointments.filter((a) => holdsSlot(a.status));
  type Place = AfternoonAppointment | FreeSlot;
  let therapy: Place | null = held.find((a) => a.kind === "TALKING_THERAPIES") ?? null;
  let gp: Place | null = held.find((a) => a.kind === "GP") ?? null;
  const origin = event.override ? "OVERRIDE" : "ROUTING";
  const isAppointment = (x: Place | null): x is AfternoonAppointment => Boolean(x && "status" in x);
  /** Booked, in progress, over, or just booked: not an appointment the patient did not attend. */
  const stands = (x: Place | null): x is Place => Boolean(x && (!isAppointment(x) || standsToBeSeen(x.status)));
  const canReplan = (x: Place | null): x is AfternoonAppointment => isAppointment(x) && replannable(x);
  const cancel = (a: AfternoonAppointment) => {
    changes.push({ type: "cancel", appointmentId: a.id, reason: `Re-routed: ${event.reason}` });
    // Its slot is free again, for this patient's own replanning.
    free.push({ id: a.slotId, kind: a.kind, staffId: a.staffId, startsAt: a.startsAt, endsAt: a.endsAt });
  };
  const book = (kind: AfternoonKind, slot: FreeSlot): FreeSlot => {
    free = free.filter((s) => s.id !== slot.id);
    const need = openNeed(input, kind);
    // An open need of an earlier day is met by this booking, which then belongs to the waitlist, not to this day's routing.
    if (need && need.fromClinicDayId !== input.clinicDayId) {
      changes.push({
        type: "book",
        kind,
        slot,
        origin: "WAITLIST",
        reason: `From the waitlist of ${need.fromLabel}: ${event.reason}`,
        waitlistEntryId: need.id,
      });
    } else {
      changes.push({ type: "book", kind, slot, origin, reason: event.reason });
    }
    return slot;
  };
  const waitlist = (kind: AfternoonKind, reason: string, cause: AfternoonAppointment | null = null) => {
    // One open entry of each kind: an existing one already holds the patient's place,
    // as does the review list for a review of this day that was missed (it was this day's therapy).
    if (openNeed(input, kind)) return;
    if (cause && input.openEntries.some((e) => e.triageId !== null && e.causeAppointmentId === cause.id)) return;
    changes.push({ type: "waitlist", kind, reason, fromClinicDayId: input.clinicDayId, triageId: null, causeAppointmentId: cause?.id ?? null });
  };
  const absentReason = (kind: AfternoonKind) => `Did not attend or left before ${KIND_LABELS[kind]} that afternoon: offer the next clinic day`;

  if (event.talkingTherapies) {
    // Therapy must end the gap before the GP: repair a clash in what the routing owns.
    if (stands(therapy) && stands(gp) && therapy.endsAt + gap > gp.startsAt) {
      if (canReplan(gp)) {
        cancel(gp);
        gp = null;
      } else if (canReplan(therapy)) {
        cancel(therapy);
        therapy = null;
      }
    }
    if (!therapy) {
      let slot = earliestSlot(free, "TALKING_THERAPIES", notBefore, stands(gp) ? gp.startsAt - gap : Infinity);
      if (!slot && canReplan(gp)) {
        // Nothing fits before the GP appointment the routing made: plan afresh, therapy first.
        const unbounded = earliestSlot(free, "TALKING_THERAPIES", notBefore);
        if (unbounded) {
          cancel(gp);
          gp = null;
          slot = unbounded;
        }
      }
      if (slot) therapy = book("TALKING_THERAPIES", slot);
      else waitlist("TALKING_THERAPIES", noSlotReason("TALKING_THERAPIES", input.freeSlots, input.now, stands(gp) ? "before-gp" : null));
    } else if (!stands(therapy)) {
      // Therapy was missed this afternoon: the place is on the waitlist, never a second slot today.
      waitlist("TALKING_THERAPIES", absentReason("TALKING_THERAPIES"), therapy as AfternoonAppointment);
    }
  } else if (canReplan(therapy)) {
    cancel(therapy);
    therapy = null;
  }

  // Everyone who attended sees a GP: keep the one they have if it still follows therapy by the gap.
  if (canReplan(gp) && stands(therapy) && therapy.endsAt + gap > gp.startsAt) {
    cancel(gp);
    gp = null;
  }
  if (!gp) {
    const after = stands(therapy) ? therapy.endsAt + gap : -Infinity;
    const slot = earliestSlot(free, "GP", Math.max(notBefore, after));
    if (slot) gp = book("GP", slot);
    else waitlist("GP", noSlotReason("GP", input.freeSlots, input.now, stands(therapy) ? "after-therapy" : null));
  } else if (!stands(gp)) {
    waitlist("GP", absentReason("GP"), gp as AfternoonAppointment);
  }

  // This day's own entries: met by a booking that now stands, or no longer needed after a negative screen.
  for (const entry of ownEntries(input)) {
    const standing = entry.kind === "TALKING_THERAPIES" ? stands(therapy) : stands(gp);
    if (standing) changes.push({ type: "close-entry", entryId: entry.id, resolution: FREED_SLOT_RESOLUTION, met: true });
    else if (entry.kind === "TALKING_THERAPIES" && !event.talkingTherapies)
      changes.push({ type: "close-entry", entryId: entry.id, resolution: `No longer needed: ${event.reason}`, met: false });
  }
  return { changes, talkingTherapies: event.talkingTherapies, reason: event.reason };
}

export const FREED_SLOT_RESOLUTION = "Booked into a freed slot";

function planMorningAbsent(input: AfternoonInput, reason: string): AfternoonPlan {
  const changes: AfternoonChange[] = [];
  for (const a of input.appointments) if (replannable(a)) changes.push({ type: "cancel", appointmentId: a.id, reason });
  for (const entry of ownEntries(input))
    changes.push({ type: "close-entry", entryId: entry.id, resolution: `No longer needed: ${reason}`, met: false });
  return { changes, talkingTherapies: null, reason };
}

/** What the patient goes back to when an appointment of theirs is lost: the review list, or the waitlist for its kind. */
type WaitlistChange = Extract<AfternoonChange, { type: "waitlist" }>;

function backOnTheList(input: AfternoonInput, a: AfternoonAppointment, reason: string): WaitlistChange | null {
  if (a.origin === "TRIAGE_REVIEW" && a.review) {
    if (input.openEntries.some((e) => e.triageId === a.review!.triageId)) return null;
    return {
      type: "waitlist",
      kind: "TALKING_THERAPIES",
      reason,
      fromClinicDayId: a.review.triageClinicDayId,
      triageId: a.review.triageId,
      causeAppointmentId: a.id,
    };
  }
  if (openNeed(input, a.kind)) return null;
  const from = a.origin === "WAITLIST" && a.waitlistFromClinicDayId ? a.waitlistFromClinicDayId : input.clinicDayId;
  return { type: "waitlist", kind: a.kind, reason, fromClinicDayId: from, triageId: null, causeAppointmentId: a.id };
}

function planAfternoonAbsent(input: AfternoonInput, appointmentId: string, reason: string): AfternoonPlan {
  const absent = input.appointments.find((a) => a.id === appointmentId);
  const changes: AfternoonChange[] = [];
  if (absent && absent.status === "NOSHOW") {
    const back = backOnTheList(input, absent, reason);
    if (back) changes.push(back);
  }
  return { changes, talkingTherapies: null, reason };
}

function planDayCancelled(input: AfternoonInput, reason: string): AfternoonPlan {
  const changes: AfternoonChange[] = [];
  const cancelled: AfternoonAppointment[] = [];
  for (const a of input.appointments) {
    if (a.status !== "BOOKED") continue;
    changes.push({ type: "cancel", appointmentId: a.id, reason });
    cancelled.push(a);
  }
  for (const entry of ownEntries(input))
    changes.push({ type: "close-entry", entryId: entry.id, resolution: `No longer needed: ${reason}`, met: false });
  // After the own entries close, the list is what remains open: reviews and waitlist bookings go back on it.
  const remaining: AfternoonInput = { ...input, openEntries: input.openEntries.filter((e) => !ownEntries(input).includes(e)) };
  for (const a of cancelled) {
    if (a.origin !== "TRIAGE_REVIEW" && a.origin !== "WAITLIST") continue;
    const back = backOnTheList(remaining, a, reason);
    if (back) {
      changes.push(back);
      remaining.openEntries = [
        ...remaining.openEntries,
        {
          id: `new:${a.id}`,
          kind: back.kind,
          fromClinicDayId: back.fromClinicDayId,
          triageId: back.triageId,
          causeAppointmentId: a.id,
          fromLabel: "",
        },
      ];
    }
  }
  return { changes, talkingTherapies: null, reason };
}
