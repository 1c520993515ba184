import { beforeAll, describe, expect, it } from "vitest";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { getWrapAroundCheck } from "@/lib/services/assessments/get-wrap-around-check";
import { recordWrapAroundCheck } from "@/lib/services/assessments/record-wrap-around-check";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, morningSlots, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { appErrorOf as failure } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let buddy: ServiceContext;
let clinicDayId: string;
let morning: Array<{ id: string }>;
let next = 0;
let seq = 0;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  buddy = { db: t.db, actor: org.staff.buddy };
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  const { ids } = await createClinicDays(lead, { templateId: template.id, firstDate: "2027-03-03", weeks: 1 });
  clinicDayId = ids[0];
  morning = await morningSlots(t.db, clinicDayId);
});

/** A patient with a morning appointment, checked in unless told otherwise. */
async function appointment(status: "ARRIVED" | "BOOKED" = "ARRIVED") {
  const patient = await createPatient({ db: t.db, actor: org.staff.reception }, demoPatientInput(seq++, org.practiceIds));
  const slot = morning[next++];
  return t.db.appointment.create({
    data: {
      patientId: patient.id,
      clinicDayId,
      slotId: slot.id,
      activeSlotId: slot.id,
      activeMorningDayId: clinicDayId,
      kind: "WRAP_AROUND",
      status,
      checkedInAt: status === "ARRIVED" ? new Date() : null,
    },
  });
}

describe("recording wrap-around checks", () => {
  it("stores the checks for a checked-in patient, audited with the patient and the fields recorded", async () => {
    const a = await appointment();
    const result = await recordWrapAroundCheck(buddy, {
      appointmentId: a.id,
      systolic: "200",
      diastolic: "95",
      pulse: "",
      weightKg: "82.5",
      heightCm: "170",
      bloodsTaken: true,
      footCheck: "Sensation normal both feet",
    });
    expect(result).toMatchObject({
      updated: false,
      bmi: 28.5,
      changed: ["systolic", "diastolic", "weightKg", "heightCm", "bloodsTaken", "footCheck"],
    });
    const stored = await t.db.wrapAroundCheck.findUniqueOrThrow({ where: { appointmentId: a.id } });
    expect(stored).toMatchObject({
      patientId: a.patientId,
      systolic: 200,
      diastolic: 95,
      pulse: null,
      bloodsTaken: true,
      footCheck: "Sensation normal both feet",
      recordedById: org.staff.buddy.id,
    });
    expect(stored.weightKg?.toNumber()).toBe(82.5);
    expect(stored.heightCm?.toNumber()).toBe(170);
    const audit = await t.db.auditEvent.findMany({ where: { action: "wrap-around.record" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ patientId: a.patientId, actorId: org.staff.buddy.id, entityId: stored.id });

    const saved = await getWrapAroundCheck({ db: t.db, actor: org.staff.gp }, a.id);
    expect(saved).toMatchObject({ systolic: 200, diastolic: 95, weightKg: 82.5, heightCm: 170, bmi: 28.5, recordedByName: "Priya Shah" });
    expect(await t.db.auditEvent.count({ where: { action: "wrap-around.view", patientId: a.patientId, actorId: org.staff.gp.id } })).toBe(1);
  });

  it("a second save updates the same record; the audit names the changed fields, never their values", async () => {
    const a = await appointment();
    await recordWrapAroundCheck(buddy, {
      appointmentId: a.id,
      systolic: 150,
      diastolic: 90,
      weightKg: 70,
      heightCm: 165,
      notes: "Anxious about the results",
    });
    const result = await recordWrapAroundCheck(
      { db: t.db, actor: org.staff.buddy2 },
      { appointmentId: a.id, systolic: 142, diastolic: 90, weightKg: "70.0", heightCm: 165, pulse: 72 },
    );
    expect(result).toMatchObject({ updated: true, changed: ["systolic", "pulse", "notes"] });
    expect(await t.db.wrapAroundCheck.count({ where: { appointmentId: a.id } })).toBe(1);
    const stored = await t.db.wrapAroundCheck.findUniqueOrThrow({ where: { appointmentId: a.id } });
    expect(stored).toMatchObject({ systolic: 142, pulse: 72, notes: null, recordedById: org.staff.buddy2.id });
    const update = await t.db.auditEvent.findFirstOrThrow({ where: { action: "wrap-around.update", patientId: a.patientId } });
    expect(update.details).toEqual({ changed: ["systolic", "pulse", "notes"] });
    expect(JSON.stringify(update.details)).not.toMatch(/142|Anxious/);
  });

  it("refuses readings out of range with a message per field and stores nothing", async () => {
    const a = await appointment();
    const error = await failure(
      recordWrapAroundCheck(buddy, { appointmentId: a.id, systolic: "300", diastolic: "95", pulse: "20", weightKg: "8.25", heightCm: "170" }),
    );
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toBe("Systolic blood pressure must be between 60 and 260 mmHg");
    expect(error.fieldErrors).toEqual({
      systolic: "Systolic blood pressure must be between 60 and 260 mmHg",
      pulse: "Pulse must be between 25 and 250 beats per minute",
      weightKg: "Weight must be between 20 and 350 kg",
    });
    const swapped = await failure(recordWrapAroundCheck(buddy, { appointmentId: a.id, systolic: "80", diastolic: "120" }));
    expect(swapped.fieldErrors).toEqual({ diastolic: "The diastolic blood pressure must be lower than the systolic: check the two are not swapped" });
    expect(await t.db.wrapAroundCheck.count({ where: { appointmentId: a.id } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { patientId: a.patientId, action: { startsWith: "wrap-around" } } })).toBe(0);
  });

  it("refuses before the patient is checked in", async () => {
    const a = await appointment("BOOKED");
    const error = await failure(recordWrapAroundCheck(buddy, { appointmentId: a.id, systolic: 120, diastolic: 80 }));
    expect(error).toMatchObject({ code: "VALIDATION", message: "Check the patient in before recording their wrap-around checks" });
    expect(await t.db.wrapAroundCheck.count({ where: { appointmentId: a.id } })).toBe(0);
  });

  it("refuses reception and GPs, and lets reception see no results", async () => {
    const a = await appointment();
    for (const actor of [org.staff.reception, org.staff.gp]) {
      const error = await failure(recordWrapAroundCheck({ db: t.db, actor }, { appointmentId: a.id, systolic: 120, diastolic: 80 }));
      expect(error.code).toBe("FORBIDDEN");
    }
    expect((await failure(getWrapAroundCheck({ db: t.db, actor: org.staff.reception }, a.id))).code).toBe("FORBIDDEN");
    expect(await t.db.wrapAroundCheck.count({ where: { appointmentId: a.id } })).toBe(0);
  });

  it("a health buddy of another PCN finds no such appointment", async () => {
    const a = await appointment();
    const other = await createOrganisation(t.db, { suffix: "w2", name: "Other PCN" });
    const error = await failure(recordWrapAroundCheck({ db: t.db, actor: other.staff.buddy }, { appointmentId: a.id, systolic: 120, diastolic: 80 }));
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "That appointment was not found" });
    expect((await failure(getWrapAroundCheck({ db: t.db, actor: other.staff.buddy }, a.id))).code).toBe("NOT_FOUND");
    expect(await t.db.wrapAroundCheck.count({ where: { appointmentId: a.id } })).toBe(0);
  });
});
