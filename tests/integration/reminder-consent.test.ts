/**
 * Consent per reminder channel (hazard H21): a text only with consent to text
 * message reminders and a phone number, an email only with consent to email
 * reminders and an address; a withdrawn consent stops that channel's queued
 * reminders at once and is checked again when the worker sends.
 */
import { NotifyClient } from "notifications-node-client";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATIENT_IMPORT_COLUMNS } from "@/lib/patient-import";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { getPatientRecord } from "@/lib/services/patients/get-patient-record";
import { importPatientBatch } from "@/lib/services/patients/import-patient-batch";
import { previewPatientImport } from "@/lib/services/patients/preview-patient-import";
import { rescheduleAppointment } from "@/lib/services/appointments/reschedule-appointment";
import { sendDueReminders, type SendDueRemindersOptions } from "@/lib/services/reminders/send-due-reminders";
import { updatePatient } from "@/lib/services/patients/update-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { startNotifyStub, type NotifyStub } from "@/tests/helpers/notify-stub";

const SMS_TEMPLATE = "5e0c2c52-6a3f-4b6b-9d0e-2f1a3b4c5d6e";
const EMAIL_TEMPLATE = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const BOOKED_AT = new Date("2027-02-01T10:00:00Z");

let t: TestDatabase;
let org: Organisation;
let reception: ServiceContext;
let stub: NotifyStub;
let dayIds: string[];
let seq = 700;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  reception = { db: t.db, actor: org.staff.reception };
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Consent clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  ({ ids: dayIds } = await createClinicDays(reception, { templateId: template.id, firstDate: "2027-03-03", weeks: 3 }));
  stub = await startNotifyStub();
});

afterAll(async () => {
  await stub?.close();
});

type Consents = { text: boolean; email: boolean; phone?: string | null; address?: string | null };

/** Registers a patient through the register's own service, with the consents and contact details given. */
async function register({ text, email, phone = "07700 900123", address = "patient@example.com" }: Consents) {
  const input = {
    ...demoPatientInput(seq++, org.practiceIds),
    phone: phone ?? "",
    email: address ?? "",
    consentToTextReminders: text,
    consentToEmailReminders: email,
  };
  const patient = await createPatient(reception, input);
  return { ...patient, input };
}

