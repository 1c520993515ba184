/** What every staff list shows of a patient's language (components/language-badge.tsx). */
export type PatientLanguage = { preferredLanguage: string; interpreterNeeded: boolean };

/** The Prisma select for it, for the services behind those lists. */
export const PATIENT_LANGUAGE = { preferredLanguage: true, interpreterNeeded: true } as const;

export function patientLanguage(p: PatientLanguage): PatientLanguage {
  return { preferredLanguage: p.preferredLanguage, interpreterNeeded: p.interpreterNeeded };
}

/** Whether a preferred language, as written on the record, is English (or left blank). */
export function isEnglish(preferredLanguage: string): boolean {
  return /^\s*((british )?english)?\s*$/i.test(preferredLanguage);
}
