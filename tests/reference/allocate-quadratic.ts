/**
 * REFERENCE ONLY: the afternoon allocator as it was before issue 13 (commit a615e59), kept unchanged so the property
 * test in lib/routing/allocate-reference.test.ts can show that lib/routing/allocate.ts gives identical output. Its
 * cost grows with patients × clinicians (each lookup scans a start time's slots); do not use it in the app.
 */
/**
 * The afternoon allocator: the heart of the clinic day. Given the afternoon's
 * slots, the slots already taken, and the patients to place with their PHQ-4
 * totals, it books each patient's afternoon:
 *
 *  - total at or above the clinic's threshold: a Talking Therapies appointment,
 *    then a GP appointment starting at least the handover gap after it ends;
 *  - below it: a GP appointment only;
 *  - whatever cannot be booked goes on a waitlist with its reason — a positive
 *    screen is never dropped.
 *
 * Pure and deterministic: plain values in, plain values out, the same output for
 * the same input in any order. Earliest feasible times; among slots that start
 * at the same time, the clinician with the fewest patients so far.
 */

export type AfternoonKind = "TALKING_THERAPIES" | "GP";

export type AfternoonSlot = {
  id: string;
  kind: AfternoonKind;
  staffId: string;
  /** Epoch milliseconds. */
  startsAt: number;
  endsAt: number;
};

export type PatientToPlace = {
  patientId: string;
  /** The current PHQ-4 total; null when no PHQ-4 was recorded (routes to GP only, with that reason). */
  phq4Total: number | null;
  /** No afternoon appointment may start before this (epoch ms), e.g. the end of the morning. */
  earliestStart: number;
};

export type RoutingRules = {
  /** PHQ-4 total at or above which Talking Therapies is offered (clinic setting, default 3). */
  threshold: number;
  handoverGapMinutes: number;
};

export type AllocationInput = {
  slots: readonly AfternoonSlot[];
  /** Slot ids already holding an appointment. */
  takenSlotIds: Iterable<string>;
  patients: readonly PatientToPlace[];
  rules: RoutingRules;
};

export type PlannedAppointment = { patientId: string; slotId: string; kind: AfternoonKind; staffId: string; startsAt: number; endsAt: number };
export type WaitlistEntry = { patientId: string; kind: AfternoonKind; reason: string };
export type RoutingDecision = {
  patientId: string;
  talkingTherapies: boolean;
  /** Why, in words staff see: "PHQ-4 total 5 ≥ 3: Talking Therapies, then GP". */
  reason: string;
};

export type AllocationResult = {
  appointments: PlannedAppointment[];
  waitlist: WaitlistEntry[];
  decisions: RoutingDecision[];
};

export function needsTalkingTherapies(total: number | null, threshold: number): boolean {
  return total !== null && total >= threshold;
}

export function routingReason(total: number | null, threshold: number): string {
  if (total === null) return "No PHQ-4 recorded: GP only";
  return total >= threshold ? `PHQ-4 total ${total} ≥ ${threshold}: Talking Therapies, then GP` : `PHQ-4 total ${total} < ${threshold}: GP only`;
}

/**
 * Free slots of one kind grouped by start time, with "next bucket that still has
 * a free slot" answered by a disjoint-set over bucket indexes, so each lookup is
 * close to constant time even for thousands of patients.
 */
class SlotBook {
  private readonly times: number[] = [];
  private readonly buckets: AfternoonSlot[][] = [];
  private readonly next: number[];
  private readonly load = new Map<string, number>();

  constructor(slots: AfternoonSlot[]) {
    const sorted = [...slots].sort((a, b) => a.startsAt - b.startsAt || compare(a.staffId, b.staffId) || compare(a.id, b.id));
    for (const slot of sorted) {
      const last = this.times.length - 1;
      if (last >= 0 && this.times[last] === slot.startsAt) this.buckets[last].push(slot);
      else {
        this.times.push(slot.startsAt);
        this.buckets.push([slot]);
      }
      if (!this.load.has(slot.staffId)) this.load.set(slot.staffId, 0);
    }
    // next[i] = i while bucket i has a free slot; index times.length is the sentinel "none".
    this.next = Array.from({ length: this.times.length + 1 }, (_, i) => i);
  }

