import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NotifyClient } from "notifications-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { listReminderOutbox } from "@/lib/services/reminders/list-reminder-outbox";
import { rescheduleAppointment } from "@/lib/services/appointments/reschedule-appointment";
import { SENDING_TIMEOUT_MS, sendDueReminders, type SendDueRemindersOptions } from "@/lib/services/reminders/send-due-reminders";
import { MESSAGE_KEYS } from "@/lib/messages";
import { pseudoCatalogueFile, PSEUDO_LOCALE } from "@/lib/messages/pseudo";
import { getLanguageCoverage } from "@/lib/services/messages/get-language-coverage";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { appErrorOf } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { startNotifyStub, type NotifyStub } from "@/tests/helpers/notify-stub";

const SMS_TEMPLATE = "5e0c2c52-6a3f-4b6b-9d0e-2f1a3b4c5d6e";
const EMAIL_TEMPLATE = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

let t: TestDatabase;
let org: Organisation;
let reception: ServiceContext;
let stub: NotifyStub;
let seq = 200;
let dayIds: string[];

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  reception = { db: t.db, actor: org.staff.reception };
  const lead = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Reminder clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  ({ ids: dayIds } = await createClinicDays(reception, { templateId: template.id, firstDate: "2027-03-03", weeks: 3 }));
  stub = await startNotifyStub();
});

afterAll(async () => {
  await stub?.close();
});

async function patient(overrides: { consent?: boolean; email?: string | undefined; phone?: string | undefined; preferredLanguage?: string } = {}) {
  const input = demoPatientInput(seq++, org.practiceIds);
  return createPatient(reception, {
    ...input,
    preferredLanguage: overrides.preferredLanguage ?? input.preferredLanguage,
    consentToTextReminders: overrides.consent ?? true,
    consentToEmailReminders: overrides.consent ?? true,
    phone: "phone" in overrides ? overrides.phone : "07700 900123",
    email: "email" in overrides ? overrides.email : undefined,
  });
}

let slotCursor = 0;
async function nextSlot(dayIndex = 0) {
  const slots = await t.db.slot.findMany({
    where: { session: { clinicDayId: dayIds[dayIndex], kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  return slots[slotCursor++ % 3];
}

async function book(p: { id: string }, dayIndex = 0) {
  const slot = await nextSlot(dayIndex);
  const booked = await bookAppointment(reception, { slotId: slot.id, patientId: p.id }, { now: new Date("2027-02-01T10:00:00Z") });
  return { ...booked, startsAt: slot.startsAt };
}

function options(overrides: Partial<SendDueRemindersOptions> = {}): SendDueRemindersOptions {
  return {
    notify: new NotifyClient(stub.url, stub.apiKey),
    templates: { sms: SMS_TEMPLATE, email: EMAIL_TEMPLATE },
    hoursBefore: 24,
    maxAttempts: 3,
    ...overrides,
  };
}

/** Sends only this test's rows: earlier tests' rows are due at other times. */
const dueFor = (startsAt: Date) => new Date(startsAt.getTime() - 23 * 3_600_000);

describe("queueing reminders when booking", () => {
  it("queues an SMS, and an email when there is an address, for a patient consenting to both, due 24 hours before", async () => {
    const p = await patient({ email: "someone@example.com" });
    const booked = await book(p);
    const rows = await t.db.reminderOutbox.findMany({ where: { appointmentId: booked.id }, orderBy: { channel: "asc" } });
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ["SMS", "QUEUED"],
      ["EMAIL", "QUEUED"],
    ]);
    expect(rows[0].nextAttemptAt.getTime()).toBe(booked.startsAt.getTime() - 24 * 3_600_000);
  });

  it("queues nothing without consent", async () => {
    const p = await patient({ consent: false, email: "x@example.com" });
    const booked = await book(p);
    expect(await t.db.reminderOutbox.count({ where: { appointmentId: booked.id } })).toBe(0);
  });

  it("the database refuses a second reminder of the same kind on the same channel", async () => {
    const p = await patient();
    const booked = await book(p);
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id } });
    await expect(
      t.db.reminderOutbox.create({
        data: { appointmentId: booked.id, patientId: p.id, channel: row.channel, appointmentAt: row.appointmentAt, nextAttemptAt: row.nextAttemptAt },
      }),
    ).rejects.toThrow();
  });

  it("cancelling the appointment cancels its reminder; moving it moves the reminder to the new time", async () => {
    const a = await book(await patient());
    await cancelAppointment(reception, { appointmentId: a.id, reason: "Patient asked" });
    expect((await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: a.id } })).status).toBe("CANCELLED");

    const b = await book(await patient());
    const target = await nextSlot(1);
    await rescheduleAppointment(reception, { appointmentId: b.id, slotId: target.id }, { now: new Date("2027-02-01T10:00:00Z") });
    const moved = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: b.id } });
    expect(moved.status).toBe("QUEUED");
    expect(moved.appointmentAt).toEqual(target.startsAt);
    expect(moved.nextAttemptAt.getTime()).toBe(target.startsAt.getTime() - 24 * 3_600_000);
  });
});

