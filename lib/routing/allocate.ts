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
 * Free slots of one kind grouped by start time ("buckets"). Two indexes keep every
 * step O(log n), so a clinic of n patients costs O(n log n):
 *  - "the next bucket at or after a time that still has a free slot" is a binary
 *    search over the start times plus a disjoint-set over bucket indexes;
 *  - within a bucket, "the least-loaded clinician, then the first by clinician and
 *    slot id" is a min-heap keyed by (load when pushed, position in that order).
 *    A clinician's load only grows, so an entry whose load is out of date is
 *    pushed back with the current load when it reaches the top (lazy update):
 *    the valid top is then the true minimum.
 */
class SlotBook {
  /** Free slots sorted by start, clinician, id: a slot's position is its tie-break within its bucket. */
  private readonly sorted: AfternoonSlot[];
  private readonly times: number[] = [];
  /** Per bucket, a binary min-heap of keys `load * size + position`. */
  private readonly heaps: number[][] = [];
  private readonly next: number[];
  /** Per slot position, its clinician's index into `load`. */
  private readonly staffOf: Int32Array;
  private readonly load: Int32Array;
  private readonly size: number;

  constructor(slots: AfternoonSlot[]) {
    // Clinicians ranked once by id, so sorting the slots compares numbers, not strings (ids only break the rare tie
    // of one clinician's two slots at one time).
    const staffIds = [...new Set(slots.map((s) => s.staffId))].sort(compare);
    const rankOf = new Map(staffIds.map((id, rank) => [id, rank]));
    const count = slots.length;
    const starts = new Float64Array(count);
    const ranks = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      starts[i] = slots[i].startsAt;
      ranks[i] = rankOf.get(slots[i].staffId)!;
    }
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => starts[a] - starts[b] || ranks[a] - ranks[b] || compare(slots[a].id, slots[b].id) || a - b);
    this.sorted = order.map((i) => slots[i]);
    this.size = count;
    this.staffOf = new Int32Array(count);
    for (let position = 0; position < count; position++) {
      const slot = order[position];
      this.staffOf[position] = ranks[slot];
      const last = this.times.length - 1;
      // Positions within a bucket arrive in increasing order, so each bucket's array is already a valid heap.
      if (last >= 0 && this.times[last] === starts[slot]) this.heaps[last].push(position);
      else {
        this.times.push(starts[slot]);
        this.heaps.push([position]);
      }
    }
    this.load = new Int32Array(staffIds.length);
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

  /**
   * Takes the earliest free slot starting at or after `time`, the least-loaded clinician first (then by clinician and
   * slot id), and counts it to its clinician; null when none is left.
   */
  takeEarliest(time: number): AfternoonSlot | null {
    const index = this.find(this.lowerBound(time));
    if (index >= this.times.length) return null;
    const heap = this.heaps[index];
    for (;;) {
      const key = heap[0];
      const position = key % this.size;
      const staff = this.staffOf[position];
      const current = this.load[staff] * this.size + position;
      if (current === key) break;
      replaceTop(heap, current);
    }
    const position = heap[0] % this.size;
    popTop(heap);
    this.load[this.staffOf[position]] += 1;
    if (heap.length === 0) this.next[index] = index + 1;
    return this.sorted[position];
  }
}

function siftDown(heap: number[], i: number): void {
  const value = heap[i];
  const length = heap.length;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= length) break;
    if (child + 1 < length && heap[child + 1] < heap[child]) child += 1;
    if (heap[child] >= value) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = value;
}

function replaceTop(heap: number[], value: number): void {
  heap[0] = value;
  siftDown(heap, 0);
}

function popTop(heap: number[]): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
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
  const count = input.patients.length;
  const positives = new Uint8Array(count);
  const ready = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    positives[i] = needsTalkingTherapies(input.patients[i].phq4Total, threshold) ? 1 : 0;
    ready[i] = input.patients[i].earliestStart;
  }
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort(
    (a, b) => positives[b] - positives[a] || ready[a] - ready[b] || compare(input.patients[a].patientId, input.patients[b].patientId) || a - b,
  );
  // The same words for everyone with the same total.
  const reasons = new Map<number | null, string>();
  const reasonFor = (total: number | null) => {
    let reason = reasons.get(total);
    if (reason === undefined) reasons.set(total, (reason = routingReason(total, threshold)));
    return reason;
  };

  const result: AllocationResult = { appointments: [], waitlist: [], decisions: [] };
  const book = (patientId: string, slot: AfternoonSlot) => {
    result.appointments.push({ patientId, slotId: slot.id, kind: slot.kind, staffId: slot.staffId, startsAt: slot.startsAt, endsAt: slot.endsAt });
  };

  for (const index of order) {
    const patient = input.patients[index];
    const positive = positives[index] === 1;
    result.decisions.push({ patientId: patient.patientId, talkingTherapies: positive, reason: reasonFor(patient.phq4Total) });
    let gpFrom = patient.earliestStart;
    if (positive) {
      const therapy = therapies.takeEarliest(patient.earliestStart);
      if (therapy) {
        book(patient.patientId, therapy);
        gpFrom = therapy.endsAt + gap;
      } else {
        result.waitlist.push({
          patientId: patient.patientId,
          kind: "TALKING_THERAPIES",
          reason: "No Talking Therapies slot left this afternoon: offer the next clinic day",
        });
      }
    }
    const gp = gps.takeEarliest(gpFrom);
    if (gp) book(patient.patientId, gp);
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
