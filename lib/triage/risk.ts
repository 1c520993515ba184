/**
 * A risk recorded at triage, over the triage's versions: what counts as
 * unticking it, and whether it is still open. Pure: the services load the
 * versions and reviews, and the database checks the reason again (triggers in
 * the triage_versions_and_risk_reviews migration).
 *
 * A triage's risk is open while its current version records a risk and no
 * clinician has recorded it reviewed or resolved since the version that last
 * ticked a kind of risk the one before it did not have. So a review covers
 * later edits of the action taken, or unticking one kind of two; ticking a new
 * kind opens the risk again; unticking every kind (which needs a reason) ends it.
 */
import { hasRisk, RISK_LABELS, type RiskScreen } from "./index";

export const RISK_KINDS = ["riskToSelf", "riskToOthers", "riskFromOthers"] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

export const RISK_REVIEW_OUTCOMES = ["REVIEWED", "RESOLVED"] as const;
export type RiskReviewOutcome = (typeof RISK_REVIEW_OUTCOMES)[number];

export const RISK_REVIEW_LABELS: Record<RiskReviewOutcome, string> = {
  REVIEWED: "Reviewed: the risk is known and managed, no flag needed",
  RESOLVED: "Resolved: the risk is no longer present",
};

/** "reviewed" / "resolved", for sentences. */
export const RISK_REVIEW_VERBS: Record<RiskReviewOutcome, string> = { REVIEWED: "reviewed", RESOLVED: "resolved" };

export const UNTICK_REASON_MESSAGE = "Give the reason for unticking a risk that was recorded: the earlier version is kept";

export function riskKinds(screen: RiskScreen): RiskKind[] {
  return RISK_KINDS.filter((k) => screen[k]);
}

/** Kinds of risk the earlier version recorded and the later one does not: unticked. */
export function removedRiskKinds(before: RiskScreen | null, after: RiskScreen): RiskKind[] {
  return before ? RISK_KINDS.filter((k) => before[k] && !after[k]) : [];
}

/** Kinds of risk the later version records and the earlier one did not: newly ticked. */
export function addedRiskKinds(before: RiskScreen | null, after: RiskScreen): RiskKind[] {
  return RISK_KINDS.filter((k) => after[k] && !before?.[k]);
}

/** "Risk to self, risk from others" for a sentence of unticked kinds. */
export function riskKindList(kinds: readonly RiskKind[]): string {
  return kinds.map((k, i) => (i === 0 ? RISK_LABELS[k] : RISK_LABELS[k].toLowerCase())).join(", ");
}

/** The reason a save needs and lacks: unticking a recorded risk needs one. Null when the save may go ahead. */
export function untickProblem(before: RiskScreen | null, after: RiskScreen, reason: string | null | undefined): string | null {
  if (removedRiskKinds(before, after).length === 0) return null;
  return reason && reason.trim() ? null : UNTICK_REASON_MESSAGE;
}

export type RiskVersion = RiskScreen & { version: number };

/**
 * The version the latest version's risk dates from: the latest version that
 * ticked a kind of risk the version before it did not have. Null when the
 * latest version records no risk.
 */
export function riskSinceVersion(versions: readonly RiskVersion[]): number | null {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  let since: number | null = null;
  let previous: RiskVersion | null = null;
  for (const v of ordered) {
    if (!hasRisk(v)) since = null;
    else if (since === null || addedRiskKinds(previous, v).length > 0) since = v.version;
    previous = v;
  }
  return since;
}

/** Open: the latest version records a risk and no review was recorded at or after the version it dates from. */
export function isRiskOpen(versions: readonly RiskVersion[], reviews: ReadonlyArray<{ triageVersion: number }>): boolean {
  const since = riskSinceVersion(versions);
  return since !== null && !reviews.some((r) => r.triageVersion >= since);
}
