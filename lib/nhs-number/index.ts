/**
 * NHS number helpers (pure: no I/O).
 *
 * Rule (see shared/DOMAIN.md): 10 digits; multiply digits 1–9 by 10, 9, …, 2,
 * sum, r = sum mod 11, check = 11 − r; 11 becomes 0; 10 means the number is
 * invalid. The check must equal digit 10.
 */

export const NHS_NUMBER_FORMAT_MESSAGE = "Enter a valid 10-digit NHS number";
export const NHS_NUMBER_CHECKSUM_MESSAGE = "This NHS number fails the check digit; check it was typed correctly";
export const NHS_NUMBER_CHARACTERS_MESSAGE =
  "Enter the NHS number as 10 digits, with or without single spaces between groups, for example 943 476 5919 (no dashes or other characters)";
export const NHS_NUMBER_PLACEHOLDER_MESSAGE = "0000000000 is not an NHS number (it stands for one not known): enter the patient's own NHS number";

/** FHIR identifier system for NHS numbers (UK Core). */
export const NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

const TEN_DIGITS = /^\d{10}$/;
/** Digits in groups separated by single ordinary spaces (U+0020): "943 476 5919", "9434765919". */
const DIGIT_GROUPS = /^[0-9]+(?: [0-9]+)*$/;
/**
 * Passes the modulus 11 check (its check digit is 0) but is no one's number:
 * it is below every range ever issued (the lowest, Scotland's CHI, starts at
 * 010 100 0000) and is what other systems put where the number is not known.
 * Other numbers of one repeated digit are not refused: several lie inside
 * issued ranges (for example 444 444 4444, 999 999 9999 in the test range).
 */
const PLACEHOLDER = "0000000000";

export type NhsNumberProblem = "missing" | "characters" | "length" | "checksum" | "placeholder";

export type ParsedNhsNumber = { ok: true; nhsNumber: string } | { ok: false; problem: NhsNumberProblem; message: string };

/**
 * The one place an NHS number typed by a person (form, import, search) is
 * read. Accepted: 10 digits, optionally in groups separated by single
 * ordinary spaces, with ordinary spaces before or after (trimmed). Refused,
 * each with its own message: dashes, tabs, line breaks, non-breaking or other
 * spaces, two spaces together, any other character (including non-ASCII
 * digits); the wrong number of digits; 0000000000; a failed check digit.
 */
export function parseNhsNumber(input: string): ParsedNhsNumber {
  const trimmed = input.replace(/^ +| +$/g, "");
  if (trimmed === "") return { ok: false, problem: "missing", message: NHS_NUMBER_FORMAT_MESSAGE };
  if (!DIGIT_GROUPS.test(trimmed)) return { ok: false, problem: "characters", message: NHS_NUMBER_CHARACTERS_MESSAGE };
  const digits = trimmed.replace(/ /g, "");
  if (!TEN_DIGITS.test(digits)) return { ok: false, problem: "length", message: NHS_NUMBER_FORMAT_MESSAGE };
  if (digits === PLACEHOLDER) return { ok: false, problem: "placeholder", message: NHS_NUMBER_PLACEHOLDER_MESSAGE };
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === null || check !== Number(digits[9])) {
    return { ok: false, problem: "checksum", message: NHS_NUMBER_CHECKSUM_MESSAGE };
  }
  return { ok: true, nhsNumber: digits };
}

/**
 * What in a refused NHS number is not a digit or a single space, in words for
 * a person fixing a spreadsheet cell ("a dash", "a tab"), or null when nothing is.
 */
export function describeNhsNumberCharacters(input: string): string | null {
  const trimmed = input.replace(/^ +| +$/g, "");
  for (const ch of trimmed) {
    if (/[0-9 ]/.test(ch)) continue;
    if (/[-\u2010-\u2015\u2212]/.test(ch)) return "a dash";
    if (ch === "\t") return "a tab";
    if (/[\n\r\u2028\u2029\u0085]/.test(ch)) return "a line break";
    if (/\s/.test(ch)) return "a space that is not an ordinary space";
    return `“${ch}”`;
  }
  return trimmed.includes("  ") ? "two spaces together" : null;
}

