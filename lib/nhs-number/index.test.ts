import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NHS_NUMBER_CHECKSUM_MESSAGE,
  NHS_NUMBER_FORMAT_MESSAGE,
  TEST_NHS_NUMBER_COUNT,
  formatNhsNumber,
  generateTestNhsNumber,
  isValidNhsNumber,
  nhsCheckDigit,
  nhsNumberSchema,
  normaliseNhsNumber,
} from './index';

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

describe('isValidNhsNumber', () => {
  it.each(['9434765919', '9000000009', '4857773457'])('accepts %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  it.each(['4857773456', '9876544321'])('rejects %s (check digit)', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });

  it('accepts spaces and dashes', () => {
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber(' 943 476 5919 ')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(isValidNhsNumber('943\u00a0476\u00a05919')).toBe(true);
  });

  it.each(['', '943476591', '94347659190', '943476591X', '９４３４７６５９１９', '+943476591'])(
    'rejects wrong length or non-digits: %j',
    (n) => {
      expect(isValidNhsNumber(n)).toBe(false);
    },
  );

  it('rejects bodies whose check digit would be 10', () => {
    // 999000000: 9·10 + 9·9 + 9·8 = 243, 243 mod 11 = 1, check 10.
    expect(nhsCheckDigit('999000000')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`999000000${d}`)).toBe(false);
  });

  it('agrees with a direct statement of the rule on random 10-digit strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        expect(isValidNhsNumber(digits)).toBe(referenceIsValid(digits));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normaliseNhsNumber and formatNhsNumber', () => {
  it('normalises', () => {
    expect(normaliseNhsNumber(' 943 476-5919 ')).toBe('9434765919');
  });

  it('formats 3-3-4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943 4765 919')).toBe('943 476 5919');
  });

  it('leaves non-10-digit input as typed (trimmed)', () => {
    expect(formatNhsNumber(' 12345 ')).toBe('12345');
  });
});

describe('nhsNumberSchema', () => {
  it('transforms to the 10-digit string', () => {
    expect(nhsNumberSchema.parse('943 476 5919')).toBe('9434765919');
    expect(nhsNumberSchema.parse('9000000009')).toBe('9000000009');
  });

  const messageFor = (input: unknown): string[] => {
    const result = nhsNumberSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it.each(['', '943476591', '94347659190', 'abcdefghij', '943 476 591X'])(
    'gives the format message for %j',
    (input) => {
      expect(messageFor(input)).toEqual([NHS_NUMBER_FORMAT_MESSAGE]);
    },
  );

  it('gives the format message for non-strings', () => {
    expect(messageFor(9434765919)).toEqual([NHS_NUMBER_FORMAT_MESSAGE]);
    expect(messageFor(undefined)).toEqual([NHS_NUMBER_FORMAT_MESSAGE]);
  });

  it.each(['4857773456', '987 654 4321'])('gives the checksum message for %j', (input) => {
    expect(messageFor(input)).toEqual([NHS_NUMBER_CHECKSUM_MESSAGE]);
  });

  it('uses the wording from the brief', () => {
    expect(NHS_NUMBER_FORMAT_MESSAGE).toBe('Enter a valid 10-digit NHS number');
    expect(NHS_NUMBER_CHECKSUM_MESSAGE).toBe(
      'This NHS number fails the check digit; check it was typed correctly',
    );
  });
});

describe('generateTestNhsNumber', () => {
  it('is deterministic and starts at the lowest valid 999 number', () => {
    expect(generateTestNhsNumber(0)).toBe('9990000018');
    expect(generateTestNhsNumber(0)).toBe(generateTestNhsNumber(0));
    expect(generateTestNhsNumber(1234)).toBe(generateTestNhsNumber(1234));
  });

  it('every generated number is valid, in the 999 range, and distinct (seq 0..5000)', () => {
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

  it('seq 0..5000 are strictly increasing (hence distinct) and skip no valid number', () => {
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

  it('covers the whole 999 range and rejects out-of-range seqs', () => {
    // About 10/11 of the 10^6 bodies are usable.
    expect(TEST_NHS_NUMBER_COUNT).toBeGreaterThan(900_000);
    expect(TEST_NHS_NUMBER_COUNT).toBeLessThan(1_000_000);
    const last = generateTestNhsNumber(TEST_NHS_NUMBER_COUNT - 1);
    expect(last.startsWith('999999999')).toBe(true);
    expect(isValidNhsNumber(last)).toBe(true);
    expect(() => generateTestNhsNumber(TEST_NHS_NUMBER_COUNT)).toThrow(RangeError);
    expect(() => generateTestNhsNumber(-1)).toThrow(RangeError);
    expect(() => generateTestNhsNumber(1.5)).toThrow(RangeError);
    expect(() => generateTestNhsNumber(Number.NaN)).toThrow(RangeError);
  });
});
