import { describe, expect, it } from "vitest";
import { canWorkSession } from "./roles";

describe("canWorkSession", () => {
  it("matches each session to its role", () => {
    expect(canWorkSession(["HEALTH_BUDDY"], "WRAP_AROUND")).toBe(true);
    expect(canWorkSession(["THERAPIST"], "TALKING_THERAPIES")).toBe(true);
    expect(canWorkSession(["GP"], "GP")).toBe(true);
    expect(canWorkSession(["GP"], "WRAP_AROUND")).toBe(false);
    expect(canWorkSession(["CLINIC_LEAD"], "GP")).toBe(false);
  });
});
