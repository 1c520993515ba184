import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  NHS_NUMBER_CHARACTERS_MESSAGE,
  NHS_NUMBER_CHECKSUM_MESSAGE,
  NHS_NUMBER_FORMAT_MESSAGE,
  NHS_NUMBER_PLACEHOLDER_MESSAGE,
  TEST_NHS_NUMBER_COUNT,
  formatNhsNumber,
  generateTestNhsNumber,
  isValidNhsNumber,
  nhsCheckDigit,
  normaliseNhsNumber,
  parseNhsNumber,
} from "./index";
import { nhsNumberSchema } from "./schema";

// Straightforward restatement of the DOMAIN.md rule, to check the module against.
function referenceIsValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

describe("isValidNhsNumber", () => {
  it.each(["9434765919", "9000000009", "4857773457"])("accepts %s", (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  it.each(["4857773456", "9876544321"])("rejects %s (check digit)", (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });

  it("accepts single spaces between groups, and refuses dashes and other whitespace", () => {
    expect(isValidNhsNumber("943 476 5919")).toBe(true);
    expect(isValidNhsNumber(" 943 476 5919 ")).toBe(true);
    expect(isValidNhsNumber("943-476-5919")).toBe(false);
    expect(isValidNhsNumber("943\u00a0476\u00a05919")).toBe(false);
    expect(isValidNhsNumber("943\t476\t5919")).toBe(false);
  });

  it("refuses 0000000000, which passes the check digit but is no one's NHS number", () => {
    expect(nhsCheckDigit("000000000")).toBe(0);
    expect(isValidNhsNumber("0000000000")).toBe(false);
    expect(isValidNhsNumber("000 000 0000")).toBe(false);
  });

  it.each(["", "943476591", "94347659190", "943476591X", "９４３４７６５９１９", "+943476591"])("rejects wrong length or non-digits: %j", (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });

  it("rejects bodies whose check digit would be 10", () => {
    // 999000000: 9·10 + 9·9 + 9·8 = 243, 243 mod 11 = 1, check 10.
    expect(nhsCheckDigit("999000000")).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`999000000${d}`)).toBe(false);
  });

  it("agrees with a direct statement of the rule on random 10-digit strings", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        expect(isValidNhsNumber(digits)).toBe(referenceIsValid(digits));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("normaliseNhsNumber and formatNhsNumber", () => {
  it("normalises for display and prefix look-ups (lenient: not for entry)", () => {
    expect(normaliseNhsNumber(" 943 476-5919 ")).toBe("9434765919");
  });

  it("formats 3-3-4", () => {
    expect(formatNhsNumber("9434765919")).toBe("943 476 5919");
    expect(formatNhsNumber("943 4765 919")).toBe("943 476 5919");
  });

  it("leaves non-10-digit input as typed (trimmed)", () => {
    expect(formatNhsNumber(" 12345 ")).toBe("12345");
  });
});

describe("nhsNumberSchema", () => {
  it("transforms to the 10-digit string", () => {
    expect(nhsNumberSchema.parse("943 476 5919")).toBe("9434765919");
    expect(nhsNumberSchema.parse("9000000009")).toBe("9000000009");
  });

  const messageFor = (input: unknown): string[] => {
    const result = nhsNumberSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it.each(["", "   ", "943476591", "94347659190", "943 476 591", "9434 765 9190"])("gives the format message for %j", (input) => {
    expect(messageFor(input)).toEqual([NHS_NUMBER_FORMAT_MESSAGE]);
  });

  it("gives the format message for non-strings", () => {
    expect(messageFor(9434765919)).toEqual([NHS_NUMBER_FORMAT_MESSAGE]);
    expect(messageFor(undefined)).toEqual([NHS_NUMBER_FORMAT_MESSAGE]);
  });

  it.each(["4857773456", "987 654 4321"])("gives the checksum message for %j", (input) => {
    expect(messageFor(input)).toEqual([NHS_NUMBER_CHECKSUM_MESSAGE]);
  });

  it.each([
    "943-476-5919",
    "9434-765919",
    "943\t476\t5919",
    "9434765919\t",
    "\t9434765919",
    "943 476\n5919",
    "9434765919\n",
    "943\r\n476 5919",
    "943\u00a0476\u00a05919",
    "943\u2009476\u20095919",
    "943  476 5919",
    "943.476.5919",
    "(943) 476 5919",
    "+9434765919",
    "abcdefghij",
    "943 476 591X",
    "９４３４７６５９１９",
    "٩٤٣٤٧٦٥٩١٩",
  ])("gives the characters message for %j", (input) => {
    expect(messageFor(input)).toEqual([NHS_NUMBER_CHARACTERS_MESSAGE]);
  });

  it.each(["0000000000", "000 000 0000", " 0000000000 "])("refuses the all-zeros number %j", (input) => {
    expect(messageFor(input)).toEqual([NHS_NUMBER_PLACEHOLDER_MESSAGE]);
  });

  it.each([
    ["9434765919", "9434765919"],
    ["943 476 5919", "9434765919"],
    ["  943 476 5919  ", "9434765919"],
    ["9434 765 919", "9434765919"],
    ["943476 5919", "9434765919"],
    ["9 4 3 4 7 6 5 9 1 9", "9434765919"],
    ["9990000018", "9990000018"],
    ["999 000 0018", "9990000018"],
  ])("accepts %j as %s", (input, digits) => {
    expect(nhsNumberSchema.parse(input)).toBe(digits);
  });

  it("accepts every demo and test number (the 999 range), plain and in 3-3-4 groups", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TEST_NHS_NUMBER_COUNT - 1 }), (seq) => {
        const n = generateTestNhsNumber(seq);
        expect(nhsNumberSchema.parse(n)).toBe(n);
        expect(nhsNumberSchema.parse(formatNhsNumber(n))).toBe(n);
      }),
      // Generating a high seq walks the range, so fewer runs than elsewhere.
      { numRuns: 200 },
    );
  });

  it("accepts exactly the 10 digits in single-space groups, whatever else is typed", () => {
    // Any string: the schema's answer is "these digits" only when the string,
    // trimmed of ordinary spaces, is digits and single spaces with a valid number.
    const typed = fc.oneof(
      fc.string(),
      fc.array(fc.constantFrom("9", "4", "3", "0", " ", "-", "\t", "\n", "\u00a0", ".", "1"), { maxLength: 16 }).map((cs) => cs.join("")),
    );
    fc.assert(
      fc.property(typed, (input) => {
        const result = parseNhsNumber(input);
        const trimmed = input.replace(/^ +| +$/g, "");
        const shapeOk = /^[0-9]+( [0-9]+)*$/.test(trimmed);
        const digits = trimmed.replace(/ /g, "");
        const expected = shapeOk && digits.length === 10 && digits !== "0000000000" && referenceIsValid(digits);
        expect(result.ok).toBe(expected);
        if (result.ok) expect(result.nhsNumber).toBe(digits);
      }),
      { numRuns: 3000 },
    );
  });

  it("says what each problem is in parseNhsNumber", () => {
    expect(parseNhsNumber("943 476 5919")).toEqual({ ok: true, nhsNumber: "9434765919" });
    expect(parseNhsNumber("943-476-5919")).toMatchObject({ ok: false, problem: "characters", message: NHS_NUMBER_CHARACTERS_MESSAGE });
    expect(parseNhsNumber("")).toMatchObject({ ok: false, problem: "missing" });
    expect(parseNhsNumber("94347659")).toMatchObject({ ok: false, problem: "length", message: NHS_NUMBER_FORMAT_MESSAGE });
    expect(parseNhsNumber("4857773456")).toMatchObject({ ok: false, problem: "checksum", message: NHS_NUMBER_CHECKSUM_MESSAGE });
    expect(parseNhsNumber("0000000000")).toMatchObject({ ok: false, problem: "placeholder", message: NHS_NUMBER_PLACEHOLDER_MESSAGE });
  });

  it("uses the wording from the brief", () => {
    expect(NHS_NUMBER_FORMAT_MESSAGE).toBe("Enter a valid 10-digit NHS number");
    expect(NHS_NUMBER_CHECKSUM_MESSAGE).toBe("This NHS number fails the check digit; check it was typed correctly");
  });
});