describe("the reminder worker", () => {
  it("two workers at once send each due reminder exactly once, through the Notify client", async () => {
    const booked = [];
    for (let i = 0; i < 6; i++) booked.push(await book(await patient({ email: i % 2 ? "p@example.com" : undefined }), 2));
    const ids = (await t.db.reminderOutbox.findMany({ where: { appointmentId: { in: booked.map((b) => b.id) } } })).map((r) => r.id);
    expect(ids).toHaveLength(9);
    stub.setDelay(20);
    const before = stub.requests.length;
    const now = dueFor(booked[0].startsAt);
    const rounds = await Promise.all([
      sendDueReminders(t.db, options({ now, batchSize: 2 })),
      sendDueReminders(t.db, options({ now, batchSize: 2 })),
      sendDueReminders(t.db, options({ now, batchSize: 2 })).then(async (r) => [r, await sendDueReminders(t.db, options({ now }))]),
    ]);
    stub.setDelay(0);
    // Whatever the interleaving, every one of the nine went out and none twice.
    await sendDueReminders(t.db, options({ now }));
    // Earlier tests' reminders fall due in these rounds too: each at most once as well.
    const sentAll = stub.requests.slice(before).map((r) => r.body.reference!);
    expect(new Set(sentAll).size).toBe(sentAll.length);
    const sent = sentAll.filter((ref) => ids.includes(ref));
    expect(sent.sort()).toEqual([...ids].sort());
    expect(rounds).toHaveLength(3);
    const rows = await t.db.reminderOutbox.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "SENT" && r.notifyId && r.attempts === 1)).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "reminder.send", entityId: { in: booked.map((b) => b.id) } } })).toBe(9);

    // Another round sends none of them again.
    const total = stub.requests.length;
    await sendDueReminders(t.db, options({ now: new Date(now.getTime() + 3_600_000) }));
    expect(stub.requests.slice(total).filter((r) => ids.includes(r.body.reference!))).toEqual([]);
  });

  it("sends the template with personalisation that holds no clinical information", async () => {
    const p = await patient();
    const booked = await book(p, 1);
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id, channel: "SMS" } });
    await sendDueReminders(t.db, options({ now: dueFor(booked.startsAt) }));
    const request = stub.requests.find((r) => r.body.reference === row.id)!;
    expect(request.path).toBe("/v2/notifications/sms");
    expect(request.body.phone_number).toBe("+447700900123");
    expect(request.body.template_id).toBe(SMS_TEMPLATE);
    expect(Object.keys(request.body.personalisation!).sort()).toEqual(["contact", "date", "message", "name", "place", "subject", "time"]);
    expect(JSON.stringify(request.body.personalisation)).not.toMatch(/PHQ|Talking|therap|clinic|diabet|hypertens|GP appointment|score/i);
  });

  it("backs off after Notify's 500s and gives up after the last attempt", async () => {
    const booked = await book(await patient(), 1);
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id } });
    const now = dueFor(booked.startsAt);
    stub.failNext(100);
    const first = await sendDueReminders(t.db, options({ now }));
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    let current = await t.db.reminderOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(current).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(current.lastError).toContain("Notify answered 500");
    expect(current.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);

    // Not due again until the back-off has passed.
    await sendDueReminders(t.db, options({ now: new Date(now.getTime() + 30_000) }));
    expect((await t.db.reminderOutbox.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1);

    await sendDueReminders(t.db, options({ now: new Date(now.getTime() + 60_000) }));
    current = await t.db.reminderOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(current).toMatchObject({ status: "QUEUED", attempts: 2 });
    expect(current.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000 + 120_000);

    await sendDueReminders(t.db, options({ now: new Date(now.getTime() + 180_000) }));
    current = await t.db.reminderOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(current).toMatchObject({ status: "FAILED", attempts: 3 });
    stub.failNext(0);
  });

  it("a 400 from Notify fails at once, without retrying", async () => {
    const booked = await book(await patient(), 1);
    stub.failNext(1, 400);
    await sendDueReminders(t.db, options({ now: dueFor(booked.startsAt), batchSize: 1 }));
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
    stub.failNext(0);
  });

  it("never sends again a reminder claimed by a worker that stopped before recording it", async () => {
    const booked = await book(await patient(), 1);
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id } });
    const claimedAt = dueFor(booked.startsAt);
    // As a crashed worker leaves it: claimed, maybe sent, nothing recorded.
    await t.db.reminderOutbox.update({ where: { id: row.id }, data: { status: "SENDING", claimedAt, attempts: 1 } });
    const before = stub.requests.length;
    await sendDueReminders(t.db, options({ now: new Date(claimedAt.getTime() + 60_000) }));
    expect((await t.db.reminderOutbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SENDING");
    const later = await sendDueReminders(t.db, options({ now: new Date(claimedAt.getTime() + SENDING_TIMEOUT_MS + 1) }));
    expect(later.interrupted).toBeGreaterThanOrEqual(1);
    const after = await t.db.reminderOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("FAILED");
    expect(after.lastError).toContain("may or may not");
    expect(stub.requests.slice(before).some((r) => r.body.reference === row.id)).toBe(false);
  });

  it("cancels instead of sending when consent was withdrawn after booking", async () => {
    const p = await patient();
    const booked = await book(p, 1);
    await t.db.patient.update({ where: { id: p.id }, data: { consentToTextReminders: false } });
    const before = stub.requests.length;
    await sendDueReminders(t.db, options({ now: dueFor(booked.startsAt) }));
    const row = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: booked.id } });
    expect(row.status).toBe("CANCELLED");
    expect(stub.requests.slice(before).some((r) => r.body.reference === row.id)).toBe(false);
  });
});

