/**
 * Wrap-around checks: body mass index and which checks to suggest for a
 * patient's long-term conditions. Pure: plain values in, plain values out.
 */

/** Body mass index, kg/m², to one decimal place; null when either measurement is missing. */
export function bmi(weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  if (weightKg == null || heightCm == null || !Number.isFinite(weightKg) || !Number.isFinite(heightCm) || weightKg <= 0 || heightCm <= 0) return null;
  const metres = heightCm / 100;
  return Math.round((weightKg / (metres * metres)) * 10) / 10;
}

export type BmiCategory = "underweight" | "healthy" | "overweight" | "obese" | "severely-obese";

/**
 * NHS adult BMI ranges (nhs.uk "What is the body mass index (BMI)?"): below 18.5
 * underweight, 18.5 to 24.9 healthy weight, 25 to 29.9 overweight, 30 to 39.9
 * obese, 40 or above severely obese. Applied to the rounded BMI, so the label
 * always agrees with the number shown beside it. These ranges are for adults;
 * NHS advice uses lower thresholds for some ethnic groups, which the clinician
 * weighs, not this label.
 */
export function bmiCategory(value: number): BmiCategory {
  if (value < 18.5) return "underweight";
  if (value < 25) return "healthy";
  if (value < 30) return "overweight";
  if (value < 40) return "obese";
  return "severely-obese";
}

export const BMI_CATEGORY_LABELS: Record<BmiCategory, string> = {
  underweight: "Underweight",
  healthy: "Healthy weight",
  overweight: "Overweight",
  obese: "Obese",
  "severely-obese": "Severely obese",
};

export type WrapAroundCheckKind = "bloodPressure" | "weightHeight" | "bloods" | "footCheck" | "spirometry" | "inhalerCheck";

export const CHECK_LABELS: Record<WrapAroundCheckKind, string> = {
  bloodPressure: "Blood pressure and pulse",
  weightHeight: "Weight and height (BMI)",
  bloods: "Blood tests",
  footCheck: "Diabetic foot check",
  spirometry: "Spirometry",
  inhalerCheck: "Inhaler technique check",
};

export type SuggestedCheck = {
  check: WrapAroundCheckKind;
  label: string;
  /** Blood pressure is taken from everyone; this marks it important when a condition sets a target for it. */
  important: boolean;
  /** The patient's conditions that call for it (empty for checks everyone has). */
  because: string[];
};

/**
 * Which conditions call for which check, and why:
 * - Blood pressure: everyone (the clinic's baseline observation); important for
 *   hypertension, coronary heart disease, heart failure and chronic kidney
 *   disease, whose annual reviews set blood-pressure targets.
 * - Weight and height: everyone, so the GP sees a current BMI.
 * - Bloods: diabetes (HbA1c), chronic kidney disease (eGFR, urine ACR), heart
 *   failure (renal function and electrolytes on its medicines) and
 *   hypertension (renal function and cholesterol for cardiovascular risk).
 * - Foot check: diabetes (annual foot risk assessment).
 * - Spirometry and inhaler check: COPD and asthma (lung function and inhaler
 *   technique are reviewed at both conditions' annual reviews).
 */
const CALLED_FOR_BY: Record<Exclude<WrapAroundCheckKind, "weightHeight">, readonly string[]> = {
  bloodPressure: ["HYPERTENSION", "CORONARY_HEART_DISEASE", "HEART_FAILURE", "CHRONIC_KIDNEY_DISEASE"],
  bloods: ["DIABETES", "CHRONIC_KIDNEY_DISEASE", "HEART_FAILURE", "HYPERTENSION"],
  footCheck: ["DIABETES"],
  spirometry: ["COPD", "ASTHMA"],
  inhalerCheck: ["COPD", "ASTHMA"],
};

const ORDER: WrapAroundCheckKind[] = ["bloodPressure", "weightHeight", "bloods", "footCheck", "spirometry", "inhalerCheck"];

/** The checks to suggest for a patient with these long-term conditions, in the order they are done. */
export function suggestedChecks(conditions: readonly string[]): SuggestedCheck[] {
  const has = new Set(conditions);
  const out: SuggestedCheck[] = [];
  for (const check of ORDER) {
    if (check === "weightHeight") {
      out.push({ check, label: CHECK_LABELS[check], important: false, because: [] });
      continue;
    }
    const because = CALLED_FOR_BY[check].filter((c) => has.has(c));
    if (check === "bloodPressure") out.push({ check, label: CHECK_LABELS[check], important: because.length > 0, because });
    else if (because.length > 0) out.push({ check, label: CHECK_LABELS[check], important: false, because });
  }
  return out;
}