describe("generateTestNhsNumber", () => {
  it("is deterministic and starts at the lowest valid 999 number", () => {
    expect(generateTestNhsNumber(0)).toBe("9990000018");
    expect(generateTestNhsNumber(0)).toBe(generateTestNhsNumber(0));
    expect(generateTestNhsNumber(1234)).toBe(generateTestNhsNumber(1234));
  });

  it("every generated number is valid, in the 999 range, and distinct (seq 0..5000)", () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (seq) => {
        const n = generateTestNhsNumber(seq);
        expect(n).toMatch(/^999\d{7}$/);
        expect(isValidNhsNumber(n)).toBe(true);
        expect(referenceIsValid(n)).toBe(true);
        const previous = seen.get(n);
        if (previous !== undefined) expect(previous).toBe(seq);
        seen.set(n, seq);
      }),
      { numRuns: 3000 },
    );
  });

  it("seq 0..5000 are strictly increasing (hence distinct) and skip no valid number", () => {
    let previous = -1;
    let expectedNext = 9990000000;
    for (let seq = 0; seq <= 5000; seq++) {
      const n = Number(generateTestNhsNumber(seq));
      expect(n).toBeGreaterThan(previous);
      // Every valid number between the previous one and this one would be a gap.
      for (let c = expectedNext; c < n; c++) expect(referenceIsValid(String(c))).toBe(false);
      previous = n;
      expectedNext = n + 1;
    }
  });

  it("covers the whole 999 range and rejects out-of-range seqs", () => {
    // About 10/11 of the 10^6 bodies are usable.
    expect(TEST_NHS_NUMBER_COUNT).toBeGreaterThan(900_000);
    expect(TEST_NHS_NUMBER_COUNT).toBeLessThan(1_000_000);
    const last = generateTestNhsNumber(TEST_NHS_NUMBER_COUNT - 1);
    expect(last.startsWith("999999999")).toBe(true);
    expect(isValidNhsNumber(last)).toBe(true);
    expect(() => generateTestNhsNumber(TEST_NHS_NUMBER_COUNT)).toThrow(RangeError);
    expect(() => generateTestNhsNumber(-1)).toThrow(RangeError);
    expect(() => generateTestNhsNumber(1.5)).toThrow(RangeError);
    expect(() => generateTestNhsNumber(Number.NaN)).toThrow(RangeError);
  });
});
