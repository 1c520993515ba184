import { describe, expect, it } from "vitest";
import { builtinInstrument } from "./instruments";
import { instrumentLines, parseInstrumentLines } from "./instrument-text";

describe("instrument lines", () => {
  it("reads items with the risk marker, options and bands, ignoring blank lines", () => {
    const parsed = parseInstrumentLines({
      items: "Feeling low\n\n  Thoughts of hurting yourself [risk]  \n",
      options: "0 = Never\n1=Sometimes\n2 = A lot",
      bands: "0-1 = None\n2–4 = Some",
    });
    expect(parsed).toEqual({
      items: [
        { text: "Feeling low", risk: false },
        { text: "Thoughts of hurting yourself", risk: true },
      ],
      options: [
        { value: 0, label: "Never" },
        { value: 1, label: "Sometimes" },
        { value: 2, label: "A lot" },
      ],
      bands: [
        { from: 0, to: 1, label: "None" },
        { from: 2, to: 4, label: "Some" },
      ],
      errors: {},
    });
  });

  it("names the first line it cannot read", () => {
    const parsed = parseInstrumentLines({ items: "A", options: "0 = Never\nSometimes", bands: "0 to 4 Minimal" });
    expect(parsed.errors.options).toContain("line 2");
    expect(parsed.errors.bands).toContain("line 1");
    expect(parsed.errors.items).toBeUndefined();
  });

  it("gives back what it reads for every built-in version", () => {
    for (const code of ["PHQ4", "PHQ9", "GAD7"] as const) {
      const v = builtinInstrument(code);
      const back = parseInstrumentLines(instrumentLines(v));
      expect(back).toEqual({ items: v.items, options: v.options, bands: v.bands, errors: {} });
    }
  });
});
