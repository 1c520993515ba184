/**
 * Where each patient is in the clinic day, derived from plain facts about their
 * appointments: no Prisma, no clock of its own (the caller passes `now`).
 */

export const FLOW_STAGES = [
  "booked",
  "arrived",
  "wrap-around-done",
  "phq4-done",
  "waiting-talking-therapies",
  "with-talking-therapies",
  "waiting-gp",
  "with-gp",
  // The GP appointment has ended and the care plan made at this clinic day is final.
  "care-plan-done",
  "left",
  // Nothing more today: the patient waits on the waitlist for a later clinic.
  "waitlisted",
  // The latest afternoon appointment was missed.
  "afternoon-dna",
  "left-before-seen",
  "dna",
  "cancelled",
] as const;

export type FlowStage = (typeof FLOW_STAGES)[number];

export const FLOW_STAGE_LABELS: Record<FlowStage, string> = {
  booked: "Booked",
  arrived: "Arrived",
  "wrap-around-done": "Wrap-around done",
  "phq4-done": "PHQ-4 done",
  "waiting-talking-therapies": "Waiting for Talking Therapies",
  "with-talking-therapies": "With Talking Therapies",
  "waiting-gp": "Waiting for GP",
  "with-gp": "With GP",
  "care-plan-done": "Care plan done",
  left: "Left",
  waitlisted: "Waitlisted for a later clinic",
  "afternoon-dna": "Did not attend (afternoon)",
  "left-before-seen": "Left before being seen",
  dna: "Did not attend",
  cancelled: "Cancelled",
};

/**
 * Only these count against the clinic's waiting limit. "Arrived" does not: with
 * no "called in" for the morning it also covers the wrap-around checks
 * themselves, and would flag everyone being seen.
 */
export const WAITING_STAGES: readonly FlowStage[] = ["waiting-talking-therapies", "waiting-gp"];

export type FlowAppointmentStatus = "BOOKED" | "ARRIVED" | "FULFILLED" | "CANCELLED" | "NOSHOW" | "ENTERED_IN_ERROR";

export type FlowFacts = {
  /** The patient's morning wrap-around appointment of the day (the active one if any); null for an afternoon-only patient. */
  morning: {
    status: FlowAppointmentStatus;
    bookedAt: Date;
    checkedInAt: Date | null;
    noShowAt: Date | null;
    endedAt: Date | null;
    cancelledAt: Date | null;
  } | null;
  /** When the PHQ-4 was first recorded today (amendments do not move the patient on). */
  phq4At: Date | null;
  /** Active afternoon appointments (not cancelled). */
  afternoon: Array<{
    kind: "TALKING_THERAPIES" | "GP";
    status: FlowAppointmentStatus;
    slotStartsAt: Date;
    bookedAt: Date;
    startedAt: Date | null;
    endedAt: Date | null;
    /** NOSHOW: when it was marked, and whether the patient left before being seen (rather than not coming). */
    noShowAt?: Date | null;
    leftBeforeSeen?: boolean;
  }>;
  /** The patient has an open waitlist entry (of this clinic). */
  waitlisted?: boolean;
  /** When the care plan made at this clinic day was finalised; null or absent when it is not final. */
  carePlanDoneAt?: Date | null;
};

export type FlowPosition = {
  stage: FlowStage;
  /** When the stage began; null when nothing records it. */
  since: Date | null;
  minutesInStage: number | null;
  /** For waiting stages: minutes past the later of the stage's start and the appointment time. */
  waitingMinutes: number | null;
  overLimit: boolean;
};

const MINUTE = 60_000;

function latest(...dates: Array<Date | null | undefined>): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d.getTime() > best.getTime())) best = d;
  return best;
}

type Derived = { stage: FlowStage; since: Date | null; dueAt?: Date };

