import { describe, expect, it } from "vitest";
import { LongTermCondition, Sex } from "@/lib/db/generated/enums";
import { CONDITION_LABELS, LONG_TERM_CONDITIONS, SEX_OPTIONS } from "./reference-data";

describe("patient reference data", () => {
  it("offers every long-term condition the schema has, once, with a label", () => {
    expect(LONG_TERM_CONDITIONS.map(([code]) => code).sort()).toEqual(Object.values(LongTermCondition).sort());
    expect(CONDITION_LABELS.IBS).toBe("Irritable bowel syndrome (IBS)");
    for (const [code, label] of LONG_TERM_CONDITIONS) expect(CONDITION_LABELS[code]).toBe(label);
  });

  it("offers every sex the schema has", () => {
    expect(SEX_OPTIONS.map(([code]) => code).sort()).toEqual(Object.values(Sex).sort());
  });
});
