/** Reference data of the patient register: the long-term conditions and sexes staff choose from, with their words. Pure. */

export const LONG_TERM_CONDITIONS = [
  ["DIABETES", "Diabetes"],
  ["COPD", "COPD"],
  ["ASTHMA", "Asthma"],
  ["CORONARY_HEART_DISEASE", "Coronary heart disease"],
  ["HEART_FAILURE", "Heart failure"],
  ["HYPERTENSION", "Hypertension"],
  ["CHRONIC_KIDNEY_DISEASE", "Chronic kidney disease"],
  ["CHRONIC_PAIN", "Chronic pain"],
  ["IBS", "Irritable bowel syndrome (IBS)"],
  ["LONG_COVID", "Long COVID"],
  ["CANCER", "Cancer"],
  ["LEARNING_DISABILITY", "Learning disability"],
  ["OTHER", "Other"],
] as const;

export type LongTermConditionCode = (typeof LONG_TERM_CONDITIONS)[number][0];
export const LONG_TERM_CONDITION_CODES = LONG_TERM_CONDITIONS.map(([code]) => code) as [LongTermConditionCode, ...LongTermConditionCode[]];
export const CONDITION_LABELS = Object.fromEntries(LONG_TERM_CONDITIONS) as Record<LongTermConditionCode, string>;

export const SEX_OPTIONS = [
  ["FEMALE", "Female"],
  ["MALE", "Male"],
  ["OTHER", "Other"],
  ["UNKNOWN", "Not known"],
] as const;
