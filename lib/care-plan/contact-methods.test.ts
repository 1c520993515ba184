import { describe, expect, it } from "vitest";
import { ContactMethod } from "@/lib/db/generated/enums";
import { CONTACT_METHOD_LABELS, CONTACT_METHODS } from "./contact-methods";

describe("contact methods", () => {
  it("lists every contact method the schema has, each with words for it", () => {
    expect([...CONTACT_METHODS].sort()).toEqual(Object.values(ContactMethod).sort());
    for (const m of CONTACT_METHODS) expect(CONTACT_METHOD_LABELS[m]).toMatch(/\w/);
  });
});
