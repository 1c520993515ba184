/**
 * A referral into Talking Therapies moves only forward:
 * REFERRED → ACCEPTED → ENTERED_TREATMENT → FINISHED_TREATMENT (the course
 * closed after treatment; whether it counts as "finished treatment" for the
 * outcome rates depends on its treatment sessions, lib/outcomes/recovery.ts),
 * or from REFERRED or ACCEPTED to DECLINED or DID_NOT_ENGAGE (closed). Each step has a London calendar date
 * (YYYY-MM-DD) that is not in the future and not before the previous step's.
 */

export const REFERRAL_STATUSES = ["REFERRED", "ACCEPTED", "ENTERED_TREATMENT", "FINISHED_TREATMENT", "DECLINED", "DID_NOT_ENGAGE"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  REFERRED: "Referred",
  ACCEPTED: "Accepted",
  ENTERED_TREATMENT: "Entered treatment",
  FINISHED_TREATMENT: "Closed after treatment",
  DECLINED: "Declined",
  DID_NOT_ENGAGE: "Did not engage",
};

const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  REFERRED: ["ACCEPTED", "DECLINED", "DID_NOT_ENGAGE"],
  ACCEPTED: ["ENTERED_TREATMENT", "DECLINED", "DID_NOT_ENGAGE"],
  ENTERED_TREATMENT: ["FINISHED_TREATMENT"],
  FINISHED_TREATMENT: [],
  DECLINED: [],
  DID_NOT_ENGAGE: [],
};

export function nextStatuses(status: ReferralStatus): readonly ReferralStatus[] {
  return NEXT[status];
}

export function isClosing(status: ReferralStatus): boolean {
  return status === "DECLINED" || status === "DID_NOT_ENGAGE" || status === "FINISHED_TREATMENT";
}

export function isFinished(status: ReferralStatus): boolean {
  return NEXT[status].length === 0;
}

export type ReferralDates = {
  status: ReferralStatus;
  referredAt: string;
  acceptedAt: string | null;
  enteredTreatmentAt: string | null;
  closedAt: string | null;
};

/** The date of the latest step so far, which the next one may not precede. */
export function lastStepDate(r: ReferralDates): string {
  return [r.referredAt, r.acceptedAt, r.enteredTreatmentAt, r.closedAt]
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1)!;
}

export type Transition = { ok: true; next: ReferralDates } | { ok: false; field: "status" | "date"; message: string };

/** Applies one step to a referral, or says plainly why it may not be taken. */
export function applyTransition(current: ReferralDates, to: ReferralStatus, date: string, today: string): Transition {
  if (!NEXT[current.status].includes(to)) {
    const label = REFERRAL_STATUS_LABELS[current.status].toLowerCase();
    const message = isFinished(current.status)
      ? `This referral is already ${label}: it cannot change again`
      : `A referral that is ${label} cannot be marked ${REFERRAL_STATUS_LABELS[to].toLowerCase()}`;
    return { ok: false, field: "status", message };
  }
  if (date > today) return { ok: false, field: "date", message: "The date cannot be in the future" };
  const previous = lastStepDate(current);
  if (date < previous) {
    return {
      ok: false,
      field: "date",
      message: `The date cannot be before ${previous.split("-").reverse().join("/")}, the referral's previous step`,
    };
  }
  const next: ReferralDates = { ...current, status: to };
  if (to === "ACCEPTED") next.acceptedAt = date;
  else if (to === "ENTERED_TREATMENT") next.enteredTreatmentAt = date;
  else next.closedAt = date;
  return { ok: true, next };
}
