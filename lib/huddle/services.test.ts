import { describe, expect, it } from "vitest";
import { HUDDLE_DESTINATIONS, partnerMayDecide, referralTarget, serviceOf } from "./services";

describe("where a huddle decision sends a case", () => {
  it("refers into Talking Therapies with its pathway, or a service past it", () => {
    expect(referralTarget({ destination: "TALKING_THERAPIES", pathway: "STEP_3" })).toEqual({ kind: "TALKING_THERAPIES", pathway: "STEP_3" });
    expect(referralTarget({ destination: "CMHT" })).toEqual({ kind: "SERVICE", service: "CMHT", serviceName: null });
    expect(referralTarget({ destination: "OTHER_SERVICE", serviceName: "Eating disorders service" })).toEqual({
      kind: "SERVICE",
      service: "OTHER",
      serviceName: "Eating disorders service",
    });
    expect(() => referralTarget({ destination: "TALKING_THERAPIES" })).toThrow();
  });

  it("makes no referral for advice, social prescribing or a deferral", () => {
    for (const destination of ["BACK_TO_GP", "SOCIAL_PRESCRIBING", "DEFERRED"] as const) expect(referralTarget({ destination })).toBeNull();
    expect(HUDDLE_DESTINATIONS.filter((d) => serviceOf(d) !== null)).toEqual([
      "CMHT",
      "SECONDARY_CARE_PSYCHOTHERAPY",
      "STEP_4_INTERFACE",
      "PERINATAL",
      "OTHER_SERVICE",
    ]);
  });

  it("lets a partner decide only for their own service", () => {
    expect(partnerMayDecide("CMHT", "CMHT")).toBe(true);
    expect(partnerMayDecide("CMHT", "SECONDARY_CARE_PSYCHOTHERAPY")).toBe(false);
    expect(partnerMayDecide("CMHT", "TALKING_THERAPIES")).toBe(false);
    expect(partnerMayDecide("OTHER", "OTHER_SERVICE")).toBe(true);
  });
});
