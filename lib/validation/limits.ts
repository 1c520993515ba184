/**
 * Lengths the schemas enforce that forms also show (a field's maxLength, when to offer another row). Kept apart from
 * the schemas, without zod, so a form that only needs a number does not bring zod into its page's first load.
 */

/** A booking's cancellation or undo reason (lib/validation/booking.ts). */
export const REASON_MIN = 3;
export const REASON_MAX = 500;

/** Why routing was overridden (lib/validation/routing.ts). */
export const OVERRIDE_REASON_MAX = 500;

/** Recommendations for the GP in one triage (lib/validation/triage.ts). */
export const RECOMMENDATIONS_MAX = 20;
