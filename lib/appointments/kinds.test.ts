import { describe, expect, it } from "vitest";
import { AFTERNOON_KIND_LABELS, AFTERNOON_KINDS, SESSION_KIND_LABELS, sessionKindLabel } from "./kinds";

describe("session kind labels", () => {
  it("names each session the way staff say it", () => {
    expect(SESSION_KIND_LABELS.WRAP_AROUND).toBe("Morning wrap-around");
    expect(AFTERNOON_KIND_LABELS).toEqual({ TALKING_THERAPIES: "Talking Therapies", GP: "GP" });
  });
  it("runs Talking Therapies before the GP", () => {
    expect(AFTERNOON_KINDS).toEqual(["TALKING_THERAPIES", "GP"]);
  });
  it("falls back to the raw value for an unknown kind", () => {
    expect(sessionKindLabel("GP")).toBe("GP");
    expect(sessionKindLabel("OTHER")).toBe("OTHER");
  });
});
