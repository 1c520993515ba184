/**
 * Free text refuses null bytes and text-direction controls with a message for
 * the field, before anything is stored (issue 17, item 6): a null byte used to
 * reach PostgreSQL and come back as "Something went wrong", and U+202E made a
 * stored name display as something it is not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createPatient } from "@/lib/services/patients/create-patient";
import { searchPatients } from "@/lib/services/patients/search-patients";
import { createStaffUser } from "@/lib/services/staff/create-staff-user";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let reception: ServiceContext;
let lead: ServiceContext;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  reception = { db: t.db, actor: org.staff.reception };
  lead = { db: t.db, actor: org.staff.lead };
});

const CONTROL = /contains a control character/;
const DIRECTION = /contains a hidden character that changes the direction of text/;

describe("hidden characters in free text", () => {
  it("a patient's names, language and needs: each field named, nothing stored", async () => {
    const before = await t.db.patient.count();
    const input = demoPatientInput(1, org.practiceIds, 93_000);
    const error = await expectAppError(
      createPatient(reception, {
        ...input,
        givenName: "Ann\u202Eevil",
        familyName: "Smith\u0000",
        preferredLanguage: "English\u2066",
        accessibilityNeeds: "Wheelchair\u0000 user",
      }),
      "VALIDATION",
    );
    expect(error.fieldErrors?.givenName).toMatch(/^Given name contains a hidden character that changes the direction of text/);
    expect(error.fieldErrors?.familyName).toMatch(/^Family name contains a control character/);
    expect(error.fieldErrors?.preferredLanguage).toMatch(DIRECTION);
    expect(error.fieldErrors?.accessibilityNeeds).toMatch(CONTROL);
    expect(await t.db.patient.count()).toBe(before);
  });

  it("every direction control is refused, ordinary scripts are not", async () => {
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"]) {
      const error = await expectAppError(
        createPatient(reception, { ...demoPatientInput(2, org.practiceIds, 93_000), givenName: `A${c}B` }),
        "VALIDATION",
      );
      expect(error.fieldErrors?.givenName, `U+${c.codePointAt(0)!.toString(16)}`).toMatch(DIRECTION);
    }
    // Arabic, Hebrew, Welsh and a name with a zero-width joiner (needed in some scripts) are names like any other.
    const { id } = await createPatient(reception, {
      ...demoPatientInput(3, org.practiceIds, 93_000),
      givenName: "مريم",
      familyName: "Llŷr-כהן\u200D",
    });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id } })).givenName).toBe("مريم");
  });

  it("a member of staff's name and a clinic's name", async () => {
    const staff = await expectAppError(
      createStaffUser(lead, {
        name: "Dr \u202Eevil",
        email: "new.person@example.nhs.uk",
        roles: ["GP"],
        password: "a long and unusual passphrase 42",
      }),
      "VALIDATION",
    );
    expect(staff.fieldErrors?.name).toMatch(DIRECTION);
    const clinic = await expectAppError(createClinic(lead, { name: "Clinic\u0000", siteId: org.siteId }), "VALIDATION");
    expect(clinic.fieldErrors?.name).toMatch(CONTROL);
  });

  it("a search with a null byte is a message, not a database error", async () => {
    const error = await expectAppError(searchPatients(reception, { q: "Smith\u0000" }), "VALIDATION");
    expect(error.fieldErrors?.q).toMatch(CONTROL);
  });

  it("tabs and line breaks in notes are still allowed", async () => {
    const { id } = await createPatient(reception, {
      ...demoPatientInput(4, org.practiceIds, 93_000),
      accessibilityNeeds: "Hearing loop\nLarge print\tplease",
    });
    expect((await t.db.patient.findUniqueOrThrow({ where: { id } })).accessibilityNeeds).toBe("Hearing loop\nLarge print\tplease");
  });
});