async function book(patientId: string, dayIndex = 0) {
  const slot = await t.db.slot.findFirstOrThrow({
    where: { session: { clinicDayId: dayIds[dayIndex], kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const booked = await bookAppointment(reception, { slotId: slot.id, patientId }, { now: BOOKED_AT });
  return { ...booked, startsAt: slot.startsAt };
}

const channelsOf = async (appointmentId: string, status?: "QUEUED" | "CANCELLED" | "SENT") =>
  (await t.db.reminderOutbox.findMany({ where: { appointmentId, ...(status ? { status } : {}) }, orderBy: { channel: "asc" } })).map(
    (r) => r.channel,
  );

function options(now: Date): SendDueRemindersOptions {
  return {
    notify: new NotifyClient(stub.url, stub.apiKey),
    templates: { sms: SMS_TEMPLATE, email: EMAIL_TEMPLATE },
    hoursBefore: 24,
    maxAttempts: 3,
    now,
  };
}

/** Due for this test's appointment (23 hours before it), and sent only to the Notify stub. */
const dueFor = (startsAt: Date) => new Date(startsAt.getTime() - 23 * 3_600_000);

describe("booking queues reminders on the channels the patient agreed to", () => {
  it.each([
    ["text only", { text: true, email: false }, ["SMS"]],
    ["email only", { text: false, email: true }, ["EMAIL"]],
    ["both", { text: true, email: true }, ["SMS", "EMAIL"]],
    ["neither", { text: false, email: false }, []],
    ["both, but no phone number", { text: true, email: true, phone: null }, ["EMAIL"]],
    ["both, but no email address", { text: true, email: true, address: null }, ["SMS"]],
    ["email only, without an address", { text: false, email: true, address: null }, []],
  ] as const)("%s", async (_name, consents, expected) => {
    const patient = await register(consents);
    const stored = await t.db.patient.findUniqueOrThrow({ where: { id: patient.id } });
    expect({ text: stored.consentToTextReminders, email: stored.consentToEmailReminders }).toEqual({ text: consents.text, email: consents.email });
    const registered = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.create", patientId: patient.id } });
    const said = (agreed: boolean) => (agreed ? "given" : "not given");
    expect(registered.details).toEqual({ consent: { text: said(consents.text), email: said(consents.email) } });
    const booked = await book(patient.id);
    expect(await channelsOf(booked.id, "QUEUED")).toEqual(expected);
  });

  it("the worker sends exactly the channels agreed to", async () => {
    const textOnly = await book((await register({ text: true, email: false })).id, 1);
    const emailOnly = await book((await register({ text: false, email: true })).id, 1);
    const before = stub.requests.length;
    const later = textOnly.startsAt > emailOnly.startsAt ? textOnly.startsAt : emailOnly.startsAt;
    await sendDueReminders(t.db, options(dueFor(later)));
    const sent = stub.requests.slice(before);
    const rows = await t.db.reminderOutbox.findMany({ where: { appointmentId: { in: [textOnly.id, emailOnly.id] } } });
    const pathFor = (appointmentId: string) =>
      rows.filter((r) => r.appointmentId === appointmentId).map((r) => sent.find((s) => s.body.reference === r.id)?.path);
    expect(pathFor(textOnly.id)).toEqual(["/v2/notifications/sms"]);
    expect(pathFor(emailOnly.id)).toEqual(["/v2/notifications/email"]);
  });
});

describe("withdrawing a consent", () => {
  it("cancels that channel's queued reminders when the record is changed, audits it, and no email goes", async () => {
    const patient = await register({ text: true, email: true });
    const booked = await book(patient.id, 2);
    expect(await channelsOf(booked.id, "QUEUED")).toEqual(["SMS", "EMAIL"]);

    const result = await updatePatient(reception, {
      ...patient.input,
      id: patient.id,
      consentToTextReminders: true,
      consentToEmailReminders: false,
      email: "patient@example.com",
    });
    expect(result.changed).toEqual(["consentToEmailReminders"]);
    const email = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id, channel: "EMAIL" } });
    expect(email).toMatchObject({ status: "CANCELLED", lastError: "The patient has not agreed to email reminders" });
    expect(await channelsOf(booked.id, "QUEUED")).toEqual(["SMS"]);

    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.update", patientId: patient.id }, orderBy: { id: "desc" } });
    expect(event.details).toEqual({ changed: ["consentToEmailReminders"], consent: { email: "withdrawn" }, remindersCancelled: { EMAIL: 1 } });

    const before = stub.requests.length;
    await sendDueReminders(t.db, options(dueFor(booked.startsAt)));
    const sms = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id, channel: "SMS" } });
    expect(sms.status).toBe("SENT");
    expect(
      stub.requests
        .slice(before)
        .filter((r) => r.body.reference === sms.id)
        .map((r) => r.path),
    ).toEqual(["/v2/notifications/sms"]);
    expect(stub.requests.slice(before).some((r) => r.body.reference === email.id)).toBe(false);
  });

  it("giving a consent back is audited as given, and moving the appointment does not revive a withdrawn channel", async () => {
    const patient = await register({ text: true, email: true });
    const booked = await book(patient.id, 0);
    await updatePatient(reception, {
      ...patient.input,
      id: patient.id,
      consentToTextReminders: false,
      consentToEmailReminders: true,
      email: "patient@example.com",
    });
    expect((await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id, channel: "SMS" } })).lastError).toBe(
      "The patient has not agreed to text message reminders",
    );

    const target = await t.db.slot.findFirstOrThrow({
      where: { session: { clinicDayId: dayIds[1], kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
      orderBy: [{ startsAt: "desc" }],
    });
    await rescheduleAppointment(reception, { appointmentId: booked.id, slotId: target.id }, { now: BOOKED_AT });
    const rows = await t.db.reminderOutbox.findMany({ where: { appointmentId: booked.id }, orderBy: { channel: "asc" } });
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ["SMS", "CANCELLED"],
      ["EMAIL", "QUEUED"],
    ]);
    expect(rows[1].appointmentAt).toEqual(target.startsAt);

    await updatePatient(reception, {
      ...patient.input,
      id: patient.id,
      consentToTextReminders: true,
      consentToEmailReminders: true,
      email: "patient@example.com",
    });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "patient.update", patientId: patient.id }, orderBy: { id: "desc" } });
    expect(event.details).toEqual({ changed: ["consentToTextReminders"], consent: { text: "given" } });
  });

  it("removing the email address stops queued emails the same way", async () => {
    const patient = await register({ text: false, email: true });
    const booked = await book(patient.id, 1);
    await updatePatient(reception, { ...patient.input, id: patient.id, consentToTextReminders: false, consentToEmailReminders: true, email: "" });
    expect(await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id } })).toMatchObject({
      status: "CANCELLED",
      lastError: "No email address on the patient's record",
    });
  });

  it("the worker checks the channel's consent again when it sends, whatever changed the record", async () => {
    const patient = await register({ text: true, email: true });
    const booked = await book(patient.id, 2);
    // Changed behind the service's back (another system, a hand-made fix): the worker still honours it.
    await t.db.patient.update({ where: { id: patient.id }, data: { consentToEmailReminders: false } });
    const before = stub.requests.length;
    const round = await sendDueReminders(t.db, options(dueFor(booked.startsAt)));
    expect(round.cancelled).toBeGreaterThanOrEqual(1);
    const rows = await t.db.reminderOutbox.findMany({ where: { appointmentId: booked.id }, orderBy: { channel: "asc" } });
    expect(rows.map((r) => [r.channel, r.status, r.lastError])).toEqual([
      ["SMS", "SENT", null],
      ["EMAIL", "CANCELLED", "The patient has not agreed to email reminders"],
    ]);
    expect(stub.requests.slice(before).some((r) => r.body.reference === rows[1].id)).toBe(false);
  });
});

