/**
 * Talking Therapies triage: what each outcome must carry, the risk screen and
 * the review day rule. Pure: the database checks the same invariants again
 * (check constraints in the afternoon_triage_care_plans migration).
 */

export const TRIAGE_OUTCOMES = ["REFER", "REVIEW_LATER", "STANDALONE_SUPPORT", "SIGNPOST"] as const;
export type TriageOutcomeKind = (typeof TRIAGE_OUTCOMES)[number];

export const TRIAGE_OUTCOME_LABELS: Record<TriageOutcomeKind, string> = {
  REFER: "Refer into Talking Therapies",
  REVIEW_LATER: "Review at a later clinic",
  STANDALONE_SUPPORT: "Support today only (no further Talking Therapies)",
  SIGNPOST: "Signpost elsewhere",
};

export const REFERRAL_PATHWAYS = ["STEP_2", "STEP_3", "LONG_TERM_CONDITIONS"] as const;
export type ReferralPathway = (typeof REFERRAL_PATHWAYS)[number];

export const REFERRAL_PATHWAY_LABELS: Record<ReferralPathway, string> = {
  STEP_2: "Step 2 (low intensity)",
  STEP_3: "Step 3 (high intensity)",
  LONG_TERM_CONDITIONS: "Long-term conditions pathway",
};

export const SIGNPOST_KINDS = ["SECONDARY_CARE", "COMMUNITY_MENTAL_HEALTH_TEAM", "SOCIAL_PRESCRIBING", "VOLUNTARY_SECTOR", "OTHER"] as const;
export type SignpostKind = (typeof SIGNPOST_KINDS)[number];

export const SIGNPOST_KIND_LABELS: Record<SignpostKind, string> = {
  SECONDARY_CARE: "Secondary care mental health",
  COMMUNITY_MENTAL_HEALTH_TEAM: "Community mental health team",
  SOCIAL_PRESCRIBING: "Social prescribing",
  VOLUNTARY_SECTOR: "Voluntary sector service",
  OTHER: "Other service",
};

export type RiskScreen = { riskToSelf: boolean; riskToOthers: boolean; riskFromOthers: boolean };

export const RISK_LABELS: Record<keyof RiskScreen, string> = {
  riskToSelf: "Risk to self",
  riskToOthers: "Risk to others",
  riskFromOthers: "Risk from others",
};

export function hasRisk(screen: RiskScreen): boolean {
  return screen.riskToSelf || screen.riskToOthers || screen.riskFromOthers;
}

/** "to self, from others": the kinds of risk ticked, for lists that flag them. */
export function riskSummary(screen: RiskScreen): string {
  const parts = (Object.keys(RISK_LABELS) as Array<keyof RiskScreen>).filter((k) => screen[k]).map((k) => RISK_LABELS[k].replace(/^Risk /, ""));
  return parts.join(", ");
}

/** What the form gives, before the rules below are applied. */
export type TriageDraft = RiskScreen & {
  riskActionTaken?: string | null;
  outcome: TriageOutcomeKind;
  pathway?: ReferralPathway | null;
  signpostKind?: SignpostKind | null;
  signpostTo?: string | null;
  reviewClinicDayId?: string | null;
  consentToReferral: boolean;
  /** On the long-term-conditions pathway, the condition the referral is for (kept on the referral, not the triage). */
  ltcCondition?: string | null;
};

export const TRIAGE_MESSAGES = {
  riskActionTaken: "Say what action was taken about the risk",
  pathway: "Choose the Talking Therapies pathway: step 2, step 3 or long-term conditions",
  ltcCondition: "Choose the long-term condition the referral is for",
  consentToReferral: "The patient must consent before they are referred: tick consent, or choose another outcome",
  signpostKind: "Choose the kind of service the patient is signposted to",
  signpostTo: "Name the service the patient is signposted to",
  reviewClinicDayId: "Choose the later clinic day for the review",
} as const;

// Robust to any value: the schema runs these rules even when other fields failed to parse.
const blank = (v: unknown) => typeof v !== "string" || v.trim().length === 0;