  private find(i: number): number {
    let root = i;
    while (this.next[root] !== root) root = this.next[root];
    while (this.next[i] !== root) {
      const up = this.next[i];
      this.next[i] = root;
      i = up;
    }
    return root;
  }

  /** The first bucket index whose start is at or after `time`. */
  private lowerBound(time: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The earliest free slot starting at or after `time`, the least-loaded clinician first; not yet taken. */
  peek(time: number): AfternoonSlot | null {
    const index = this.find(this.lowerBound(time));
    if (index >= this.times.length) return null;
    let best: AfternoonSlot | null = null;
    for (const slot of this.buckets[index]) {
      if (!best || this.load.get(slot.staffId)! < this.load.get(best.staffId)!) best = slot;
    }
    return best;
  }

  take(slot: AfternoonSlot): void {
    const index = this.lowerBound(slot.startsAt);
    const bucket = this.buckets[index];
    bucket.splice(bucket.indexOf(slot), 1);
    this.load.set(slot.staffId, this.load.get(slot.staffId)! + 1);
    if (bucket.length === 0) this.next[index] = index + 1;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function allocateAfternoon(input: AllocationInput): AllocationResult {
  const { threshold, handoverGapMinutes } = input.rules;
  const gap = handoverGapMinutes * 60_000;
  const taken = new Set(input.takenSlotIds);
  const free = input.slots.filter((s) => !taken.has(s.id));
  const therapies = new SlotBook(free.filter((s) => s.kind === "TALKING_THERAPIES"));
  const gps = new SlotBook(free.filter((s) => s.kind === "GP"));

  // Positive screens first: they need two ordered appointments and must not be
  // crowded out; then by readiness, then by id so the order never depends on input order.
  const patients = [...input.patients].sort((a, b) => {
    const pa = needsTalkingTherapies(a.phq4Total, threshold) ? 0 : 1;
    const pb = needsTalkingTherapies(b.phq4Total, threshold) ? 0 : 1;
    return pa - pb || a.earliestStart - b.earliestStart || compare(a.patientId, b.patientId);
  });

  const result: AllocationResult = { appointments: [], waitlist: [], decisions: [] };
  const book = (patientId: string, slot: AfternoonSlot, from: SlotBook) => {
    from.take(slot);
    result.appointments.push({ patientId, slotId: slot.id, kind: slot.kind, staffId: slot.staffId, startsAt: slot.startsAt, endsAt: slot.endsAt });
  };

  for (const patient of patients) {
    const positive = needsTalkingTherapies(patient.phq4Total, threshold);
    result.decisions.push({ patientId: patient.patientId, talkingTherapies: positive, reason: routingReason(patient.phq4Total, threshold) });
    let gpFrom = patient.earliestStart;
    if (positive) {
      const therapy = therapies.peek(patient.earliestStart);
      if (therapy) {
        book(patient.patientId, therapy, therapies);
        gpFrom = therapy.endsAt + gap;
      } else {
        result.waitlist.push({
          patientId: patient.patientId,
          kind: "TALKING_THERAPIES",
          reason: "No Talking Therapies slot left this afternoon: offer the next clinic day",
        });
      }
    }
    const gp = gps.peek(gpFrom);
    if (gp) book(patient.patientId, gp, gps);
    else {
      result.waitlist.push({
        patientId: patient.patientId,
        kind: "GP",
        reason:
          positive && gpFrom !== patient.earliestStart
            ? "No GP slot left after the Talking Therapies appointment: offer the next clinic day"
            : "No GP slot left this afternoon: offer the next clinic day",
      });
    }
  }
  return result;
}
