import { beforeAll, describe, expect, it } from "vitest";
import { instantToLondonTime } from "@/lib/schedule";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { expectAppError } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let lead: ServiceContext;
let reception: ServiceContext;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  lead = { db: t.db, actor: org.staff.lead };
  reception = { db: t.db, actor: org.staff.reception };
});

describe("patient register", () => {
  it("stores a patient and audits the creation", async () => {
    const { id } = await createPatient(reception, demoPatientInput(0, org.practiceIds));
    const stored = await t.db.patient.findUniqueOrThrow({ where: { id } });
    expect(stored.nhsNumber).toMatch(/^999\d{7}$/);
    expect(await t.db.auditEvent.count({ where: { action: "patient.create", patientId: id } })).toBe(1);
  });

  it("refuses a second patient with the same NHS number and links to the first", async () => {
    const input = demoPatientInput(1, org.practiceIds);
    const first = await createPatient(reception, input);
    const spaced = String(input.nhsNumber).replace(/^(\d{3})(\d{3})(\d{4})$/, "$1 $2 $3");
    const error = await expectAppError(createPatient(reception, { ...input, nhsNumber: spaced }), "CONFLICT");
    expect(error.details).toMatchObject({ existingPatientId: first.id, href: `/patients/${first.id}` });
    expect(await t.db.patient.count({ where: { nhsNumber: String(input.nhsNumber) } })).toBe(1);
  });

  it("refuses bad input with a message per field and stores nothing", async () => {
    const before = await t.db.patient.count();
    const error = await expectAppError(
      createPatient(reception, { ...demoPatientInput(2, org.practiceIds), nhsNumber: "4857773456", phone: "12345" }),
      "VALIDATION",
    );
    expect(error.fieldErrors?.nhsNumber).toMatch(/check digit/);
    expect(error.fieldErrors?.phone).toMatch(/UK phone number/);
    expect(await t.db.patient.count()).toBe(before);
  });

  it("refuses a role without the permission", async () => {
    await expectAppError(createPatient({ db: t.db, actor: org.staff.gp }, demoPatientInput(3, org.practiceIds)), "FORBIDDEN");
  });
});

describe("clinic days from a template", () => {
  it("lays out a weekly series by London wall-clock time across the October clock change", async () => {
    const clinic = await createClinic(lead, { name: "Test clinic", siteId: org.siteId });
    const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
    const { dates, ids } = await createClinicDays(reception, { templateId: template.id, firstDate: "2026-10-14", weeks: 3 });
    expect(dates).toEqual(["2026-10-14", "2026-10-21", "2026-10-28"]);
    const sessions = await t.db.clinicSession.findMany({ where: { clinicDayId: { in: ids }, kind: "WRAP_AROUND" }, orderBy: { startsAt: "asc" } });
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      "2026-10-14T08:00:00.000Z",
      "2026-10-21T08:00:00.000Z",
      "2026-10-28T09:00:00.000Z",
    ]);
    expect(sessions.every((s) => instantToLondonTime(s.startsAt) === "09:00")).toBe(true);
    // 09:00–12:00 in 20-minute slots with two stations.
    expect(await t.db.slot.count({ where: { sessionId: sessions[0].id } })).toBe(18);
    const rota = await t.db.sessionStaff.findMany({ where: { sessionId: sessions[0].id }, orderBy: { column: "asc" } });
    expect(rota.map((r) => r.staffId)).toEqual([org.staff.buddy.id, org.staff.buddy2.id]);

    // The same dates again are refused as a whole, naming the clash.
    const error = await expectAppError(createClinicDays(reception, { templateId: template.id, firstDate: "2026-10-28", weeks: 2 }), "CONFLICT");
    expect(error.message).toContain("2026-10-28");
    expect(await t.db.clinicDay.count({ where: { clinicId: clinic.id } })).toBe(3);
  });
});

describe("database constraints", () => {
  it("refuses two active appointments in one slot, whatever the application does", async () => {
    const clinic = await createClinic(lead, { name: "Constraint clinic", siteId: org.siteId });
    const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
    const { ids } = await createClinicDays(reception, { templateId: template.id, firstDate: "2027-01-06", weeks: 1 });
    const slot = await t.db.slot.findFirstOrThrow({ where: { session: { clinicDayId: ids[0], kind: "WRAP_AROUND" } } });
    const a = await createPatient(reception, demoPatientInput(10, org.practiceIds));
    const b = await createPatient(reception, demoPatientInput(11, org.practiceIds));
    const base = { clinicDayId: ids[0], slotId: slot.id, kind: "WRAP_AROUND" as const, activeSlotId: slot.id };
    await t.db.appointment.create({ data: { ...base, patientId: a.id, activeMorningDayId: ids[0] } });
    await expect(t.db.appointment.create({ data: { ...base, patientId: b.id, activeMorningDayId: ids[0] } })).rejects.toThrow();
    // A cancelled appointment frees the slot.
    await t.db.appointment.updateMany({ where: { patientId: a.id }, data: { status: "CANCELLED", activeSlotId: null, activeMorningDayId: null } });
    await t.db.appointment.create({ data: { ...base, patientId: b.id, activeMorningDayId: ids[0] } });
    // The check constraint refuses an active slot that is not the appointment's own.
    const other = await t.db.slot.findFirstOrThrow({ where: { session: { clinicDayId: ids[0], kind: "WRAP_AROUND" }, id: { not: slot.id } } });
    await expect(t.db.appointment.create({ data: { ...base, patientId: a.id, activeSlotId: other.id, activeMorningDayId: null } })).rejects.toThrow();
  });

  it("keeps the audit trail append-only", async () => {
    const event = await t.db.auditEvent.findFirstOrThrow();
    await expect(t.db.auditEvent.update({ where: { id: event.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(t.db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
  });
});
