import { describe, expect, it } from "vitest";
import { NHS_NUMBER_CHARACTERS_MESSAGE, NHS_NUMBER_PLACEHOLDER_MESSAGE } from "@/lib/nhs-number";
import { formatDateOfBirth, parseDateInput, parsePatientSearch } from "./index";

describe("parseDateInput", () => {
  it.each([
    ["1956-03-14", "1956-03-14"],
    ["14/03/1956", "1956-03-14"],
    ["4/3/1956", "1956-03-04"],
    [" 29/02/2024 ", "2024-02-29"],
  ])("%j → %s", (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });

  it.each(["31/02/1980", "1980-13-01", "14-03-1956", "03/14/56", "", "yesterday"])("refuses %j", (input) => {
    expect(parseDateInput(input)).toBeNull();
  });
});

describe("parsePatientSearch", () => {
  it("reads an NHS number with or without spaces", () => {
    expect(parsePatientSearch("943 476 5919")).toEqual({ kind: "nhs-number", nhsNumber: "9434765919" });
    expect(parsePatientSearch("9434765919")).toEqual({ kind: "nhs-number", nhsNumber: "9434765919" });
    expect(parsePatientSearch(" 943 476 5919 ")).toEqual({ kind: "nhs-number", nhsNumber: "9434765919" });
  });

  it("reads an NHS number as strictly as the register form does", () => {
    for (const typed of ["943-476-5919", "943\t476\t5919", "943 476\n5919", "943  476 5919", "943\u00a0476\u00a05919"]) {
      expect(parsePatientSearch(typed)).toEqual({ kind: "invalid", message: NHS_NUMBER_CHARACTERS_MESSAGE });
    }
    expect(parsePatientSearch("0000000000")).toEqual({ kind: "invalid", message: NHS_NUMBER_PLACEHOLDER_MESSAGE });
  });

  it("explains an NHS number that cannot be right", () => {
    expect(parsePatientSearch("4857773456")).toMatchObject({ kind: "invalid", message: expect.stringMatching(/check digit/) });
    expect(parsePatientSearch("94347659")).toMatchObject({ kind: "invalid", message: expect.stringMatching(/10 digits/) });
  });

  it("reads a date of birth in either form", () => {
    expect(parsePatientSearch("1956-03-14")).toEqual({ kind: "date-of-birth", dateOfBirth: "1956-03-14" });
    expect(parsePatientSearch("14/03/1956")).toEqual({ kind: "date-of-birth", dateOfBirth: "1956-03-14" });
    expect(parsePatientSearch("31/02/1956")).toMatchObject({ kind: "invalid", message: expect.stringMatching(/date of birth/) });
  });

  it("reads anything else as a name, word by word", () => {
    expect(parsePatientSearch("  amira   Ahmed ")).toEqual({ kind: "name", words: ["amira", "Ahmed"] });
    expect(parsePatientSearch("O'Connor")).toEqual({ kind: "name", words: ["O'Connor"] });
    expect(parsePatientSearch("Dąbrowski")).toEqual({ kind: "name", words: ["Dąbrowski"] });
  });

  it("refuses empty, too short or mixed terms", () => {
    expect(parsePatientSearch("   ").kind).toBe("invalid");
    expect(parsePatientSearch("a").kind).toBe("invalid");
    expect(parsePatientSearch("Amira 1956").kind).toBe("invalid");
  });
});

describe("formatDateOfBirth", () => {
  it("writes the month as a word", () => {
    expect(formatDateOfBirth("1956-03-14")).toBe("14 Mar 1956");
    expect(formatDateOfBirth("2001-12-01")).toBe("1 Dec 2001");
  });
});
