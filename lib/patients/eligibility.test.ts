import { describe, expect, it } from "vitest";
import { isEligibleForClinicDay, MULTI_MORBIDITY_MIN_CONDITIONS } from "./eligibility";

describe("eligibility for the clinic day", () => {
  it("needs two or more different long-term conditions", () => {
    expect(MULTI_MORBIDITY_MIN_CONDITIONS).toBe(2);
    expect(isEligibleForClinicDay([])).toBe(false);
    expect(isEligibleForClinicDay(["DIABETES"])).toBe(false);
    expect(isEligibleForClinicDay(["DIABETES", "COPD"])).toBe(true);
    expect(isEligibleForClinicDay(["DIABETES", "COPD", "ASTHMA"])).toBe(true);
  });

  it("counts a condition recorded twice once", () => {
    expect(isEligibleForClinicDay(["DIABETES", "DIABETES"])).toBe(false);
  });
});