/** The afternoon's stage once the patient has moved past the morning; null when the afternoon has not begun. */
function afternoonStage(facts: FlowFacts, readyAt: Date | null, morningDone: boolean): Derived | null {
  const afternoon = [...facts.afternoon].sort((a, b) => a.slotStartsAt.getTime() - b.slotStartsAt.getTime());
  const inProgress = afternoon.find((a) => a.startedAt && !a.endedAt && a.status === "ARRIVED");
  if (inProgress) {
    return { stage: inProgress.kind === "TALKING_THERAPIES" ? "with-talking-therapies" : "with-gp", since: inProgress.startedAt };
  }
  const begun = afternoon.some((a) => a.startedAt || a.endedAt || a.noShowAt);
  if (!begun && !morningDone) return null;
  const remaining = afternoon.filter((a) => a.status === "BOOKED");
  const lastEnded = latest(...afternoon.map((a) => a.endedAt));
  if (remaining.length > 0) {
    const next = remaining[0];
    return {
      stage: next.kind === "TALKING_THERAPIES" ? "waiting-talking-therapies" : "waiting-gp",
      since: latest(readyAt, lastEnded, ...afternoon.map((a) => a.noShowAt)),
      dueAt: next.slotStartsAt,
    };
  }
  // A missed appointment that came after everything seen is where the patient's day ended.
  const missed = afternoon
    .filter((a) => a.status === "NOSHOW" && a.noShowAt)
    .sort((a, b) => a.noShowAt!.getTime() - b.noShowAt!.getTime())
    .at(-1);
  if (missed && (!lastEnded || missed.noShowAt!.getTime() >= lastEnded.getTime())) {
    return { stage: missed.leftBeforeSeen ? "left-before-seen" : "afternoon-dna", since: missed.noShowAt! };
  }
  if (begun) {
    const gpEnded = afternoon.some((a) => a.kind === "GP" && a.endedAt);
    if (gpEnded && facts.carePlanDoneAt) return { stage: "care-plan-done", since: latest(lastEnded, facts.carePlanDoneAt) };
    return { stage: facts.waitlisted ? "waitlisted" : "left", since: lastEnded };
  }
  return null;
}

function position(facts: FlowFacts): Derived {
  const m = facts.morning;
  if (!m) {
    // Booked straight into an afternoon (for example from the waitlist).
    const fromAfternoon = afternoonStage(facts, null, false);
    if (fromAfternoon) return fromAfternoon;
    return { stage: "booked", since: latest(...facts.afternoon.map((a) => a.bookedAt)) };
  }
  if (m.status === "CANCELLED" || m.status === "ENTERED_IN_ERROR") return { stage: "cancelled", since: m.cancelledAt };
  if (m.status === "NOSHOW") return { stage: "dna", since: m.noShowAt };
  if (m.status === "BOOKED") return { stage: "booked", since: m.bookedAt };

  const morningDone = m.status === "FULFILLED";
  const readyAt = latest(m.endedAt, facts.phq4At);
  const fromAfternoon = afternoonStage(facts, readyAt, morningDone);
  if (fromAfternoon) return fromAfternoon;
  if (morningDone) {
    // Nothing booked after the morning: not screened yet, or everything waitlisted.
    if (facts.waitlisted) return { stage: "waitlisted", since: readyAt };
    if (!facts.phq4At) return { stage: "wrap-around-done", since: m.endedAt };
    return { stage: "left", since: readyAt };
  }
  if (facts.phq4At) return { stage: "phq4-done", since: facts.phq4At };
  return { stage: "arrived", since: m.checkedInAt };
}

/** The patient's stage, how long they have been in it, and whether they have waited too long. */
export function flowPosition(facts: FlowFacts, now: Date, waitingLimitMinutes: number): FlowPosition {
  const { stage, since, dueAt } = position(facts);
  const minutesInStage = since ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / MINUTE)) : null;
  let waitingMinutes: number | null = null;
  if (WAITING_STAGES.includes(stage)) {
    // Waiting starts at the appointment time: a patient who finished the morning early is not kept waiting by the clinic.
    const from = latest(since, dueAt ?? null);
    waitingMinutes = from ? Math.max(0, Math.floor((now.getTime() - from.getTime()) / MINUTE)) : 0;
  }
  return { stage, since, minutesInStage, waitingMinutes, overLimit: waitingMinutes !== null && waitingMinutes > waitingLimitMinutes };
}

/** "Waiting 42 min, over 30" for a row over the limit; null otherwise. */
export function overLimitText(p: Pick<FlowPosition, "overLimit" | "waitingMinutes">, waitingLimitMinutes: number): string | null {
  if (!p.overLimit || p.waitingMinutes === null) return null;
  return `Waiting ${p.waitingMinutes} min, over ${waitingLimitMinutes}`;
}

/** How many patients are in each stage, in board order (stages with nobody included). */
export function stageCounts(stages: readonly FlowStage[]): Array<{ stage: FlowStage; label: string; count: number }> {
  const counts = new Map<FlowStage, number>();
  for (const s of stages) counts.set(s, (counts.get(s) ?? 0) + 1);
  return FLOW_STAGES.map((stage) => ({ stage, label: FLOW_STAGE_LABELS[stage], count: counts.get(stage) ?? 0 }));
}
