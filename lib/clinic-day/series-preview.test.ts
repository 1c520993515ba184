import { describe, expect, it } from "vitest";
import { previewSeries } from "./series-preview";

const sessions = [
  { kind: "WRAP_AROUND" as const, start: "09:00", end: "12:00", staffIds: ["a"] },
  { kind: "GP" as const, start: "13:30", end: "17:00", staffIds: ["b"] },
];

describe("previewSeries", () => {
  it("shows 09:00 London each week across the March clock change", () => {
    const days = previewSeries("2026-03-18", 3, sessions);
    expect(days.map((d) => d.date)).toEqual(["2026-03-18", "2026-03-25", "2026-04-01"]);
    expect(days.map((d) => d.sessions[0].start)).toEqual(["09:00", "09:00", "09:00"]);
    expect(days.map((d) => d.sessions[0].startsAt.toISOString())).toEqual([
      "2026-03-18T09:00:00.000Z",
      "2026-03-25T09:00:00.000Z",
      "2026-04-01T08:00:00.000Z",
    ]);
  });

  it("shows 09:00 London each week across the October clock change", () => {
    const days = previewSeries("2026-10-21", 2, sessions);
    expect(days.map((d) => [d.sessions[0].start, d.sessions[1].end])).toEqual([
      ["09:00", "17:00"],
      ["09:00", "17:00"],
    ]);
    expect(days.map((d) => d.sessions[0].startsAt.toISOString())).toEqual(["2026-10-21T08:00:00.000Z", "2026-10-28T09:00:00.000Z"]);
  });
});
