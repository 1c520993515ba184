import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./common";
import { recordTriageSchema, updateReferralSchema } from "./triage";

const id = "0190a5e2-7b7c-7cc3-8a2e-3b5f3f0b2a11";

function errors(schema: typeof recordTriageSchema | typeof updateReferralSchema, input: unknown) {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("triage form schema", () => {
  it("names every problem at once, including the outcome's own", () => {
    expect(errors(recordTriageSchema, { appointmentId: id, presentingProblems: " ", riskToSelf: true, outcome: "SIGNPOST" })).toEqual({
      presentingProblems: "Describe the presenting problems",
      riskActionTaken: "Say what action was taken about the risk",
      signpostKind: "Choose the kind of service the patient is signposted to",
      signpostTo: "Name the service the patient is signposted to",
    });
    expect(errors(recordTriageSchema, { appointmentId: id, presentingProblems: "x", riskFromOthers: "on" })).toEqual({
      outcome: "Choose the outcome of the triage",
      riskActionTaken: "Say what action was taken about the risk",
    });
  });

  it("cleans the recommendations and turns empty choices into none", () => {
    const parsed = recordTriageSchema.parse({
      appointmentId: id,
      presentingProblems: "Low mood",
      outcome: "STANDALONE_SUPPORT",
      pathway: "",
      reviewClinicDayId: "",
      recommendations: [" One ", "", "Two", "One"],
    });
    expect(parsed).toMatchObject({
      pathway: null,
      reviewClinicDayId: null,
      recommendations: ["One", "Two"],
      riskToSelf: false,
      consentToReferral: false,
    });
  });

  it("needs the long-term condition for an LTC referral, and refuses one not on the list", () => {
    const refer = { appointmentId: id, presentingProblems: "x", outcome: "REFER", consentToReferral: "on" };
    expect(errors(recordTriageSchema, { ...refer, pathway: "LONG_TERM_CONDITIONS", ltcCondition: "" })).toEqual({
      ltcCondition: "Choose the long-term condition the referral is for",
    });
    expect(errors(recordTriageSchema, { ...refer, pathway: "LONG_TERM_CONDITIONS", ltcCondition: "GOUT" })).toEqual({
      ltcCondition: "Choose a long-term condition from the list",
    });
    expect(recordTriageSchema.parse({ ...refer, pathway: "LONG_TERM_CONDITIONS", ltcCondition: "COPD" })).toMatchObject({ ltcCondition: "COPD" });
    // Another pathway needs none (the form's default choice is simply not kept: see referralCondition).
    expect(errors(recordTriageSchema, { ...refer, pathway: "STEP_2", ltcCondition: "" })).toEqual({});
  });

  it("refuses an over-long recommendation at its line", () => {
    expect(
      errors(recordTriageSchema, {
        appointmentId: id,
        presentingProblems: "x",
        outcome: "STANDALONE_SUPPORT",
        recommendations: ["ok", "y".repeat(501)],
      }),
    ).toEqual({
      "recommendations.1": "Each recommendation must be 500 characters or fewer",
    });
  });
});

describe("referral update schema", () => {
  it("needs a reason to close, and a date not in the future", () => {
    expect(errors(updateReferralSchema, { referralId: id, status: "DECLINED", date: "2020-01-01" })).toEqual({
      reason: "Give the reason the referral is closed",
    });
    expect(errors(updateReferralSchema, { referralId: id, status: "ACCEPTED", date: "2999-01-01" })).toEqual({
      date: "The date cannot be in the future",
    });
    expect(errors(updateReferralSchema, { referralId: id, status: "ACCEPTED", date: "2020-02-30" })).toEqual({ date: "That date does not exist" });
  });
});
