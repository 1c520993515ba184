/**
 * What reception typed into the one search box: an NHS number, a date of birth
 * or a name (pure: no I/O).
 */
import { parseNhsNumber } from "@/lib/nhs-number";

/**
 * A calendar date typed as YYYY-MM-DD or DD/MM/YYYY (the way UK letters and
 * spreadsheets write it; D/M/YYYY too), as YYYY-MM-DD; null when it is not a
 * real date in one of those forms.
 */
export function parseDateInput(input: string): string | null {
  const value = input.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [y, m, d] = [Number(uk[3]), Number(uk[2]), Number(uk[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** True when the text has the shape of a date (so a bad one gets a date message, not a name search). */
function looksLikeDate(value: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(value) || /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(value);
}

export type PatientSearch =
  | { kind: "nhs-number"; nhsNumber: string }
  | { kind: "date-of-birth"; dateOfBirth: string }
  | { kind: "name"; words: string[] }
  | { kind: "invalid"; message: string };

export const SEARCH_MIN_NAME_LENGTH = 2;

/**
 * Decides which kind of search a term is. Digits (with spaces, dashes or
 * other separators) are an NHS number, read exactly as the register form reads
 * one (`parseNhsNumber`) and matched exactly; a date is a date of birth; any
 * other text is a name, every word of which must match the given or family name.
 */
export function parsePatientSearch(input: string): PatientSearch {
  const term = input.trim().replace(/\s+/g, " ");
  if (term === "") return { kind: "invalid", message: "Enter a name, NHS number or date of birth" };

  if (/^[\d\s-]+$/.test(term) && !looksLikeDate(term)) {
    const parsed = parseNhsNumber(input);
    if (parsed.ok) return { kind: "nhs-number", nhsNumber: parsed.nhsNumber };
    if (parsed.problem === "length") return { kind: "invalid", message: "An NHS number has 10 digits. Check the number and try again" };
    return { kind: "invalid", message: parsed.message };
  }

  if (looksLikeDate(term)) {
    const date = parseDateInput(term);
    if (!date) return { kind: "invalid", message: "Enter a date of birth as DD/MM/YYYY or YYYY-MM-DD, for example 14/03/1956" };
    return { kind: "date-of-birth", dateOfBirth: date };
  }

  if (/\d/.test(term)) {
    return { kind: "invalid", message: "Enter a name, an NHS number (10 digits) or a date of birth, not a mixture" };
  }
  if (term.replace(/[\s'-]/g, "").length < SEARCH_MIN_NAME_LENGTH) {
    return { kind: "invalid", message: `Enter at least ${SEARCH_MIN_NAME_LENGTH} letters of a name` };
  }
  return { kind: "name", words: term.split(" ").filter(Boolean) };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1956-03-14" as "14 Mar 1956": unambiguous, unlike 03/14 or 14/03. */
export function formatDateOfBirth(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
