import { describe, expect, it } from "vitest";
import {
  carePlanTransition,
  changedFields,
  EMPTY_CONTENT,
  finaliseProblems,
  mergeRecommendations,
  reviewDayProblem,
  revisedVersion,
  type CarePlanContent,
} from "./index";

const TODAY = "2027-03-10";

const complete: CarePlanContent = {
  whatMatters: "Walking my dog again",
  goals: "Walk to the park twice a week",
  actions: [{ kind: "MEDICAL", description: "Review pain relief", who: "GP", byWhen: "2027-04-01" }],
  recommendations: [{ recommendation: "Step 2 guided self-help", accepted: true, reason: null }],
  keyWorkerId: "0190a000-0000-7000-8000-000000000001",
  nextReviewDate: "2027-06-01",
  reviewClinicDayId: null,
};
const therapist = ["Step 2 guided self-help"];

describe("care plan state changes", () => {
  it("a draft can be saved and finalised, not revised", () => {
    expect(carePlanTransition("DRAFT", "save")).toEqual({ ok: true, to: "DRAFT" });
    expect(carePlanTransition("DRAFT", "finalise")).toEqual({ ok: true, to: "FINAL" });
    expect(carePlanTransition("DRAFT", "revise").ok).toBe(false);
  });

  it("a final plan is locked: saving or finalising it again is refused, revising makes a draft", () => {
    const save = carePlanTransition("FINAL", "save");
    expect(save.ok).toBe(false);
    expect(!save.ok && save.message).toMatch(/final and locked.*Revise/);
    expect(carePlanTransition("FINAL", "finalise").ok).toBe(false);
    expect(carePlanTransition("FINAL", "revise")).toEqual({ ok: true, to: "DRAFT" });
  });

  it("a superseded version never changes", () => {
    for (const event of ["save", "finalise", "revise"] as const) expect(carePlanTransition("SUPERSEDED", event).ok).toBe(false);
  });

  it("revising a final version n makes version n+1 pointing at it, with the reason", () => {
    expect(revisedVersion({ id: "v1", version: 1, status: "FINAL" }, "  Review: new goals ")).toEqual({
      ok: true,
      version: 2,
      previousVersionId: "v1",
      changeReason: "Review: new goals",
    });
    expect(revisedVersion({ id: "v1", version: 1, status: "FINAL" }, "   ")).toEqual({ ok: false, message: "Say why the care plan is changing" });
    expect(revisedVersion({ id: "v1", version: 1, status: "SUPERSEDED" }, "x").ok).toBe(false);
  });
});

