import { describe, expect, it } from "vitest";
import { isEnglish, patientLanguage } from "./language";

describe("a patient's language on staff lists", () => {
  it("treats English, in any case or spacing, and a blank as English", () => {
    expect(["English", " english ", "British English", ""].map(isEnglish)).toEqual([true, true, true, true]);
    expect(["Polish", "Englishish", "en-XA"].map(isEnglish)).toEqual([false, false, false]);
  });
  it("keeps only the language and the interpreter flag", () => {
    expect(patientLanguage({ preferredLanguage: "Urdu", interpreterNeeded: true, givenName: "A" } as never)).toEqual({
      preferredLanguage: "Urdu",
      interpreterNeeded: true,
    });
  });
});