describe("consent shown and imported", () => {
  it("the patient's record carries both consents", async () => {
    const patient = await register({ text: false, email: true });
    const record = await getPatientRecord(reception, { id: patient.id });
    expect(record).toMatchObject({ consentToTextReminders: false, consentToEmailReminders: true });
  });

  it("an imported list sets each consent from its own column; without the columns, neither is given", async () => {
    const fields = [...PATIENT_IMPORT_COLUMNS];
    expect(fields).toEqual(expect.arrayContaining(["consent_to_text_reminders", "consent_to_email_reminders"]));
    const base = {
      given_name: "Imported",
      family_name: "Consent",
      date_of_birth: "1950-01-01",
      practice_ods_code: "Y99901",
      phone: "07700 900123",
      email: "imported@example.com",
    };
    const numbers = [800, 801, 802, 803].map((n) => demoPatientInput(n, org.practiceIds).nhsNumber as string);
    const rows = [
      { ...base, nhs_number: numbers[0], consent_to_text_reminders: "yes", consent_to_email_reminders: "no" },
      { ...base, nhs_number: numbers[1], consent_to_text_reminders: "", consent_to_email_reminders: "Yes" },
      { ...base, nhs_number: numbers[2], consent_to_text_reminders: "y", consent_to_email_reminders: "true" },
      { ...base, nhs_number: numbers[3], consent_to_text_reminders: "perhaps", consent_to_email_reminders: "" },
    ];
    const text = Papa.unparse({ fields, data: rows });
    const preview = await previewPatientImport(reception, { fileName: "consent.csv", size: Buffer.byteLength(text), text });
    expect(preview.problems.map((p) => p.message)).toEqual(["Row 5: consent to text reminders “perhaps” should be yes or no"]);
    await importPatientBatch(reception, { importId: preview.importId, start: 0, rows: preview.rows });
    const stored = await t.db.patient.findMany({ where: { nhsNumber: { in: numbers } }, orderBy: { nhsNumber: "asc" } });
    expect(stored.map((p) => [p.nhsNumber, p.consentToTextReminders, p.consentToEmailReminders])).toEqual([
      [numbers[0], true, false],
      [numbers[1], false, true],
      [numbers[2], true, true],
    ]);

    // A list without the consent columns (the format before them) imports with neither consent.
    const old =
      "nhs_number,given_name,family_name,date_of_birth,practice_ods_code,email\n" +
      `${demoPatientInput(804, org.practiceIds).nhsNumber},Old,Format,1950-01-01,Y99902,old@example.com\n`;
    const oldPreview = await previewPatientImport(reception, { fileName: "old.csv", size: Buffer.byteLength(old), text: old });
    expect(oldPreview.problems).toEqual([]);
    await importPatientBatch(reception, { importId: oldPreview.importId, start: 0, rows: oldPreview.rows });
    expect(await t.db.patient.findUniqueOrThrow({ where: { nhsNumber: demoPatientInput(804, org.practiceIds).nhsNumber as string } })).toMatchObject({
      consentToTextReminders: false,
      consentToEmailReminders: false,
    });
  });
});
