import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { UK_PHONE_MESSAGE, formatUkPhone, isValidUkPhone, normaliseUkPhone, parseUkPhone, ukPhoneSchema } from "./index";

// Ofcom's ranges reserved for TV and radio drama: never allocated to anyone.
const DRAMA_MOBILE = "07700 900123";
const DRAMA_LONDON = "020 7946 0018";

describe("normaliseUkPhone: accepted numbers", () => {
  it.each<[string, string]>([
    ["07700 900123", "+447700900123"],
    ["07700900123", "+447700900123"],
    ["07700-900-123", "+447700900123"],
    ["(07700) 900123", "+447700900123"],
    ["+44 7700 900123", "+447700900123"],
    ["+447700900123", "+447700900123"],
    ["+44 (0)7700 900123", "+447700900123"],
    ["+44 07700 900123", "+447700900123"],
    ["0044 7700 900123", "+447700900123"],
    ["447700900123", "+447700900123"],
    ["  07700 900123  ", "+447700900123"],
    ["020 7946 0018", "+442079460018"],
    ["(020) 7946 0018", "+442079460018"],
    ["+44 (0)20 7946 0018", "+442079460018"],
    ["0113 496 0000", "+441134960000"],
    ["0114 496 0999", "+441144960999"],
    ["0115 496 0123", "+441154960123"],
    ["0116 496 0123", "+441164960123"],
    ["0117 496 0123", "+441174960123"],
    ["0118 496 0123", "+441184960123"],
    ["0121 496 0123", "+441214960123"],
    ["0131 496 0123", "+441314960123"],
    ["0141 496 0123", "+441414960123"],
    ["0151 496 0123", "+441514960123"],
    ["0161 496 0123", "+441614960123"],
    ["0191 498 0123", "+441914980123"],
    ["01632 960123", "+441632960123"],
    ["028 9649 6123", "+442896496123"],
    ["029 2018 0123", "+442920180123"],
    ["0306 999 0123", "+443069990123"],
    ["07624 123456", "+447624123456"],
  ])("%s → %s", (input, e164) => {
    expect(normaliseUkPhone(input)).toBe(e164);
    expect(isValidUkPhone(input)).toBe(true);
  });

  it("accepts every Ofcom drama mobile 07700 900000–900999 and London 020 7946 0000–0999", () => {
    for (let i = 0; i <= 999; i++) {
      const tail = String(i).padStart(3, "0");
      expect(normaliseUkPhone(`07700 900${tail}`)).toBe(`+447700900${tail}`);
      expect(normaliseUkPhone(`020 7946 0${tail}`)).toBe(`+442079460${tail}`);
    }
  });

  it("classifies numbers", () => {
    expect(parseUkPhone(DRAMA_MOBILE)).toEqual({ e164: "+447700900123", national: "07700900123", kind: "mobile" });
    expect(parseUkPhone(DRAMA_LONDON)?.kind).toBe("geographic");
    expect(parseUkPhone("0113 496 0000")?.kind).toBe("geographic");
    expect(parseUkPhone("0306 999 0000")?.kind).toBe("non-geographic");
  });
});

describe("normaliseUkPhone: rejected numbers", () => {
  it.each<[string, string]>([
    ["0909 879 0000", "premium rate 09 (Ofcom drama range)"],
    ["0906 123 4567", "premium rate 09"],
    ["0808 157 0000", "freephone 08 (Ofcom drama range)"],
    ["0845 123 4567", "shared cost 08"],
    ["070 1234 5678", "personal number 070"],
    ["07600 123456", "pager 076"],
    ["056 1234 5678", "VoIP 05"],
    ["021 1234 5678", "unassigned 021"],
    ["0311 123 4567", "unassigned 031"],
    ["999", "emergency short code"],
    ["111", "NHS 111"],
    ["116 123", "short code"],
    ["07700 90012", "mobile one digit short"],
    ["07700 9001234", "mobile one digit long"],
    ["020 7946 001", "London one digit short"],
    ["7700 900123", "no trunk 0 or country code"],
    ["+33 1 23 45 67 89", "France"],
    ["+1 202 555 0143", "USA"],
    ["0033 1 23 45 67 89", "international prefix, not UK"],
    ["+44 7700 90012", "+44, too short"],
    ["+44 00 7700 900123", "+44 then two zeros"],
    ["07700 900123 ext 4", "letters"],
    ["07700.900.123", "dots"],
    ["07700 +900123", "plus in the middle"],
    ["((07700)) 900123", "nested brackets"],
    ["07700) 900123", "unbalanced bracket"],
    ["", "empty"],
    ["   ", "blank"],
  ])("rejects %s (%s)", (input) => {
    expect(normaliseUkPhone(input)).toBeNull();
    expect(isValidUkPhone(input)).toBe(false);
  });

  it("rejects non-strings without throwing", () => {
    expect(parseUkPhone(undefined as unknown as string)).toBeNull();
    expect(parseUkPhone(7700900123 as unknown as string)).toBeNull();
  });
});

describe("normaliseUkPhone: properties", () => {
  it("every accepted number is +44 and 10 more digits, and normalising is idempotent", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 ()-]{0,18}$/), (input) => {
        const e164 = normaliseUkPhone(input);
        if (e164 === null) return;
        expect(e164).toMatch(/^\+44[1-37]\d{9}$/);
        expect(normaliseUkPhone(e164)).toBe(e164);
      }),
      { numRuns: 5000 },
    );
  });

  it("national and +44 forms of any 07 mobile agree", () => {
    fc.assert(
      fc.property(fc.constantFrom("71", "72", "73", "74", "75", "77", "78", "79"), fc.stringMatching(/^\d{8}$/), (prefix, rest) => {
        const nsn = `${prefix}${rest}`;
        expect(normaliseUkPhone(`0${nsn}`)).toBe(`+44${nsn}`);
        expect(normaliseUkPhone(`+44${nsn}`)).toBe(`+44${nsn}`);
        expect(normaliseUkPhone(`+44 (0)${nsn}`)).toBe(`+44${nsn}`);
      }),
    );
  });
});

describe("formatUkPhone", () => {
  it.each<[string, string]>([
    ["+447700900123", "07700 900123"],
    ["+442079460018", "020 7946 0018"],
    ["01134960000", "0113 496 0000"],
    ["+441214960123", "0121 496 0123"],
    ["01632960123", "01632 960123"],
    ["+443069990123", "0306 999 0123"],
  ])("%s → %s", (input, shown) => {
    expect(formatUkPhone(input)).toBe(shown);
  });

  it("leaves unrecognised input as it is", () => {
    expect(formatUkPhone("+33 1 23 45 67 89")).toBe("+33 1 23 45 67 89");
  });
});

describe("ukPhoneSchema", () => {
  it("outputs E.164", () => {
    expect(ukPhoneSchema.parse(DRAMA_MOBILE)).toBe("+447700900123");
    expect(ukPhoneSchema.parse(DRAMA_LONDON)).toBe("+442079460018");
    expect(ukPhoneSchema.parse("+44 (0)113 496 0000")).toBe("+441134960000");
  });

  it.each<unknown>(["0909 879 0000", "999", "", "07700 90012", undefined, 447700900123])("rejects %j with the clear message", (input) => {
    const result = ukPhoneSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.message)).toEqual([UK_PHONE_MESSAGE]);
  });

  it("uses the wording from the brief", () => {
    expect(UK_PHONE_MESSAGE).toBe("Enter a UK phone number, like 07700 900123");
  });
});
