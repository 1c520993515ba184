/**
 * Versions of a triage, like care plans: every save that changes a triage makes
 * its next version, and the one before stays readable. Pure: recordTriage stores
 * what this decides, and the database refuses a change made any other way.
 */
import { changedTriageFields, TRIAGE_FIELDS, type TriageField } from "./index";
import { untickProblem } from "./risk";

export type TriageContent = Record<TriageField, unknown> & { riskToSelf: boolean; riskToOthers: boolean; riskFromOthers: boolean };

export type TriageRevision = {
  /** Why the save cannot be stored (unticking a recorded risk without a reason), or null. */
  problem: string | null;
  /** The fields this save changes (never their values): all it fills, for a first save. */
  changed: TriageField[];
  /** True when the save makes a new version: always for a first save, otherwise when anything changed. */
  newVersion: boolean;
  /** The version the triage is at after the save. */
  version: number;
  /** The reason the version after the save carries. */
  changeReason: string | null;
};

export const TRIAGE_FIELD_LABELS: Record<TriageField, string> = {
  presentingProblems: "presenting problems",
  riskToSelf: "risk to self",
  riskToOthers: "risk to others",
  riskFromOthers: "risk from others",
  riskActionTaken: "action taken about the risk",
  outcome: "outcome",
  pathway: "pathway",
  signpostKind: "kind of service",
  signpostTo: "service signposted to",
  reviewClinicDayId: "review day",
  consentToReferral: "consent to referral",
  recommendations: "recommendations",
};

const filled = (v: unknown) => v !== null && v !== undefined && v !== false && v !== "" && !(Array.isArray(v) && v.length === 0);

/** What saving `next` over `previous` (null for a first save) makes, with `reason` as given in the form. */
export function triageRevision(
  previous: (TriageContent & { version: number; changeReason: string | null }) | null,
  next: TriageContent,
  reason: string | null | undefined,
): TriageRevision {
  const given = reason?.trim() || null;
  const problem = untickProblem(previous, next, given);
  if (!previous) return { problem, changed: TRIAGE_FIELDS.filter((f) => filled(next[f])), newVersion: true, version: 1, changeReason: given };
  const changed = changedTriageFields(previous, next);
  if (changed.length === 0) return { problem, changed, newVersion: false, version: previous.version, changeReason: previous.changeReason };
  return { problem, changed, newVersion: true, version: previous.version + 1, changeReason: given };
}
