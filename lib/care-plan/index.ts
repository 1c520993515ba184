/**
 * The care plan's rules: which state changes are allowed, what a plan needs
 * before it is final, and what changed between two versions. Plain data in,
 * plain results out (dates are London calendar dates as 'YYYY-MM-DD').
 *
 * DRAFT --finalise--> FINAL (locked) --revise--> a new DRAFT version n+1 that
 * copies the content and needs a change reason; finalising that version marks
 * the earlier FINAL one SUPERSEDED. A SUPERSEDED version never changes again.
 */

export const CARE_PLAN_STATUSES = ["DRAFT", "FINAL", "SUPERSEDED"] as const;
export type CarePlanStatus = (typeof CARE_PLAN_STATUSES)[number];

export const ACTION_KINDS = ["MEDICAL", "SOCIAL", "MENTAL_HEALTH", "SELF_MANAGEMENT"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_KIND_LABELS: Record<ActionKind, string> = {
  MEDICAL: "Medical",
  SOCIAL: "Social",
  MENTAL_HEALTH: "Mental health",
  SELF_MANAGEMENT: "Looking after myself",
};

export type CarePlanAction = { kind: ActionKind; description: string; who: string; byWhen: string };

/** The GP's decision on one of the therapist's recommendations; `accepted` is null until decided. */
export type RecommendationDecision = { recommendation: string; accepted: boolean | null; reason?: string | null };

export type CarePlanContent = {
  whatMatters: string | null;
  goals: string | null;
  actions: CarePlanAction[];
  recommendations: RecommendationDecision[];
  keyWorkerId: string | null;
  nextReviewDate: string | null;
  reviewClinicDayId: string | null;
};

export type CarePlanEvent = "save" | "finalise" | "revise";

export type Transition = { ok: true; to: CarePlanStatus } | { ok: false; message: string };

/** Whether `event` may happen to a plan in `status`, and the status it leads to. */
export function carePlanTransition(status: CarePlanStatus, event: CarePlanEvent): Transition {
  switch (event) {
    case "save":
    case "finalise":
      if (status === "DRAFT") return { ok: true, to: event === "save" ? "DRAFT" : "FINAL" };
      return {
        ok: false,
        message:
          status === "FINAL"
            ? "This care plan is final and locked. Use “Revise” to make a new version with a reason for the change."
            : "This version has been replaced by a newer one and can no longer change.",
      };
    case "revise":
      if (status === "FINAL") return { ok: true, to: "DRAFT" };
      return {
        ok: false,
        message:
          status === "DRAFT"
            ? "This care plan is still a draft: change it and finalise it instead."
            : "Only the current final care plan can be revised.",
      };
  }
}

/** The new version a revise makes: the content carried over, the next number, the reason kept. */
export function revisedVersion(
  plan: { id: string; version: number; status: CarePlanStatus },
  changeReason: string,
): { ok: true; version: number; previousVersionId: string; changeReason: string } | { ok: false; message: string } {
  const transition = carePlanTransition(plan.status, "revise");
  if (!transition.ok) return transition;
  const reason = changeReason.trim();
  if (!reason) return { ok: false, message: "Say why the care plan is changing" };
  return { ok: true, version: plan.version + 1, previousVersionId: plan.id, changeReason: reason };
}

export type Problem = { field: string; message: string };

/**
 * What stops a draft from being finalised, each with the form field it belongs to.
 * Required: what matters to the person, at least one goal or action (a plan of
 * neither has nothing to follow up), the key worker, a next review date that has
 * not passed, no action whose "by when" has passed, and a decision on every one
 * of the therapist's recommendations (declining one needs a reason).
 */
export function finaliseProblems(content: CarePlanContent, context: { today: string; therapistRecommendations: readonly string[] }): Problem[] {
  const problems: Problem[] = [];
  if (!content.whatMatters?.trim()) problems.push({ field: "whatMatters", message: "Write down what matters to the person before finalising" });
  if (!content.goals?.trim() && content.actions.length === 0) {
    problems.push({ field: "goals", message: "Add at least one goal or one action before finalising" });
  }
  if (!content.keyWorkerId) problems.push({ field: "keyWorkerId", message: "Name the key worker before finalising the care plan" });
  if (!content.nextReviewDate) problems.push({ field: "nextReviewDate", message: "Set the next review date before finalising the care plan" });
  else if (content.nextReviewDate < context.today)
    problems.push({ field: "nextReviewDate", message: "The next review date has passed: choose today or a later date" });
  content.actions.forEach((action, i) => {
    if (action.byWhen < context.today) problems.push({ field: `actions.${i}.byWhen`, message: `Action ${i + 1}: the “by when” date has passed` });
  });
  for (const recommendation of context.therapistRecommendations) {
    const index = content.recommendations.findIndex((r) => r.recommendation === recommendation);
    const decision = content.recommendations[index];
    if (!decision || decision.accepted === null) {
      problems.push({
        field: `recommendations.${index < 0 ? content.recommendations.length : index}.accepted`,
        message: `Accept or decline the therapist’s recommendation “${recommendation}”`,
      });
    } else if (decision.accepted === false && !decision.reason?.trim()) {
      problems.push({ field: `recommendations.${index}.reason`, message: `Give a reason for declining “${recommendation}”` });
    }
  }
  return problems;
}

/**
 * The recommendations list the editor starts from: the GP's saved decisions,
 * then any of the therapist's recommendations not decided on yet (for example
 * added by a later triage), undecided.
 */
export function mergeRecommendations(saved: readonly RecommendationDecision[], therapist: readonly string[]): RecommendationDecision[] {
  const out = saved.map((r) => ({ ...r }));
  for (const recommendation of therapist) {
    if (!out.some((r) => r.recommendation === recommendation)) out.push({ recommendation, accepted: null, reason: null });
  }
  return out;
}

/** A booked review day must not come before the review date, or attending it would not count as the review. */
export function reviewDayProblem(nextReviewDate: string | null, reviewDayDate: string, today: string): string | null {
  if (reviewDayDate <= today) return "Choose a clinic day after today for the review";
  if (nextReviewDate && reviewDayDate < nextReviewDate)
    return "The review clinic day is before the next review date: choose a later clinic day or an earlier review date";
  return null;
}

export const CONTENT_FIELD_LABELS: Record<keyof CarePlanContent, string> = {
  whatMatters: "What matters",
  goals: "Goals",
  actions: "Actions",
  recommendations: "Therapist’s recommendations",
  keyWorkerId: "Key worker",
  nextReviewDate: "Next review date",
  reviewClinicDayId: "Review clinic day",
};

const FIELDS = Object.keys(CONTENT_FIELD_LABELS) as Array<keyof CarePlanContent>;

function normalise(field: keyof CarePlanContent, value: unknown): string {
  if (field === "actions") return JSON.stringify((value as CarePlanAction[]).map((a) => [a.kind, a.description.trim(), a.who.trim(), a.byWhen]));
  if (field === "recommendations")
    return JSON.stringify((value as RecommendationDecision[]).map((r) => [r.recommendation, r.accepted, r.reason?.trim() || null]));
  return typeof value === "string" ? value.trim() : "";
}

/** The fields that differ between two versions of a plan ("who changed what": names only, never values). */
export function changedFields(before: CarePlanContent | null, after: CarePlanContent): Array<keyof CarePlanContent> {
  if (!before) return FIELDS.filter((f) => normalise(f, after[f]) !== normalise(f, EMPTY_CONTENT[f]));
  return FIELDS.filter((f) => normalise(f, before[f]) !== normalise(f, after[f]));
}

export const EMPTY_CONTENT: CarePlanContent = {
  whatMatters: null,
  goals: null,
  actions: [],
  recommendations: [],
  keyWorkerId: null,
  nextReviewDate: null,
  reviewClinicDayId: null,
};
