import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changedTriageFields,
  cleanRecommendations,
  hasRisk,
  normaliseTriage,
  referralCondition,
  REFERRAL_PATHWAYS,
  reviewDayProblem,
  riskSummary,
  SIGNPOST_KINDS,
  TRIAGE_MESSAGES,
  TRIAGE_OUTCOMES,
  triageProblems,
  type TriageDraft,
} from "./index";

const base: TriageDraft = { riskToSelf: false, riskToOthers: false, riskFromOthers: false, outcome: "STANDALONE_SUPPORT", consentToReferral: false };

const draftArb: fc.Arbitrary<TriageDraft> = fc.record({
  riskToSelf: fc.boolean(),
  riskToOthers: fc.boolean(),
  riskFromOthers: fc.boolean(),
  riskActionTaken: fc.option(fc.oneof(fc.constant("  "), fc.string()), { nil: null }),
  outcome: fc.constantFrom(...TRIAGE_OUTCOMES),
  pathway: fc.option(fc.constantFrom(...REFERRAL_PATHWAYS), { nil: null }),
  signpostKind: fc.option(fc.constantFrom(...SIGNPOST_KINDS), { nil: null }),
  signpostTo: fc.option(fc.string(), { nil: null }),
  reviewClinicDayId: fc.option(fc.uuid(), { nil: null }),
  consentToReferral: fc.boolean(),
  ltcCondition: fc.option(fc.constantFrom("DIABETES", "COPD"), { nil: null }),
});

describe("triage outcome rules", () => {
  it("accepts support today with no risk", () => {
    expect(triageProblems(base)).toEqual({});
  });

  it("needs the action taken when any risk is ticked", () => {
    for (const risk of ["riskToSelf", "riskToOthers", "riskFromOthers"] as const) {
      expect(triageProblems({ ...base, [risk]: true })).toEqual({ riskActionTaken: TRIAGE_MESSAGES.riskActionTaken });
      expect(triageProblems({ ...base, [risk]: true, riskActionTaken: "   " })).toHaveProperty("riskActionTaken");
      expect(triageProblems({ ...base, [risk]: true, riskActionTaken: "Safety plan agreed; crisis line given" })).toEqual({});
    }
  });

  it("needs a pathway and consent to refer", () => {
    expect(triageProblems({ ...base, outcome: "REFER" })).toEqual({
      pathway: TRIAGE_MESSAGES.pathway,
      consentToReferral: TRIAGE_MESSAGES.consentToReferral,
    });
    expect(triageProblems({ ...base, outcome: "REFER", pathway: "STEP_2" })).toEqual({ consentToReferral: TRIAGE_MESSAGES.consentToReferral });
    expect(triageProblems({ ...base, outcome: "REFER", pathway: "LONG_TERM_CONDITIONS", consentToReferral: true, ltcCondition: "COPD" })).toEqual({});
  });

  it("needs the long-term condition on the LTC pathway only, and keeps it on no other referral", () => {
    expect(triageProblems({ ...base, outcome: "REFER", pathway: "LONG_TERM_CONDITIONS", consentToReferral: true })).toEqual({
      ltcCondition: TRIAGE_MESSAGES.ltcCondition,
    });
    expect(triageProblems({ ...base, outcome: "REFER", pathway: "STEP_3", consentToReferral: true })).toEqual({});
    fc.assert(
      fc.property(draftArb, (draft) => {
        const condition = referralCondition(draft);
        if (condition !== null) expect([draft.outcome, draft.pathway, condition]).toEqual(["REFER", "LONG_TERM_CONDITIONS", draft.ltcCondition]);
        if (Object.keys(triageProblems(draft)).length === 0 && draft.outcome === "REFER" && draft.pathway === "LONG_TERM_CONDITIONS")
          expect(condition).not.toBeNull();
      }),
    );
  });

  it("needs a kind and a named service to signpost", () => {
    expect(Object.keys(triageProblems({ ...base, outcome: "SIGNPOST" }))).toEqual(["signpostKind", "signpostTo"]);
    expect(triageProblems({ ...base, outcome: "SIGNPOST", signpostKind: "SOCIAL_PRESCRIBING", signpostTo: " " })).toEqual({
      signpostTo: TRIAGE_MESSAGES.signpostTo,
    });
    expect(triageProblems({ ...base, outcome: "SIGNPOST", signpostKind: "SOCIAL_PRESCRIBING", signpostTo: "Riverside link worker" })).toEqual({});
  });

  it("needs a clinic day to review later", () => {
    expect(triageProblems({ ...base, outcome: "REVIEW_LATER" })).toEqual({ reviewClinicDayId: TRIAGE_MESSAGES.reviewClinicDayId });
  });

  it("property: a draft without problems normalises to what the database checks accept", () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        if (Object.keys(triageProblems(draft)).length > 0) return;
        const stored = normaliseTriage(draft);
        // The migration's CHECK constraints, restated.
        if (hasRisk(stored)) expect(stored.riskActionTaken?.trim()).toBeTruthy();
        if (stored.outcome === "REFER") expect(stored.pathway && stored.consentToReferral).toBeTruthy();
        if (stored.outcome === "SIGNPOST") expect(stored.signpostKind && stored.signpostTo?.trim()).toBeTruthy();
        if (stored.outcome === "REVIEW_LATER") expect(stored.reviewClinicDayId).toBeTruthy();
      }),
    );
  });

  it("property: normalising keeps only the chosen outcome's fields", () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        const stored = normaliseTriage(draft);
        if (draft.outcome !== "REFER") expect([stored.pathway, stored.consentToReferral]).toEqual([null, false]);
        if (draft.outcome !== "SIGNPOST") expect([stored.signpostKind, stored.signpostTo]).toEqual([null, null]);
        if (draft.outcome !== "REVIEW_LATER") expect(stored.reviewClinicDayId).toBeNull();
        if (!hasRisk(draft)) expect(stored.riskActionTaken).toBeNull();
      }),
    );
  });

  it("summarises the risks ticked", () => {
    expect(riskSummary({ riskToSelf: true, riskToOthers: false, riskFromOthers: true })).toBe("to self, from others");
    expect(riskSummary(base)).toBe("");
  });
});

