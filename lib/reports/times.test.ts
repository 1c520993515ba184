import { describe, expect, it } from "vitest";
import { TIME_DEFINITIONS, TIME_LABELS, TIME_MEASURES } from "./times";

describe("visit time measures", () => {
  it("gives every measure a label and a definition, in the report's order", () => {
    expect(Object.keys(TIME_LABELS)).toEqual([...TIME_MEASURES]);
    expect(Object.keys(TIME_DEFINITIONS)).toEqual([...TIME_MEASURES]);
    for (const m of TIME_MEASURES) expect(TIME_DEFINITIONS[m]).toMatch(/^From /);
  });
});