/**
 * Lenient: strips every kind of whitespace and dashes. For display and for
 * look-ups by a number's start, never for reading a number someone entered
 * (that is `parseNhsNumber`).
 */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, "");
}

/**
 * Check digit for the first nine digits, or null when the modulus 11 result is
 * 10 (no NHS number can have that body). Expects exactly nine digits.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += Number(firstNine.charCodeAt(i) - 48) * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** True when the input is an NHS number `parseNhsNumber` accepts. */
export function isValidNhsNumber(input: string): boolean {
  return parseNhsNumber(input).ok;
}

/**
 * Display form "943 476 5919". Input that is not 10 digits after normalising is
 * returned trimmed but otherwise unchanged, so a bad stored value is shown as it
 * is rather than throwing in a page render.
 */
export function formatNhsNumber(input: string): string {
  const digits = normaliseNhsNumber(input);
  if (!TEN_DIGITS.test(digits)) return input.trim();
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

// Demo/test numbers: 999 + six digits + check digit. Numbers in the 999 range
// are not issued to real people, so seeded data can never identify anyone.
const TEST_PREFIX = "999";
const TEST_PREFIX_WEIGHTED_SUM = 9 * 10 + 9 * 9 + 9 * 8; // digits 1–3

/** Weighted sum of digits 1–8 for the 999 range, given the five digits 4–8. */
function testBlockSum(block: number): number {
  const five = String(block).padStart(5, "0");
  let sum = TEST_PREFIX_WEIGHTED_SUM;
  for (let i = 0; i < 5; i++) sum += Number(five[i]) * (7 - i);
  return sum;
}

/**
 * How many of the ten bodies 999·block·d (d = digit 9, weight 2) are valid.
 * 2d mod 11 covers every residue except 9 exactly once, so exactly one d gives
 * the invalid check 10 unless the block sum makes that d impossible.
 */
function validInBlock(blockSum: number): number {
  // Invalid iff (blockSum + 2d) mod 11 === 1, i.e. 2d ≡ 1 − blockSum; no such
  // d in 0..9 exactly when 1 − blockSum ≡ 9 (mod 11), i.e. blockSum ≡ 3.
  return ((blockSum % 11) + 11) % 11 === 3 ? 10 : 9;
}

/** Number of distinct valid test numbers (the largest seq is this minus 1). */
export const TEST_NHS_NUMBER_COUNT: number = (() => {
  let count = 0;
  for (let block = 0; block < 100_000; block++) count += validInBlock(testBlockSum(block));
  return count;
})();

/**
 * Deterministic, valid NHS number in the 999 range for demo and test data:
 * seq 0 is the lowest valid 999xxxxxxC, seq 1 the next, and so on (bodies whose
 * check digit would be 10 are skipped), so distinct seqs give distinct numbers.
 */
export function generateTestNhsNumber(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= TEST_NHS_NUMBER_COUNT) {
    throw new RangeError(`Test NHS number sequence must be an integer from 0 to ${TEST_NHS_NUMBER_COUNT - 1}`);
  }
  // Skip whole blocks of ten (9 or 10 valid each) rather than testing every body.
  let remaining = seq;
  for (let block = 0; block < 100_000; block++) {
    const blockSum = testBlockSum(block);
    const inBlock = validInBlock(blockSum);
    if (remaining >= inBlock) {
      remaining -= inBlock;
      continue;
    }
    const blockDigits = String(block).padStart(5, "0");
    for (let d = 0; d <= 9; d++) {
      const body = `${TEST_PREFIX}${blockDigits}${d}`;
      const check = nhsCheckDigit(body);
      if (check === null) continue;
      if (remaining === 0) return `${body}${check}`;
      remaining--;
    }
  }
  // Unreachable: the range check above guarantees a block is found.
  throw new RangeError("Test NHS number sequence out of range");
}
