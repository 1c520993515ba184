import { z } from "zod";

export const uuidSchema = z.uuid("That record reference is not valid");

/** A calendar date typed as YYYY-MM-DD (the format of <input type="date">). */
export const isoDateSchema = z
  .string({ error: "Enter a date" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD")
  .refine((value) => {
    const [y, m, d] = value.split("-").map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, "That date does not exist");

/** A wall-clock time typed as HH:MM (24-hour). */
export const wallTimeSchema = z
  .string({ error: "Enter a time" })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM, for example 09:00");

/**
 * Null bytes and other control characters (tab, line feed and carriage return
 * are fine): PostgreSQL cannot store a null byte in text, and none of the rest
 * belongs in a clinic record.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Characters that reorder how text is displayed without being seen: the
 * embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and
 * direction marks (U+200E, U+200F, U+061C). U+202E can make a stored name read
 * as something else. Scripts written right to left need none of them.
 */
const DIRECTION_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Why a piece of free text cannot be stored, naming the field, or null. */
export function hiddenCharacterProblem(value: string, label: string): string | null {
  if (CONTROL_CHARACTERS.test(value))
    return `${label} contains a control character (such as a null byte) that cannot be saved. Retype it rather than pasting it.`;
  if (DIRECTION_CONTROLS.test(value))
    return `${label} contains a hidden character that changes the direction of text. Retype it rather than pasting it.`;
  return null;
}

/**
 * The string every free-text field starts from: refuses hidden characters
 * with a message naming the field (`label`, as a sentence starts: "Given name",
 * "The reason"). Chain trim/min/max as on z.string().
 */
export const text = (label: string, params?: Parameters<typeof z.string>[0]) =>
  z.string(params).superRefine((value, ctx) => {
    const problem = hiddenCharacterProblem(value, label);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Required free text: `emptyMessage` when missing or blank. */
export const requiredText = (max: number, label: string, emptyMessage: string) =>
  text(label, { error: emptyMessage }).trim().min(1, emptyMessage).max(max, `${label} must be ${max} characters or fewer`);

/** Empty form fields arrive as ""; treat them as not given. */
export const optionalText = (max: number, label: string) =>
  text(label)
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

export { fieldErrorsOf } from "./field-errors";
