/**
 * Recovery, reliable improvement and reliable recovery of one referral, as
 * NHS Talking Therapies defines them (shared/DOMAIN.md; decision record
 * 0015-recovery-definitions.md gives the source and the choices made here).
 * Pure, so the definitions are tested on worked examples and properties; the
 * reports' SQL (issue 15, still to come) must be held to the same examples.
 */
import { MEASURES } from "./measures";

export type SessionKind = "ASSESSMENT" | "TREATMENT";
export type Attendance = "ATTENDED" | "DID_NOT_ATTEND" | "CANCELLED";

/** One contact of a referral with Talking Therapies, with the measures taken at it (null: not taken). */
export type Contact = {
  /** When it took place (or was due), for ordering: an ISO date or instant. */
  at: string;
  kind: SessionKind;
  attendance: Attendance;
  phq9: number | null;
  gad7: number | null;
};

export type PairedScores = { phq9: number; gad7: number };

export type ReferralOutcome = {
  /** Treatment sessions attended (assessments do not count). */
  treatmentSessions: number;
  /** Closed after at least two attended treatment sessions. */
  finishedTreatment: boolean;
  /** The first and last attended sessions with both measures taken (null: none; equal when only one). */
  first: PairedScores | null;
  last: PairedScores | null;
  /**
   * At caseness at the first measured session (PHQ-9 ≥ 10 or GAD-7 ≥ 8); null
   * when no session was measured.
   */
  atCaseness: boolean | null;
  /**
   * Counted in the recovery rate: finished treatment, with two different
   * measured sessions, at caseness at the first. Recovery and reliable
   * recovery are null for everyone else.
   */
  inRecoveryRate: boolean;
  /** Counted in the reliable improvement rate: finished treatment with two different measured sessions. */
  inImprovementRate: boolean;
  /** Below both thresholds at the last measured session (only when in the recovery rate). */
  recovered: boolean | null;
  /** PHQ-9 down by 6 or more, or GAD-7 down by 4 or more, and neither up by as much. */
  reliablyImproved: boolean | null;
  /** PHQ-9 up by 6 or more, or GAD-7 up by 4 or more, and neither down by as much. */
  reliablyDeteriorated: boolean | null;
  /** Recovered and reliably improved. */
  reliablyRecovered: boolean | null;
};

const caseness = (s: PairedScores) => s.phq9 >= MEASURES.PHQ9.caseness || s.gad7 >= MEASURES.GAD7.caseness;

function checkScore(value: number | null, max: number, label: string): void {
  if (value !== null && (!Number.isInteger(value) || value < 0 || value > max)) {
    throw new RangeError(`A ${label} total must be a whole number from 0 to ${max}, got ${value}`);
  }
}

/**
 * The outcome of one referral from its contacts (any order) and whether it is
 * closed. Only attended sessions count; a session is "measured" when both the
 * PHQ-9 and the GAD-7 were taken at it, and the first and last measured
 * sessions are compared.
 */
export function referralOutcome(contacts: readonly Contact[], closed: boolean): ReferralOutcome {
  for (const c of contacts) {
    checkScore(c.phq9, MEASURES.PHQ9.max, "PHQ-9");
    checkScore(c.gad7, MEASURES.GAD7.max, "GAD-7");
  }
  const attended = contacts.filter((c) => c.attendance === "ATTENDED").sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const treatmentSessions = attended.filter((c) => c.kind === "TREATMENT").length;
  const finishedTreatment = closed && treatmentSessions >= 2;
  const measured = attended.filter((c): c is Contact & PairedScores => c.phq9 !== null && c.gad7 !== null);
  const first = measured.length > 0 ? { phq9: measured[0].phq9, gad7: measured[0].gad7 } : null;
  const lastContact = measured.at(-1);
  const last = lastContact ? { phq9: lastContact.phq9, gad7: lastContact.gad7 } : null;
  const atCasenessAtStart = first ? caseness(first) : null;

  const inImprovementRate = finishedTreatment && measured.length >= 2;
  const inRecoveryRate = inImprovementRate && atCasenessAtStart === true;

  let reliablyImproved: boolean | null = null;
  let reliablyDeteriorated: boolean | null = null;
  if (inImprovementRate && first && last) {
    const phq9Change = last.phq9 - first.phq9;
    const gad7Change = last.gad7 - first.gad7;
    const better = phq9Change <= -MEASURES.PHQ9.reliableChange || gad7Change <= -MEASURES.GAD7.reliableChange;
    const worse = phq9Change >= MEASURES.PHQ9.reliableChange || gad7Change >= MEASURES.GAD7.reliableChange;
    reliablyImproved = better && !worse;
    reliablyDeteriorated = worse && !better;
  }
  const recovered = inRecoveryRate && last ? !caseness(last) : null;
  const reliablyRecovered = recovered === null ? null : recovered && reliablyImproved === true;

  return {
    treatmentSessions,
    finishedTreatment,
    first,
    last,
    atCaseness: atCasenessAtStart,
    inRecoveryRate,
    inImprovementRate,
    recovered,
    reliablyImproved,
    reliablyDeteriorated,
    reliablyRecovered,
  };
}

export type OutcomeRates = {
  finishedTreatment: number;
  /** Finished at caseness with paired scores: the recovery rate's denominator. */
  atCaseness: number;
  recovered: number;
  reliablyRecovered: number;
  /** Finished with paired scores: the reliable improvement rate's denominator. */
  paired: number;
  reliablyImproved: number;
  reliablyDeteriorated: number;
};

/** The counts behind a group of referrals' rates (a practice's month, a PCN's year). */
export function outcomeRates(outcomes: readonly ReferralOutcome[]): OutcomeRates {
  const count = (p: (o: ReferralOutcome) => boolean) => outcomes.filter(p).length;
  return {
    finishedTreatment: count((o) => o.finishedTreatment),
    atCaseness: count((o) => o.inRecoveryRate),
    recovered: count((o) => o.recovered === true),
    reliablyRecovered: count((o) => o.reliablyRecovered === true),
    paired: count((o) => o.inImprovementRate),
    reliablyImproved: count((o) => o.reliablyImproved === true),
    reliablyDeteriorated: count((o) => o.reliablyDeteriorated === true),
  };
}
