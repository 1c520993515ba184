import { z } from "zod";

/**
 * UK phone numbers: validation and normalisation to E.164 (pure: no I/O).
 *
 * A deliberately small rule set, not a full numbering plan. Accepted (all are
 * 0 + 10 digits nationally, +44 + 10 digits in E.164):
 * - mobiles 071–075, 077–079, and 07624 (Isle of Man mobiles use +44 7624);
 * - geographic 01[1-9]… and 020, 023, 024, 028, 029;
 * - non-geographic 030, 033, 034, 037 (charged like geographic numbers).
 * Rejected: premium 09, 08 (freephone/shared cost), 070 personal numbers, 076
 * pagers, 05, short codes such as 999 or 111, other countries, wrong lengths.
 *
 * Known gap: about 40 five-digit area codes (e.g. 016977 Brampton) also hold
 * some numbers only 10 digits long nationally; those are rejected, because
 * accepting every 10-digit 01 number would also accept typos missing a digit.
 * A maintained numbering-plan library would know them.
 */

export const UK_PHONE_MESSAGE = "Enter a UK phone number, like 07700 900123";

export type UkPhoneKind = "mobile" | "geographic" | "non-geographic";

export interface UkPhone {
  /** +447700900123 */
  e164: string;
  /** 07700900123 */
  national: string;
  kind: UkPhoneKind;
}

const MOBILE = /^07(?:[1-57-9]\d{8}|624\d{6})$/;
const GEOGRAPHIC = /^0(?:1[1-9]\d{8}|2[03489]\d{8})$/;
const NON_GEOGRAPHIC = /^03[0347]\d{8}$/;

/** Digits, spaces, dashes, brackets; '+' only as the first character. */
const ALLOWED_CHARACTERS = /^\+?[\d\s()-]+$/;

function bracketsBalanced(value: string): boolean {
  let depth = 0;
  for (const ch of value) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (depth < 0 || depth > 1) return false;
  }
  return depth === 0;
}

/** National form with the leading 0, or null when the input is not a UK number. */
function toNational(input: string): string | null {
  const trimmed = input.trim();
  if (!ALLOWED_CHARACTERS.test(trimmed) || !bracketsBalanced(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");

  let afterCountryCode: string | null = null;
  if (trimmed.startsWith("+")) {
    if (!digits.startsWith("44")) return null; // another country
    afterCountryCode = digits.slice(2);
  } else if (digits.startsWith("0044")) {
    afterCountryCode = digits.slice(4); // international dialling prefix from the UK
  } else if (digits.startsWith("44") && digits.length === 12) {
    // "447700900123" pasted without the '+': no UK national number starts 44.
    afterCountryCode = digits.slice(2);
  }

  if (afterCountryCode !== null) {
    // "+44 (0)20 …" and "+44 020 …": UK numbers after +44 never start with 0,
    // so a single 0 here is the trunk prefix written out and can be dropped.
    const nsn = afterCountryCode.startsWith("0") ? afterCountryCode.slice(1) : afterCountryCode;
    return `0${nsn}`;
  }
  return digits.startsWith("0") ? digits : null;
}

function kindOf(national: string): UkPhoneKind | null {
  if (MOBILE.test(national)) return "mobile";
  if (GEOGRAPHIC.test(national)) return "geographic";
  if (NON_GEOGRAPHIC.test(national)) return "non-geographic";
  return null;
}

/** Parses a UK mobile or landline number typed in national or +44 form. */
export function parseUkPhone(input: string): UkPhone | null {
  if (typeof input !== "string") return null;
  const national = toNational(input);
  if (national === null) return null;
  const kind = kindOf(national);
  if (kind === null) return null;
  return { e164: `+44${national.slice(1)}`, national, kind };
}

/** E.164 form (+447700900123), or null when not an accepted UK number. */
export function normaliseUkPhone(input: string): string | null {
  return parseUkPhone(input)?.e164 ?? null;
}

export function isValidUkPhone(input: string): boolean {
  return parseUkPhone(input) !== null;
}

/**
 * National display form for an accepted number: "07700 900123",
 * "020 7946 0018", "0113 496 0000", "01632 960000", "0300 123 4567".
 * Returns the input unchanged when it is not an accepted UK number, so a bad
 * stored value is still shown rather than throwing.
 */
export function formatUkPhone(input: string): string {
  const parsed = parseUkPhone(input);
  if (!parsed) return input;
  const n = parsed.national;
  if (parsed.kind === "mobile") return `${n.slice(0, 5)} ${n.slice(5)}`;
  if (n.startsWith("02")) return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  // 011x and 01x1 (the big cities) and 03 numbers: 4-3-4.
  if (/^01(?:1\d|\d1)/.test(n) || n.startsWith("03")) {
    return `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
  }
  return `${n.slice(0, 5)} ${n.slice(5)}`; // other 01 areas: 5-6
}

/**
 * Form/API schema: accepts national or +44 input with spaces, dashes or
 * brackets and outputs E.164. Wrap in .optional() (and map "" to undefined)
 * where the number is not required.
 */
export const ukPhoneSchema = z.string({ error: UK_PHONE_MESSAGE }).transform((value, ctx) => {
  const e164 = normaliseUkPhone(value);
  if (e164 === null) {
    ctx.addIssue({ code: "custom", message: UK_PHONE_MESSAGE });
    return z.NEVER;
  }
  return e164;
});
