import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "./common";
import { reviewRiskSchema } from "./risk";

const id = "01939d5c-0000-7000-8000-000000000001";
const errors = (input: unknown) => {
  const parsed = reviewRiskSchema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe("recording a risk reviewed or resolved", () => {
  it("needs the outcome and a reason, and the version read", () => {
    expect(errors({ triageOutcomeId: id, version: 1, outcome: "RESOLVED", reason: "Seen by the GP: no longer present" })).toEqual({});
    expect(errors({ triageOutcomeId: id, version: 1, reason: "  " })).toEqual({
      outcome: "Choose whether the risk was reviewed or resolved",
      reason: "Give the reason: what was reviewed, or why the risk is resolved",
    });
    expect(errors({ triageOutcomeId: id, version: 0, outcome: "REVIEWED", reason: "x" })).toEqual({ version: "Refresh the page and try again" });
    expect(errors({ triageOutcomeId: "nope", version: 1, outcome: "CLOSED", reason: "x".repeat(1001) })).toMatchObject({
      triageOutcomeId: expect.any(String),
      outcome: expect.any(String),
      reason: "The reason must be 1000 characters or fewer",
    });
  });

  it("keeps the reason trimmed", () => {
    expect(reviewRiskSchema.parse({ triageOutcomeId: id, version: 2, outcome: "REVIEWED", reason: "  Discussed at the huddle  " }).reason).toBe(
      "Discussed at the huddle",
    );
  });
});