describe("review day", () => {
  it("refuses a past day, today, and a day not after the triage", () => {
    expect(reviewDayProblem("2027-01-01", "2027-01-10", "2027-01-10")).toBe(
      "The clinic day of 1 January 2027 has already happened: choose a clinic day after today",
    );
    expect(reviewDayProblem("2027-01-10", "2027-01-10", "2027-01-10")).toBe(
      "The clinic day of 10 January 2027 is today: choose a clinic day after today",
    );
    expect(reviewDayProblem("2027-01-17", "2027-01-10", "2027-01-10")).toBeNull();
    // The demo seed triages a past day: the review still has to come after it.
    expect(reviewDayProblem("2027-01-03", "2027-01-01", "2027-01-03")).toMatch(/after 3 January 2027, the day of this triage/);
  });

  it("property: accepted exactly when after both today and the triage day", () => {
    const iso = fc.date({ min: new Date("2020-01-01"), max: new Date("2035-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(iso, iso, iso, (review, today, triage) => {
        expect(reviewDayProblem(review, today, triage) === null).toBe(review > today && review > triage);
      }),
    );
  });
});

describe("recommendations and changes", () => {
  it("drops blank and repeated lines", () => {
    expect(cleanRecommendations([" Review sertraline dose ", "", "Review sertraline dose", "Refer to pain clinic"])).toEqual([
      "Review sertraline dose",
      "Refer to pain clinic",
    ]);
  });

  it("names the fields that changed", () => {
    const before = {
      presentingProblems: "Low mood",
      riskToSelf: false,
      riskToOthers: false,
      riskFromOthers: false,
      riskActionTaken: null,
      outcome: "REFER",
      pathway: "STEP_2",
      signpostKind: null,
      signpostTo: null,
      reviewClinicDayId: null,
      consentToReferral: true,
      recommendations: ["A"],
    };
    expect(changedTriageFields(before, { ...before })).toEqual([]);
    expect(changedTriageFields(before, { ...before, pathway: "STEP_3", recommendations: ["A", "B"] })).toEqual(["pathway", "recommendations"]);
  });
});
