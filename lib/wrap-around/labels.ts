/** Field labels with their units, used by the form and in every message. */
export const WRAP_AROUND_LABELS = {
  systolic: "Systolic blood pressure (mmHg)",
  diastolic: "Diastolic blood pressure (mmHg)",
  pulse: "Pulse (beats per minute)",
  weightKg: "Weight (kg)",
  heightCm: "Height (cm)",
  bloodsTaken: "Bloods taken",
  footCheck: "Foot check",
  spirometry: "Spirometry",
  inhalerCheck: "Inhaler check",
  otherTests: "Other tests",
  notes: "Notes",
} as const;

export type WrapAroundField = keyof typeof WRAP_AROUND_LABELS;

/** Every wrap-around field, in the order the form shows them (and the error summary lists them). */
export const WRAP_AROUND_FIELDS = Object.keys(WRAP_AROUND_LABELS) as readonly WrapAroundField[];
