import { describe, expect, it } from "vitest";
import { hasPermission, homeFor, PERMISSIONS, permissionsFor, ROLES } from "./permissions";

describe("permission table", () => {
  it("keeps clinical content from reception", () => {
    expect(hasPermission(["RECEPTION"], "clinical:view")).toBe(false);
    expect(hasPermission(["RECEPTION"], "assessment:record")).toBe(false);
    expect(hasPermission(["RECEPTION"], "triage:record")).toBe(false);
    expect(hasPermission(["RECEPTION"], "care-plan:write")).toBe(false);
  });

  it("lets only therapists record triage and only GPs write care plans", () => {
    for (const role of ROLES) {
      expect(hasPermission([role], "triage:record")).toBe(role === "THERAPIST");
      expect(hasPermission([role], "care-plan:write")).toBe(role === "GP");
    }
  });

  it("combines the permissions of several roles", () => {
    expect(hasPermission(["RECEPTION", "GP"], "care-plan:write")).toBe(true);
    expect(permissionsFor(["RECEPTION", "GP"])).toEqual(expect.arrayContaining(["appointment:book", "care-plan:write"]));
  });

  it("gives no permission to a user with no roles", () => {
    expect(permissionsFor([])).toEqual([]);
  });

  it("names only known roles", () => {
    for (const roles of Object.values(PERMISSIONS)) {
      for (const role of roles) expect(ROLES).toContain(role);
    }
  });

  it("sends each role to its own home page", () => {
    expect(homeFor(["RECEPTION"])).toBe("/reception");
    expect(homeFor(["HEALTH_BUDDY"])).toBe("/buddy");
    expect(homeFor(["THERAPIST"])).toBe("/therapies");
    expect(homeFor(["GP"])).toBe("/gp");
    expect(homeFor(["CLINIC_LEAD"])).toBe("/lead");
    expect(homeFor(["GP", "CLINIC_LEAD"])).toBe("/lead");
    expect(homeFor(["MENTAL_HEALTH_PARTNER"])).toBe("/huddle");
  });

  it("gives a mental health partner the huddle and nothing of the register or the clinic", () => {
    expect(permissionsFor(["MENTAL_HEALTH_PARTNER"]).sort()).toEqual(["huddle:decide", "huddle:view", "self:manage"]);
    for (const permission of ["patient:view", "clinic-day:view", "clinical:view", "referral:manage", "huddle:bring", "huddle:manage"] as const)
      expect(hasPermission(["MENTAL_HEALTH_PARTNER"], permission)).toBe(false);
  });

  it("lets the PCN's clinicians bring cases to the huddle and only the clinic lead run its schedule", () => {
    for (const role of ROLES) {
      expect(hasPermission([role], "huddle:bring")).toBe(["THERAPIST", "GP", "CLINIC_LEAD"].includes(role));
      expect(hasPermission([role], "huddle:manage")).toBe(role === "CLINIC_LEAD");
    }
  });
});
