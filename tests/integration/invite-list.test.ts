/**
 * The register's invitation list (issue 16): who is listed is the law: patients of the actor's PCN, eligible for
 * the clinic day (two or more long-term conditions), with no morning appointment booked, arrived or seen on a
 * clinic day from today on. Sending the list queues messages only on the channels each patient agreed to.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SEEN_OR_WAITING_STATUSES } from "@/lib/appointments/statuses";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import { isEligibleForClinicDay } from "@/lib/patients/eligibility";
import { reminderChannels } from "@/lib/reminders";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { cancelAppointment } from "@/lib/services/appointments/cancel-appointment";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { getInvitationSummary } from "@/lib/services/patient-links/get-invitation-summary";
import { invitePatients } from "@/lib/services/patient-links/invite-patients";
import { listInvitablePatients } from "@/lib/services/patient-links/list-invitable-patients";
import { createPatient } from "@/lib/services/patients/create-patient";
import type { ServiceContext } from "@/lib/db/context";
import { MAX_INVITATIONS_AT_ONCE } from "@/lib/validation/patient-links";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let other: Organisation;
let reception: ServiceContext;
let otherReception: ServiceContext;
let days: { past: string; next: string };
let pastDate: string;
let seq = 0;

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

type PatientOverrides = Partial<ReturnType<typeof demoPatientInput>>;

async function newPatient(ctx: ServiceContext, practiceIds: readonly string[], overrides: PatientOverrides = {}): Promise<string> {
  const input = { ...demoPatientInput(seq, practiceIds), longTermConditions: ["DIABETES", "COPD"] as const, ...overrides };
  seq += 1;
  return (await createPatient(ctx, input)).id;
}
const ours = (overrides: PatientOverrides = {}) => newPatient(reception, org.practiceIds, overrides);

async function freeMorningSlot(clinicDayId: string) {
  return t.db.slot.findFirstOrThrow({
    where: { session: { clinicDayId, kind: "WRAP_AROUND" }, appointments: { none: { activeSlotId: { not: null } } } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
}

const listIds = async (ctx: ServiceContext, input: Record<string, unknown> = {}, now?: Date) =>
  (await listInvitablePatients(ctx, input, now ? { now } : {})).patients.map((p) => p.id);

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  other = await createOrganisation(t.db, { suffix: "-inv", name: "Hillside Primary Care Network" });
  reception = { db: t.db, actor: org.staff.reception };
  otherReception = { db: t.db, actor: other.staff.reception };
  const lead: ServiceContext = { db: t.db, actor: org.staff.lead };
  const clinic = await createClinic(lead, { name: "Invite clinic", siteId: org.siteId });
  const template = await createClinicTemplate(lead, { clinicId: clinic.id, name: "Standard", sessions: standardTemplateSessions(org) });
  pastDate = addDays(londonToday(), -28);
  const past = await createClinicDays(reception, { templateId: template.id, firstDate: pastDate, weeks: 1 });
  const next = await createClinicDays(reception, { templateId: template.id, firstDate: addDays(londonToday(), 7), weeks: 1 });
  days = { past: past.ids[0], next: next.ids[0] };
}, 60_000);

describe("the invitation list", () => {
  it("lists eligible patients of the PCN with no morning appointment from today on, and never a booked, ineligible or other PCN's one", async () => {
    const free = await ours();
    const three = await ours({ longTermConditions: ["DIABETES", "COPD", "ASTHMA"] });
    const booked = await ours();
    await bookAppointment(reception, { slotId: (await freeMorningSlot(days.next)).id, patientId: booked });
    const cancelled = await ours();
    const gone = await bookAppointment(reception, { slotId: (await freeMorningSlot(days.next)).id, patientId: cancelled });
    await cancelAppointment(reception, { appointmentId: gone.id, reason: "Patient asked" });
    const bookedLastMonth = await ours();
    const pastSlot = await freeMorningSlot(days.past);
    await bookAppointment(
      reception,
      { slotId: pastSlot.id, patientId: bookedLastMonth },
      { now: londonWallTimeToInstant(addDays(pastDate, -3), "10:00") },
    );
    const oneCondition = await ours({ longTermConditions: ["DIABETES"] });
    const noCondition = await ours({ longTermConditions: [] });
    const elsewhere = await newPatient(otherReception, other.practiceIds);

    const listed = await listIds(reception);
    expect(listed).toEqual(expect.arrayContaining([free, three, cancelled, bookedLastMonth]));
    for (const never of [booked, oneCondition, noCondition, elsewhere]) expect(listed).not.toContain(never);
    // The other PCN's list has their own patient and none of ours.
    expect(await listIds(otherReception)).toEqual([elsewhere]);

    // "From today on" is the clock's today: a month ago, last month's booking was still to come.
    const aMonthAgo = londonWallTimeToInstant(addDays(pastDate, -3), "10:00");
    const thenListed = await listIds(reception, {}, aMonthAgo);
    expect(thenListed).not.toContain(bookedLastMonth);
    expect(thenListed).not.toContain(booked);
    expect(thenListed).toContain(free);
  });

  it("obeys its law for every patient it lists: of the PCN, eligible, and holding no morning appointment from today on", async () => {
    const listed = await listIds(reception, { leaveOut: "none" });
    expect(listed.length).toBeGreaterThan(0);
    const rows = await t.db.patient.findMany({
      where: { id: { in: listed } },
      select: {
        longTermConditions: true,
        practice: { select: { pcnId: true } },
        appointments: { select: { kind: true, status: true, clinicDay: { select: { date: true } } } },
      },
    });
    expect(rows).toHaveLength(listed.length);
    const today = londonToday();
    for (const row of rows) {
      expect(row.practice.pcnId).toBe(org.staff.reception.pcnId);
      expect(isEligibleForClinicDay(row.longTermConditions)).toBe(true);
      const holding = row.appointments.filter(
        (a) => a.kind === "WRAP_AROUND" && SEEN_OR_WAITING_STATUSES.includes(a.status) && a.clinicDay.date.toISOString().slice(0, 10) >= today,
      );
      expect(holding).toEqual([]);
    }
    // And nobody eligible and free is missed: the same law over the whole register gives the same set.
    const everyone = await t.db.patient.findMany({
      where: { practice: { pcnId: org.staff.reception.pcnId } },
      select: { id: true, longTermConditions: true, appointments: { select: { kind: true, status: true, clinicDay: { select: { date: true } } } } },
    });
    const expected = everyone
      .filter(
        (p) =>
          isEligibleForClinicDay(p.longTermConditions) &&
          !p.appointments.some(
            (a) => a.kind === "WRAP_AROUND" && SEEN_OR_WAITING_STATUSES.includes(a.status) && a.clinicDay.date.toISOString().slice(0, 10) >= today,
          ),
      )
      .map((p) => p.id);
    expect([...listed].sort()).toEqual(expected.sort());
  });

  it("narrows to one practice of the PCN, and refuses what is not a practice", async () => {
    const atSecond = await ours({ practiceId: org.practiceIds[1] });
    const result = await listInvitablePatients(reception, { practiceId: org.practiceIds[1] });
    expect(result.patients.map((p) => p.id)).toContain(atSecond);
    expect(new Set(result.patients.map((p) => p.practiceName))).toEqual(new Set(["Canal Street Medical Centre"]));
    // Another PCN's practice lists nobody.
    expect(await listIds(reception, { practiceId: other.practiceIds[0] })).toEqual([]);
    await expectAppError(listInvitablePatients(reception, { practiceId: "not-a-practice" }), "VALIDATION");
  });

  it("leaves out patients with a working link by default, those sent one recently when asked, and nobody when asked", async () => {
    const patient = await ours({ phone: "07700 900301", consentToTextReminders: true });
    await invitePatients(reception, { patientIds: [patient] });
    expect(await listIds(reception)).not.toContain(patient);
    expect(await listIds(reception, { leaveOut: "recently", withinDays: 14 })).not.toContain(patient);
    const all = await listInvitablePatients(reception, { leaveOut: "none" });
    const row = all.patients.find((p) => p.id === patient)!;
    expect(row.openLink).toBe(true);
    expect(row.lastInvitedAt).not.toBeNull();

    // The link is cancelled (say, the patient asked): no working link, but sent one within the last 14 days.
    await t.db.patientLink.updateMany({ where: { patientId: patient }, data: { cancelledAt: new Date() } });
    expect(await listIds(reception)).toContain(patient);
    expect(await listIds(reception, { leaveOut: "recently", withinDays: 14 })).not.toContain(patient);
    // Two weeks on, it was no longer recent.
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect(await listIds(reception, { leaveOut: "recently", withinDays: 14 }, later)).toContain(patient);
  });

  it("says how each patient can be reached, on each channel's own consent, and counts the list's reach", async () => {
    const both = await ours({ phone: "07700 900311", email: "b@example.com", consentToTextReminders: true, consentToEmailReminders: true });
    const none = await ours({ phone: "07700 900312", email: "n@example.com", consentToTextReminders: false, consentToEmailReminders: false });
    const noPhone = await ours({ phone: undefined, email: undefined, consentToTextReminders: true, consentToEmailReminders: false });
    const list = await listInvitablePatients(reception, {});
    const byId = new Map(list.patients.map((p) => [p.id, p]));
    expect(byId.get(both)!.channels).toEqual(["SMS", "EMAIL"]);
    expect(byId.get(none)!.channels).toEqual([]);
    expect(byId.get(none)!.refused).toEqual([
      "The patient has not agreed to text message reminders",
      "The patient has not agreed to email reminders",
    ]);
    expect(byId.get(noPhone)!.channels).toEqual([]);
    expect(byId.get(noPhone)!.refused).toContain("No phone number on the patient's record");
    expect(list.reach).toEqual({
      sms: list.patients.filter((p) => p.channels.includes("SMS")).length,
      email: list.patients.filter((p) => p.channels.includes("EMAIL")).length,
      unreachable: list.patients.filter((p) => p.channels.length === 0).length,
    });
  });

  it("sent as listed, queues invitations only on consented channels, and the summary counts them and names who could not be reached", async () => {
    const practiceId = org.practiceIds[2];
    const at = (overrides: PatientOverrides) => ours({ practiceId, ...overrides });
    await at({ phone: "07700 900321", email: "x@example.com", consentToTextReminders: true, consentToEmailReminders: true });
    await at({ phone: "07700 900322", email: "y@example.com", consentToTextReminders: true, consentToEmailReminders: false });
    await at({ phone: undefined, email: "z@example.com", consentToTextReminders: false, consentToEmailReminders: true });
    await at({ phone: "07700 900324", email: undefined, consentToTextReminders: false, consentToEmailReminders: false });
    const list = await listInvitablePatients(reception, { practiceId });
    const ids = list.patients.map((p) => p.id);
    expect(list.reach.unreachable).toBeGreaterThan(0);

    const { invitations, sentAt } = await invitePatients(reception, { patientIds: ids });
    expect(invitations).toHaveLength(ids.length);
    const facts = await t.db.patient.findMany({
      where: { id: { in: ids } },
      select: { id: true, consentToTextReminders: true, consentToEmailReminders: true, phone: true, email: true },
    });
    const rows = await t.db.reminderOutbox.findMany({ where: { patientId: { in: ids }, kind: "INVITATION", status: "QUEUED" } });
    for (const patient of facts) {
      const queued = rows
        .filter((r) => r.patientId === patient.id)
        .map((r) => r.channel)
        .sort();
      expect(queued).toEqual([...reminderChannels(patient)].sort());
      if (queued.includes("SMS")) expect(patient.consentToTextReminders && patient.phone).toBeTruthy();
      if (queued.includes("EMAIL")) expect(patient.consentToEmailReminders && patient.email).toBeTruthy();
    }

    const summary = await getInvitationSummary(reception, { sentAt });
    expect(summary.invited).toBe(ids.length);
    expect(summary.queued).toEqual({ sms: list.reach.sms, email: list.reach.email });
    expect(summary.unreached.map((u) => u.id).sort()).toEqual(
      list.patients
        .filter((p) => p.channels.length === 0)
        .map((p) => p.id)
        .sort(),
    );
    expect(summary.unreached.every((u) => u.reasons.length === 2)).toBe(true);
    // Only the sender's own sending is found.
    expect((await getInvitationSummary({ db: t.db, actor: org.staff.lead }, { sentAt })).invited).toBe(0);
    expect((await getInvitationSummary(otherReception, { sentAt })).invited).toBe(0);
    // Those sent a link drop off the default list.
    expect(await listIds(reception, { practiceId })).toEqual([]);
  });

  it("lists at most as many as one sending may invite, and says how many match", async () => {
    const crowd = await createOrganisation(t.db, { suffix: "-crowd", name: "Crowded Primary Care Network" });
    await t.db.patient.createMany({
      data: Array.from({ length: MAX_INVITATIONS_AT_ONCE + 5 }, (_, i) => ({
        nhsNumber: generateTestNhsNumber(5000 + i),
        givenName: "Pat",
        familyName: `Crowd${String(i).padStart(3, "0")}`,
        dateOfBirth: new Date("1950-01-01T00:00:00Z"),
        sex: "FEMALE" as const,
        longTermConditions: ["DIABETES" as const, "COPD" as const],
        practiceId: crowd.practiceIds[i % 3],
      })),
    });
    const list = await listInvitablePatients({ db: t.db, actor: crowd.staff.reception }, {});
    expect(list.patients).toHaveLength(MAX_INVITATIONS_AT_ONCE);
    expect(list.total).toBe(MAX_INVITATIONS_AT_ONCE + 5);
    expect(list.patients[0].familyName).toBe("Crowd000");
  });

  it("is refused without the permission, and every patient listed is audited", async () => {
    await expectAppError(listInvitablePatients({ db: t.db, actor: org.staff.buddy }, {}), "FORBIDDEN");
    await expectAppError(getInvitationSummary({ db: t.db, actor: org.staff.gp }, { sentAt: new Date().toISOString() }), "FORBIDDEN");
    const before = new Date();
    const list = await listInvitablePatients(reception, { leaveOut: "none" });
    const events = await t.db.auditEvent.findMany({ where: { action: "patient.invite-list", actorId: org.staff.reception.id, at: { gte: before } } });
    expect(events.map((e) => e.patientId).sort()).toEqual(list.patients.map((p) => p.id).sort());
  });
});