describe("what finalising requires", () => {
  it("a complete plan has no problems", () => {
    expect(finaliseProblems(complete, { today: TODAY, therapistRecommendations: therapist })).toEqual([]);
  });

  it("names the key worker and the review date when missing", () => {
    const problems = finaliseProblems(
      { ...complete, keyWorkerId: null, nextReviewDate: null },
      { today: TODAY, therapistRecommendations: therapist },
    );
    expect(problems).toEqual([
      { field: "keyWorkerId", message: "Name the key worker before finalising the care plan" },
      { field: "nextReviewDate", message: "Set the next review date before finalising the care plan" },
    ]);
  });

  it("refuses a review date in the past but accepts today", () => {
    expect(
      finaliseProblems({ ...complete, nextReviewDate: "2027-03-09" }, { today: TODAY, therapistRecommendations: therapist }).map((p) => p.field),
    ).toEqual(["nextReviewDate"]);
    expect(finaliseProblems({ ...complete, nextReviewDate: TODAY }, { today: TODAY, therapistRecommendations: therapist })).toEqual([]);
  });

  it("needs what matters and at least one goal or action", () => {
    expect(finaliseProblems({ ...complete, whatMatters: "  " }, { today: TODAY, therapistRecommendations: therapist }).map((p) => p.field)).toEqual([
      "whatMatters",
    ]);
    expect(
      finaliseProblems({ ...complete, goals: null, actions: [] }, { today: TODAY, therapistRecommendations: therapist }).map((p) => p.field),
    ).toEqual(["goals"]);
    expect(finaliseProblems({ ...complete, goals: null }, { today: TODAY, therapistRecommendations: therapist })).toEqual([]);
    expect(finaliseProblems({ ...complete, actions: [] }, { today: TODAY, therapistRecommendations: therapist })).toEqual([]);
  });

  it("refuses an action whose date has passed", () => {
    const actions = [...complete.actions, { kind: "SOCIAL" as const, description: "Befriending", who: "Key worker", byWhen: "2027-03-01" }];
    expect(finaliseProblems({ ...complete, actions }, { today: TODAY, therapistRecommendations: therapist })).toEqual([
      { field: "actions.1.byWhen", message: "Action 2: the “by when” date has passed" },
    ]);
  });

  it("needs a decision on every therapist recommendation, and a reason to decline", () => {
    const two = ["Step 2 guided self-help", "Sleep hygiene leaflet"];
    expect(finaliseProblems(complete, { today: TODAY, therapistRecommendations: two })).toEqual([
      { field: "recommendations.1.accepted", message: "Accept or decline the therapist’s recommendation “Sleep hygiene leaflet”" },
    ]);
    const undecided = { ...complete, recommendations: [{ recommendation: "Step 2 guided self-help", accepted: null }] };
    expect(finaliseProblems(undecided, { today: TODAY, therapistRecommendations: therapist }).map((p) => p.field)).toEqual([
      "recommendations.0.accepted",
    ]);
    const declined = { ...complete, recommendations: [{ recommendation: "Step 2 guided self-help", accepted: false, reason: "" }] };
    expect(finaliseProblems(declined, { today: TODAY, therapistRecommendations: therapist }).map((p) => p.field)).toEqual([
      "recommendations.0.reason",
    ]);
    const withReason = {
      ...complete,
      recommendations: [{ recommendation: "Step 2 guided self-help", accepted: false, reason: "Already under CMHT" }],
    };
    expect(finaliseProblems(withReason, { today: TODAY, therapistRecommendations: therapist })).toEqual([]);
  });

  it("a patient not seen by Talking Therapies needs no recommendation decisions", () => {
    expect(finaliseProblems({ ...complete, recommendations: [] }, { today: TODAY, therapistRecommendations: [] })).toEqual([]);
  });
});

describe("recommendations and review days", () => {
  it("adds the therapist's undecided recommendations after the saved decisions", () => {
    expect(mergeRecommendations([{ recommendation: "A", accepted: true }], ["A", "B"])).toEqual([
      { recommendation: "A", accepted: true },
      { recommendation: "B", accepted: null, reason: null },
    ]);
  });

  it("a review day must be after today and not before the review date", () => {
    expect(reviewDayProblem("2027-06-01", "2027-06-02", TODAY)).toBeNull();
    expect(reviewDayProblem("2027-06-01", "2027-06-01", TODAY)).toBeNull();
    expect(reviewDayProblem("2027-06-01", "2027-05-25", TODAY)).toMatch(/before the next review date/);
    expect(reviewDayProblem(null, TODAY, TODAY)).toMatch(/after today/);
  });
});

describe("diff of two versions", () => {
  it("names the changed fields only", () => {
    const after = { ...complete, goals: "Walk to the park every day", nextReviewDate: "2027-07-01" };
    expect(changedFields(complete, after)).toEqual(["goals", "nextReviewDate"]);
    expect(changedFields(complete, { ...complete })).toEqual([]);
  });

  it("sees an action or a recommendation decision change, not whitespace", () => {
    expect(changedFields(complete, { ...complete, whatMatters: " Walking my dog again " })).toEqual([]);
    expect(changedFields(complete, { ...complete, actions: [{ ...complete.actions[0], who: "Practice nurse" }] })).toEqual(["actions"]);
    expect(
      changedFields(complete, { ...complete, recommendations: [{ recommendation: "Step 2 guided self-help", accepted: false, reason: "No" }] }),
    ).toEqual(["recommendations"]);
  });

  it("a first version lists every field it fills", () => {
    expect(changedFields(null, { ...EMPTY_CONTENT, whatMatters: "Family", keyWorkerId: "k" })).toEqual(["whatMatters", "keyWorkerId"]);
  });
});
