/**
 * Labels of the outcome measures that client components show. Kept apart from
 * lib/outcomes/instruments.ts, whose zod schema would otherwise be sent to the
 * browser with them (every page stays within its first-load JavaScript budget,
 * decision 0012).
 */
export const COMPLETED_BY_LABELS = {
  PATIENT: "The patient",
  PATIENT_WITH_CARER: "The patient, with help from a carer",
  READ_ALOUD_BY_PRACTITIONER: "Read aloud by the practitioner",
} as const;
