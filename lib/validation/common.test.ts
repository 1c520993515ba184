import { describe, expect, it } from "vitest";
import { fieldErrorsOf, hiddenCharacterProblem, optionalText, requiredText } from "./common";

describe("free text", () => {
  it("refuses null bytes and other control characters, naming the field", () => {
    for (const c of ["\u0000", "\u0001", "\u0008", "\u000B", "\u001B", "\u007F", "\u0085", "\u009F"]) {
      expect(hiddenCharacterProblem(`a${c}b`, "Given name"), `U+${c.codePointAt(0)!.toString(16)}`).toMatch(
        /^Given name contains a control character/,
      );
    }
  });

  it("refuses every text-direction control", () => {
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"]) {
      expect(hiddenCharacterProblem(`a${c}b`, "Notes"), `U+${c.codePointAt(0)!.toString(16)}`).toMatch(
        /^Notes contains a hidden character that changes the direction of text/,
      );
    }
  });

  it("lets through line breaks, tabs, right-to-left scripts, accents, emoji and joiners", () => {
    for (const value of ["line one\nline two\r\n\tindented", "مريم", "כהן", "Llŷr Siân", "Zoë 👩‍⚕️", "क्‍ष"])
      expect(hiddenCharacterProblem(value, "X")).toBeNull();
  });

  it("the helpers give the field's message and keep their other checks", () => {
    const schema = requiredText(10, "The reason", "Give a reason");
    expect(fieldErrorsOf(schema.safeParse("\u202Eabc").error!)._form).toMatch(/^The reason contains a hidden character/);
    expect(schema.safeParse("  ").error?.issues[0].message).toBe("Give a reason");
    expect(schema.safeParse(undefined).error?.issues[0].message).toBe("Give a reason");
    expect(schema.safeParse("x".repeat(11)).error?.issues[0].message).toBe("The reason must be 10 characters or fewer");
    expect(schema.parse("  fine  ")).toBe("fine");
    const optional = optionalText(10, "Notes");
    expect(optional.parse("")).toBeUndefined();
    expect(optional.safeParse("a\u0000").error?.issues[0].message).toMatch(/^Notes contains a control character/);
  });
});