/** Field → message for every rule the draft breaks; empty when it may be stored. */
export function triageProblems(draft: TriageDraft): Partial<Record<keyof typeof TRIAGE_MESSAGES, string>> {
  const problems: Partial<Record<keyof typeof TRIAGE_MESSAGES, string>> = {};
  if (hasRisk(draft) && blank(draft.riskActionTaken)) problems.riskActionTaken = TRIAGE_MESSAGES.riskActionTaken;
  if (draft.outcome === "REFER") {
    if (!draft.pathway) problems.pathway = TRIAGE_MESSAGES.pathway;
    if (draft.pathway === "LONG_TERM_CONDITIONS" && !draft.ltcCondition) problems.ltcCondition = TRIAGE_MESSAGES.ltcCondition;
    if (!draft.consentToReferral) problems.consentToReferral = TRIAGE_MESSAGES.consentToReferral;
  }
  if (draft.outcome === "SIGNPOST") {
    if (!draft.signpostKind) problems.signpostKind = TRIAGE_MESSAGES.signpostKind;
    if (blank(draft.signpostTo)) problems.signpostTo = TRIAGE_MESSAGES.signpostTo;
  }
  if (draft.outcome === "REVIEW_LATER" && !draft.reviewClinicDayId) problems.reviewClinicDayId = TRIAGE_MESSAGES.reviewClinicDayId;
  return problems;
}

/**
 * The fields stored for an outcome: those of other outcomes are cleared, so a
 * form that was switched between outcomes never leaves a stray pathway or
 * signpost behind, and an action is kept only with the risk it answers.
 */
export function normaliseTriage<T extends TriageDraft>(draft: T) {
  return {
    riskToSelf: draft.riskToSelf,
    riskToOthers: draft.riskToOthers,
    riskFromOthers: draft.riskFromOthers,
    riskActionTaken: hasRisk(draft) ? (draft.riskActionTaken?.trim() ?? null) : null,
    outcome: draft.outcome,
    pathway: draft.outcome === "REFER" ? (draft.pathway ?? null) : null,
    consentToReferral: draft.outcome === "REFER" ? draft.consentToReferral : false,
    signpostKind: draft.outcome === "SIGNPOST" ? (draft.signpostKind ?? null) : null,
    signpostTo: draft.outcome === "SIGNPOST" ? (draft.signpostTo?.trim() ?? null) : null,
    reviewClinicDayId: draft.outcome === "REVIEW_LATER" ? (draft.reviewClinicDayId ?? null) : null,
  };
}

/** The condition the referral carries: only a referral on the long-term-conditions pathway has one (a stray choice is dropped). */
export function referralCondition<C extends string>(draft: {
  outcome: TriageOutcomeKind;
  pathway?: ReferralPathway | null;
  ltcCondition?: C | null;
}): C | null {
  return draft.outcome === "REFER" && draft.pathway === "LONG_TERM_CONDITIONS" ? (draft.ltcCondition ?? null) : null;
}

/**
 * A review is booked into a later clinic day: after today and after the clinic
 * day of the triage itself. Dates are London calendar dates as YYYY-MM-DD.
 */
export function reviewDayProblem(reviewDate: string, today: string, triageDate: string): string | null {
  const label = ukDate(reviewDate);
  if (reviewDate < today) return `The clinic day of ${label} has already happened: choose a clinic day after today`;
  if (reviewDate === today) return `The clinic day of ${label} is today: choose a clinic day after today`;
  if (reviewDate <= triageDate) return `Choose a clinic day after ${ukDate(triageDate)}, the day of this triage`;
  return null;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "3 February 2027" from "2027-02-03". */
export function ukDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The recommendation lines as stored: trimmed, blank lines dropped, repeats removed. */
export function cleanRecommendations(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const text = line.trim();
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

export const TRIAGE_FIELDS = [
  "presentingProblems",
  "riskToSelf",
  "riskToOthers",
  "riskFromOthers",
  "riskActionTaken",
  "outcome",
  "pathway",
  "signpostKind",
  "signpostTo",
  "reviewClinicDayId",
  "consentToReferral",
  "recommendations",
] as const;
export type TriageField = (typeof TRIAGE_FIELDS)[number];

/** Names of the fields whose stored value differs, for the audit of an update (never the values). */
export function changedTriageFields(before: Record<TriageField, unknown>, after: Record<TriageField, unknown>): TriageField[] {
  return TRIAGE_FIELDS.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
}
