/**
 * Who the clinic day is for: patients living with several long-term conditions (multi-morbidity, usually taken as
 * two or more). The register records each patient's conditions from the practice's list; this is the one place the
 * number is set, so the invitation list and anything else that asks "eligible?" agree. Pure.
 */

/** The fewest recorded long-term conditions that make a patient eligible for the clinic day. */
export const MULTI_MORBIDITY_MIN_CONDITIONS = 2;

/** Whether a patient with these recorded long-term conditions is eligible (each condition counted once). */
export function isEligibleForClinicDay(conditions: readonly string[]): boolean {
  return new Set(conditions).size >= MULTI_MORBIDITY_MIN_CONDITIONS;
}
