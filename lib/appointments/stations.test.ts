import { describe, expect, it } from "vitest";
import { stationLabel } from "./stations";

describe("stationLabel", () => {
  it("numbers stations from 1 and names who works them", () => {
    expect(stationLabel(0, "Priya Shah")).toBe("Station 1 (Priya Shah)");
    expect(stationLabel(3, "Tom Fletcher")).toBe("Station 4 (Tom Fletcher)");
  });

  it("leaves the name out when nobody is rostered", () => {
    expect(stationLabel(1, null)).toBe("Station 2");
    expect(stationLabel(1, undefined)).toBe("Station 2");
    expect(stationLabel(1, "")).toBe("Station 2");
  });
});
