import { describe, expect, it } from "vitest";
import { BMI_CATEGORY_LABELS, bmi, bmiCategory, suggestedChecks } from "./index";

describe("bmi", () => {
  it("is weight over height squared, to one decimal place", () => {
    expect(bmi(82.5, 170)).toBe(28.5);
    expect(bmi(70, 175)).toBe(22.9);
    expect(bmi(100, 160)).toBe(39.1);
  });

  it("is null until both measurements are given", () => {
    expect(bmi(null, 170)).toBeNull();
    expect(bmi(82.5, undefined)).toBeNull();
    expect(bmi(Number.NaN, 170)).toBeNull();
    expect(bmi(82.5, 0)).toBeNull();
  });
});

describe("bmiCategory (NHS adult ranges)", () => {
  it.each([
    [18.4, "underweight"],
    [18.5, "healthy"],
    [24.9, "healthy"],
    [25, "overweight"],
    [29.9, "overweight"],
    [30, "obese"],
    [39.9, "obese"],
    [40, "severely-obese"],
  ] as const)("%s is %s", (value, category) => {
    expect(bmiCategory(value)).toBe(category);
  });

  it("labels the rounded value, so 24.96 kg/m² shows as 25.0 and overweight", () => {
    const value = bmi(76.5, 175.1)!;
    expect(value).toBe(25);
    expect(BMI_CATEGORY_LABELS[bmiCategory(value)]).toBe("Overweight");
  });
});

describe("suggestedChecks", () => {
  const kinds = (conditions: string[]) => suggestedChecks(conditions).map((s) => s.check);

  it("suggests blood pressure and weight for everyone, not flagged, with no conditions", () => {
    expect(suggestedChecks([])).toEqual([
      { check: "bloodPressure", label: "Blood pressure and pulse", important: false, because: [] },
      { check: "weightHeight", label: "Weight and height (BMI)", important: false, because: [] },
    ]);
    expect(kinds(["IBS", "LONG_COVID"])).toEqual(["bloodPressure", "weightHeight"]);
  });

  it("suggests a foot check and bloods for diabetes", () => {
    expect(kinds(["DIABETES"])).toEqual(["bloodPressure", "weightHeight", "bloods", "footCheck"]);
    expect(suggestedChecks(["DIABETES"])[0].important).toBe(false);
  });

  it.each(["COPD", "ASTHMA"])("suggests spirometry and an inhaler check for %s", (condition) => {
    expect(kinds([condition])).toEqual(["bloodPressure", "weightHeight", "spirometry", "inhalerCheck"]);
  });

  it.each(["HYPERTENSION", "CORONARY_HEART_DISEASE", "HEART_FAILURE", "CHRONIC_KIDNEY_DISEASE"])(
    "flags blood pressure as important for %s",
    (condition) => {
      const [bp] = suggestedChecks([condition]);
      expect(bp).toMatchObject({ check: "bloodPressure", important: true, because: [condition] });
    },
  );

  it.each(["DIABETES", "CHRONIC_KIDNEY_DISEASE", "HEART_FAILURE", "HYPERTENSION"])("suggests bloods for %s", (condition) => {
    expect(kinds([condition])).toContain("bloods");
  });

  it("names every condition behind a suggestion once", () => {
    const checks = suggestedChecks(["HYPERTENSION", "DIABETES", "CHRONIC_KIDNEY_DISEASE", "ASTHMA"]);
    expect(checks.find((c) => c.check === "bloods")?.because).toEqual(["DIABETES", "CHRONIC_KIDNEY_DISEASE", "HYPERTENSION"]);
    expect(checks.find((c) => c.check === "bloodPressure")?.because).toEqual(["HYPERTENSION", "CHRONIC_KIDNEY_DISEASE"]);
    expect(checks.map((c) => c.check)).toEqual(["bloodPressure", "weightHeight", "bloods", "footCheck", "spirometry", "inhalerCheck"]);
  });
});