describe("the outbox page's data", () => {
  it("shows the clinic lead every state, and refuses reception", async () => {
    const view = await listReminderOutbox({ db: t.db, actor: org.staff.lead }, {}, { now: new Date("2027-03-01T00:00:00Z") });
    expect(view.counts.SENT).toBeGreaterThanOrEqual(9);
    expect(view.counts.FAILED).toBeGreaterThanOrEqual(2);
    expect(view.rows[0]).toHaveProperty("patientName");
    expect((await appErrorOf(listReminderOutbox(reception, {}))).code).toBe("FORBIDDEN");
  });
});

describe("a reminder in the patient's language", () => {
  // The pseudo-locale stands in for a service's translation: a catalogue file the test writes, read by the worker.
  const folders: string[] = [];
  afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));
  function catalogueFolder(file: Record<string, string>): string {
    const folder = mkdtempSync(path.join(tmpdir(), "catalogues-"));
    writeFileSync(path.join(folder, `${PSEUDO_LOCALE}.json`), JSON.stringify(file));
    folders.push(folder);
    return folder;
  }

  it("is written in the catalogue's wording for the language on the patient's record, with English for a message the catalogue lacks", async () => {
    const full = catalogueFolder(pseudoCatalogueFile());
    const lacking = catalogueFolder(pseudoCatalogueFile(["reminder.text"]));
    const inPseudo = await book(await patient({ preferredLanguage: PSEUDO_LOCALE }), 2);
    const inEnglish = await book(await patient({ preferredLanguage: PSEUDO_LOCALE }), 2);
    const [first, second] = await Promise.all(
      [inPseudo, inEnglish].map((b) => t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId: b.id, channel: "SMS" } })),
    );

    // Both are due at once: one round per catalogue folder, each sending its own row only (the other is not yet due).
    await t.db.reminderOutbox.update({ where: { id: second.id }, data: { nextAttemptAt: new Date("2099-01-01T00:00:00Z") } });
    await sendDueReminders(t.db, options({ now: dueFor(inPseudo.startsAt), catalogueDir: full }));
    await t.db.reminderOutbox.update({ where: { id: second.id }, data: { nextAttemptAt: second.nextAttemptAt } });
    await sendDueReminders(t.db, options({ now: dueFor(inEnglish.startsAt), catalogueDir: lacking }));

    const sent = (id: string) => stub.requests.find((r) => r.body.reference === id)!.body.personalisation!;
    expect(sent(first.id).message).toMatch(/^⟦Ĥéļļö .+, ţĥîš îš å ŕéɱîñđéŕ öƒ ýöûŕ åþþöîñţɱéñţ öñ .+⟧$/);
    expect(sent(first.id).subject).toMatch(/^⟦Ýöûŕ åþþöîñţɱéñţ öñ .+⟧$/);
    expect(sent(second.id).message).toMatch(
      /^Hello .+, this is a reminder of your appointment on .+\. To change or cancel it, contact your GP practice\.$/,
    );
    expect(sent(second.id).subject).toMatch(/^⟦Ýöûŕ/);
    for (const id of [first.id, second.id]) expect(JSON.stringify(sent(id))).not.toMatch(/reminder\.(text|subject)/);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "reminder.send", entityId: inPseudo.id } });
    expect(audit.details).toMatchObject({ locale: PSEUDO_LOCALE });
  });

  it("tells the clinic lead, on the outbox, which reminders are in English and why", async () => {
    const lacking = catalogueFolder(pseudoCatalogueFile(["reminder.text"]));
    const inPseudo = await book(await patient({ preferredLanguage: PSEUDO_LOCALE }), 2);
    const polish = await book(await patient({ preferredLanguage: "Polish" }), 2);
    const before = process.env.MESSAGE_CATALOGUE_DIR;
    process.env.MESSAGE_CATALOGUE_DIR = lacking;
    try {
      const view = await listReminderOutbox({ db: t.db, actor: org.staff.lead }, { status: "QUEUED" });
      const row = async (appointmentId: string) => {
        const { id } = await t.db.reminderOutbox.findFirstOrThrow({ where: { appointmentId, channel: "SMS" } });
        return view.rows.find((r) => r.id === id)!;
      };
      expect(await row(inPseudo.id)).toMatchObject({
        language: PSEUDO_LOCALE,
        locale: PSEUDO_LOCALE,
        languageNotes: [`Shown in English: no ${PSEUDO_LOCALE} translation for the appointment reminder (text message and email body).`],
      });
      expect((await row(inPseudo.id)).preview).toMatch(/^Hello /);
      expect(await row(polish.id)).toMatchObject({
        language: "Polish",
        locale: "en-GB",
        languageNotes: ["Shown in English: there is no Polish catalogue."],
      });
    } finally {
      if (before === undefined) delete process.env.MESSAGE_CATALOGUE_DIR;
      else process.env.MESSAGE_CATALOGUE_DIR = before;
    }
  });

  it("shows the clinic lead each catalogue's coverage and problems, and what the PCN's patients receive; no one else", async () => {
    const folder = catalogueFolder(pseudoCatalogueFile(["reminder.text", "easyRead.title"]));
    writeFileSync(path.join(folder, "pl.json"), '{"carePlan.title": "Plan {"}', "utf8");
    writeFileSync(path.join(folder, "ur.json"), "not json", "utf8");
    await patient({ preferredLanguage: "Polish" });
    const before = process.env.MESSAGE_CATALOGUE_DIR;
    process.env.MESSAGE_CATALOGUE_DIR = folder;
    try {
      await expect(getLanguageCoverage(reception)).rejects.toMatchObject({ code: "FORBIDDEN" });
      const view = await getLanguageCoverage({ db: t.db, actor: org.staff.lead });
      expect(view).toMatchObject({ exists: true, total: MESSAGE_KEYS.length });
      expect(view.catalogues.map((c) => [c.file, c.present, c.missing.length, c.problems.length])).toEqual([
        [`${PSEUDO_LOCALE}.json`, MESSAGE_KEYS.length - 2, 2, 0],
        ["pl.json", 0, MESSAGE_KEYS.length, 1],
        ["ur.json", 0, MESSAGE_KEYS.length, 1],
      ]);
      expect(view.catalogues[1].problems[0]).toMatch(/^carePlan.title: not valid ICU MessageFormat/);
      expect(view.catalogues[2].problems[0]).toMatch(/^not valid JSON/);
      const polish = view.patients.find((p) => p.language === "Polish")!;
      expect(polish.choice).toMatchObject({ kind: "no-catalogue", wanted: "pl" });
      expect(view.patients.find((p) => p.language === PSEUDO_LOCALE)!.choice).toMatchObject({ kind: "catalogue", locale: PSEUDO_LOCALE });
      expect(view.patients.reduce((n, p) => n + p.patients, 0)).toBe(
        await t.db.patient.count({ where: { practice: { pcnId: org.staff.lead.pcnId } } }),
      );
    } finally {
      if (before === undefined) delete process.env.MESSAGE_CATALOGUE_DIR;
      else process.env.MESSAGE_CATALOGUE_DIR = before;
    }
  });
});
