import { beforeAll, describe, expect, it } from "vitest";
import { instantToLondonTime } from "@/lib/schedule";
import { cancelClinicDay } from "@/lib/services/clinic-days/cancel-clinic-day";
import { changeSessionTimes } from "@/lib/services/clinic-days/change-session-times";
import { getClinicDayManagement } from "@/lib/services/clinic-days/get-clinic-day-management";
import type { ServiceContext } from "@/lib/db/context";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { previewClinicDays } from "@/lib/services/clinic-days/preview-clinic-days";
import { swapRosteredStaff } from "@/lib/services/clinic-days/swap-rostered-staff";
import { updateClinic } from "@/lib/services/clinics/update-clinic";
import { updateClinicTemplate } from "@/lib/services/clinics/update-clinic-template";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";
import { expectAppError } from "@/tests/helpers/errors";

let t: TestDatabase;
let org: Organisation;
let lead: ServiceContext;
let reception: ServiceContext;
let clinicId: string;
let templateId: string;
let patientSeq = 100;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  lead = { db: t.db, actor: org.staff.lead };
  reception = { db: t.db, actor: org.staff.reception };
  clinicId = (await createClinic(lead, { name: "Riverside clinic", siteId: org.siteId })).id;
  templateId = (await createClinicTemplate(lead, { clinicId, name: "Standard", sessions: standardTemplateSessions(org) })).id;
});

async function oneDay(date: string, template = templateId): Promise<string> {
  return (await createClinicDays(reception, { templateId: template, firstDate: date, weeks: 1 })).ids[0];
}

/** Books patients straight into the morning slots (the booking service is written elsewhere). */
async function book(
  clinicDayId: string,
  slotIndexes: number[],
  patientIds?: string[],
): Promise<Array<{ id: string; patientId: string; slotId: string }>> {
  const slots = await t.db.slot.findMany({
    where: { session: { clinicDayId, kind: "WRAP_AROUND" } },
    orderBy: [{ startsAt: "asc" }, { column: "asc" }],
  });
  const made = [];
  for (const [i, index] of slotIndexes.entries()) {
    const patientId = patientIds?.[i] ?? (await createPatient(reception, demoPatientInput(patientSeq++, org.practiceIds))).id;
    const slot = slots[index];
    const a = await t.db.appointment.create({
      data: {
        patientId,
        clinicDayId,
        slotId: slot.id,
        kind: "WRAP_AROUND",
        status: "BOOKED",
        activeSlotId: slot.id,
        activeMorningDayId: clinicDayId,
      },
    });
    made.push({ id: a.id, patientId, slotId: slot.id });
  }
  return made;
}

describe("templates", () => {
  it("refuses someone without the session's role, naming them, and stores nothing", async () => {
    const sessions = standardTemplateSessions(org).map((s) => ({ ...s, staffIds: [...s.staffIds] }));
    sessions[2].staffIds = [org.staff.buddy.id];
    const error = await expectAppError(createClinicTemplate(lead, { clinicId, name: "Wrong", sessions }), "VALIDATION");
    expect(error.message).toBe("Priya Shah cannot work the GP session: it needs a GP");
    expect(error.fieldErrors?.["sessions.2.staffIds"]).toBe(error.message);
    expect(await t.db.clinicTemplate.count({ where: { name: "Wrong" } })).toBe(0);
  });

  it("updates a template's sessions (audited) with the same checks, affecting only days created afterwards", async () => {
    const id = (await createClinicTemplate(lead, { clinicId, name: "To edit", sessions: standardTemplateSessions(org) })).id;
    const before = await oneDay("2027-02-03", id);
    const sessions: Array<Record<string, unknown>> = standardTemplateSessions(org).map((s) => ({ ...s, staffIds: [...s.staffIds] }));
    sessions[0] = { ...sessions[0], start: "09:30", end: "11:30", staffIds: [org.staff.buddy.id] };
    const wrong = sessions.map((s) => ({ ...s }));
    wrong[1] = { ...wrong[1], staffIds: [org.staff.gp.id] };
    const error = await expectAppError(updateClinicTemplate(lead, { templateId: id, name: "Edited", sessions: wrong }), "VALIDATION");
    expect(error.message).toContain("needs a Talking Therapies clinician");
    await expectAppError(updateClinicTemplate(lead, { templateId: id, name: "Edited", sessions: [] }), "VALIDATION");

    await updateClinicTemplate(lead, { templateId: id, name: "Edited", sessions });
    const stored = await t.db.clinicTemplate.findUniqueOrThrow({ where: { id } });
    expect(stored.name).toBe("Edited");
    expect(await t.db.auditEvent.count({ where: { action: "clinic-template.update", entityId: id } })).toBe(1);

    const after = await oneDay("2027-02-10", id);
    const morning = async (dayId: string) => t.db.clinicSession.findFirstOrThrow({ where: { clinicDayId: dayId, kind: "WRAP_AROUND" } });
    expect(instantToLondonTime((await morning(before)).startsAt)).toBe("09:00");
    expect(instantToLondonTime((await morning(after)).startsAt)).toBe("09:30");
  });

  it("edits the clinic's handover gap, PHQ-4 threshold and flow board waiting limit", async () => {
    await updateClinic(lead, { clinicId, handoverGapMinutes: "15", phq4Threshold: "4", waitingLimitMinutes: "45" });
    expect(await t.db.clinic.findUniqueOrThrow({ where: { id: clinicId } })).toMatchObject({
      handoverGapMinutes: 15,
      phq4Threshold: 4,
      waitingLimitMinutes: 45,
    });
    await expectAppError(updateClinic(lead, { clinicId, handoverGapMinutes: 500, phq4Threshold: 3, waitingLimitMinutes: 30 }), "VALIDATION");
    const tooShort = await expectAppError(
      updateClinic(lead, { clinicId, handoverGapMinutes: 10, phq4Threshold: 3, waitingLimitMinutes: 1 }),
      "VALIDATION",
    );
    expect(tooShort.fieldErrors?.waitingLimitMinutes).toBe("The waiting limit must be from 5 to 240 minutes");
    await updateClinic(lead, { clinicId, handoverGapMinutes: 10, phq4Threshold: 3, waitingLimitMinutes: 30 });
  });

  it("is for the clinic lead only", async () => {
    await expectAppError(createClinicTemplate(reception, { clinicId, name: "X", sessions: standardTemplateSessions(org) }), "FORBIDDEN");
    await expectAppError(updateClinicTemplate(reception, { templateId, name: "X", sessions: standardTemplateSessions(org) }), "FORBIDDEN");
    await expectAppError(updateClinic(reception, { clinicId, handoverGapMinutes: 10, phq4Threshold: 3, waitingLimitMinutes: 30 }), "FORBIDDEN");
  });
});

describe("weekly series across both clock changes", () => {
  it("keeps 09:00 London each week in March and October 2026", async () => {
    const march = await createClinicDays(reception, { templateId, firstDate: "2026-03-18", weeks: 3 });
    const october = await createClinicDays(reception, { templateId, firstDate: "2026-10-14", weeks: 3 });
    const starts = async (ids: string[]) =>
      (await t.db.clinicSession.findMany({ where: { clinicDayId: { in: ids }, kind: "WRAP_AROUND" }, orderBy: { startsAt: "asc" } })).map((s) =>
        s.startsAt.toISOString(),
      );
    expect(await starts(march.ids)).toEqual(["2026-03-18T09:00:00.000Z", "2026-03-25T09:00:00.000Z", "2026-04-01T08:00:00.000Z"]);
    expect(await starts(october.ids)).toEqual(["2026-10-14T08:00:00.000Z", "2026-10-21T08:00:00.000Z", "2026-10-28T09:00:00.000Z"]);
    const firstSlots = await t.db.slot.findMany({
      where: { session: { clinicDayId: { in: [...march.ids, ...october.ids] }, kind: "WRAP_AROUND" }, column: 0 },
    });
    expect(new Set(firstSlots.map((s) => instantToLondonTime(s.startsAt))).has("09:00")).toBe(true);
    expect(firstSlots.every((s) => instantToLondonTime(s.startsAt) >= "09:00" && instantToLondonTime(s.endsAt) <= "12:00")).toBe(true);
  });

  it("previews London times and names clashes without creating anything", async () => {
    const before = await t.db.clinicDay.count();
    const preview = await previewClinicDays(reception, { templateId, firstDate: "2026-10-21", weeks: 3 });
    expect(preview.days.map((d) => d.date)).toEqual(["2026-10-21", "2026-10-28", "2026-11-04"]);
    expect(preview.days.every((d) => d.sessions[0].start === "09:00" && d.sessions[0].end === "12:00")).toBe(true);
    expect(preview.days[0].clashes[0]).toContain("already has a clinic day");
    expect(preview.days[2].clashes).toEqual([]);
    expect(await t.db.clinicDay.count()).toBe(before);
  });
});

describe("roster swaps", () => {
  it("refuses a GP already rostered in an overlapping session of another clinic at the same site", async () => {
    const other = (await createClinic(lead, { name: "Second clinic", siteId: org.siteId })).id;
    const otherTemplate = (
      await createClinicTemplate(lead, {
        clinicId: other,
        name: "GP only",
        sessions: [
          { kind: "WRAP_AROUND", start: "09:00", end: "10:00", slotMinutes: 20, roomId: org.rooms.treatment2, staffIds: [org.staff.buddy2.id] },
          { kind: "GP", start: "14:00", end: "16:00", slotMinutes: 20, roomId: org.rooms.gp2, staffIds: [org.staff.gp2.id] },
        ],
      })
    ).id;
    // Same date: the second clinic needs staff free on that morning, so use a date with only its day.
    const date = "2027-03-03";
    const mainDay = await createClinicDays(reception, {
      templateId: (
        await createClinicTemplate(lead, {
          clinicId,
          name: "GP one column",
          sessions: [
            { kind: "WRAP_AROUND", start: "10:00", end: "12:00", slotMinutes: 20, staffIds: [org.staff.buddy.id] },
            { kind: "GP", start: "13:30", end: "17:00", slotMinutes: 20, staffIds: [org.staff.gp.id] },
          ],
        })
      ).id,
      firstDate: date,
      weeks: 1,
    });
    await createClinicDays(reception, { templateId: otherTemplate, firstDate: date, weeks: 1 });
    const gpRow = await t.db.sessionStaff.findFirstOrThrow({ where: { session: { clinicDayId: mainDay.ids[0], kind: "GP" } } });

    const error = await expectAppError(swapRosteredStaff(reception, { sessionStaffId: gpRow.id, staffId: org.staff.gp2.id }), "CONFLICT");
    expect(error.message).toBe("Dr Aisha Begum is already rostered 14:00–16:00 that day in GP, Second clinic.");
    expect((await t.db.sessionStaff.findUniqueOrThrow({ where: { id: gpRow.id } })).staffId).toBe(org.staff.gp.id);

    const wrongRole = await expectAppError(swapRosteredStaff(reception, { sessionStaffId: gpRow.id, staffId: org.staff.therapist.id }), "VALIDATION");
    expect(wrongRole.message).toContain("needs a GP");
  });

  it("names who clashes, and when, when a new day would double-book them", async () => {
    const third = (await createClinic(lead, { name: "Third clinic", siteId: org.siteId })).id;
    const template = (
      await createClinicTemplate(lead, {
        clinicId: third,
        name: "Early",
        sessions: [
          { kind: "WRAP_AROUND", start: "07:00", end: "08:00", slotMinutes: 20, staffIds: [org.staff.buddy.id] },
          { kind: "GP", start: "15:00", end: "16:00", slotMinutes: 20, staffIds: [org.staff.gp2.id] },
        ],
      })
    ).id;
    const clash = "Dr Aisha Begum is already rostered 14:00–16:00 that day in GP, Second clinic";
    const preview = await previewClinicDays(reception, { templateId: template, firstDate: "2027-02-24", weeks: 2 });
    expect(preview.days.map((d) => d.clashes)).toEqual([[], [clash]]);
    const error = await expectAppError(createClinicDays(reception, { templateId: template, firstDate: "2027-02-24", weeks: 2 }), "CONFLICT");
    expect(error.message).toContain(`2027-03-03: ${clash}`);
    expect(await t.db.clinicDay.count({ where: { clinicId: third } })).toBe(0);
  });

  it("swaps the roster and the column's slots when the person is free", async () => {
    const dayId = await oneDay("2027-03-10");
    const row = await t.db.sessionStaff.findFirstOrThrow({ where: { session: { clinicDayId: dayId, kind: "GP" }, column: 0 } });
    // gp2 is already in column 1 of this session.
    await expectAppError(swapRosteredStaff(reception, { sessionStaffId: row.id, staffId: org.staff.gp2.id }), "CONFLICT");
    const locum = await t.db.staffUser.create({ data: { name: "Dr Locum", email: "locum@example.nhs.uk", roles: ["GP"], pcnId: org.pcnId } });
    await swapRosteredStaff(reception, { sessionStaffId: row.id, staffId: locum.id });
    expect((await t.db.sessionStaff.findUniqueOrThrow({ where: { id: row.id } })).staffId).toBe(locum.id);
    const slots = await t.db.slot.findMany({ where: { sessionId: row.sessionId } });
    expect(slots.filter((s) => s.column === 0).every((s) => s.staffId === locum.id)).toBe(true);
    expect(slots.filter((s) => s.column === 1).every((s) => s.staffId === org.staff.gp2.id)).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: "roster.swap", entityId: row.id } })).toBe(1);
  });
});

describe("cancelling a clinic day", () => {
  it("cancels a day with no bookings and frees its staff", async () => {
    const dayId = await oneDay("2027-04-07");
    const result = await cancelClinicDay(reception, { clinicDayId: dayId, reason: "Building closed", bookings: "cancel" });
    expect(result.outcomes).toEqual([]);
    expect(await t.db.clinicDay.findUniqueOrThrow({ where: { id: dayId } })).toMatchObject({ status: "CANCELLED", cancelReason: "Building closed" });
    expect(await t.db.sessionStaff.count({ where: { session: { clinicDayId: dayId } } })).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "clinic-day.cancel", entityId: dayId } })).toBe(1);
    await expectAppError(cancelClinicDay(reception, { clinicDayId: dayId, reason: "Again", bookings: "cancel" }), "CONFLICT");
  });

  it("cancels every booking with the reason", async () => {
    const dayId = await oneDay("2027-04-14");
    const booked = await book(dayId, [0, 3, 5]);
    const result = await cancelClinicDay(reception, { clinicDayId: dayId, reason: "GP unwell", bookings: "cancel" });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(["cancelled", "cancelled", "cancelled"]);
    const rows = await t.db.appointment.findMany({ where: { id: { in: booked.map((b) => b.id) } } });
    expect(
      rows.every((a) => a.status === "CANCELLED" && a.activeSlotId === null && a.activeMorningDayId === null && a.cancelReason === "GP unwell"),
    ).toBe(true);
    for (const b of booked) {
      expect(await t.db.auditEvent.count({ where: { action: "appointment.cancel", patientId: b.patientId, entityId: b.id } })).toBe(1);
    }
  });

  it("moves every booking to another day at the same time and station, or the earliest free slot", async () => {
    const from = await oneDay("2027-04-21");
    const to = await oneDay("2027-04-28");
    const booked = await book(from, [0, 1, 4]); // 09:00 st1, 09:00 st2, 09:40 st1
    const [blocker] = await book(to, [1]); // 09:00 station 2 is taken on the target day
    const result = await cancelClinicDay(reception, { clinicDayId: from, reason: "Flood", bookings: "move", moveToClinicDayId: to });
    expect(result.outcomes.every((o) => o.outcome === "moved")).toBe(true);
    const moved = await t.db.appointment.findMany({ where: { id: { in: booked.map((b) => b.id) } }, include: { slot: true } });
    const at = (id: string) => moved.find((m) => m.id === id)!;
    expect(moved.every((m) => m.clinicDayId === to && m.activeSlotId === m.slotId && m.activeMorningDayId === to && m.status === "BOOKED")).toBe(
      true,
    );
    expect([instantToLondonTime(at(booked[0].id).slot.startsAt), at(booked[0].id).slot.column]).toEqual(["09:00", 0]);
    expect([instantToLondonTime(at(booked[2].id).slot.startsAt), at(booked[2].id).slot.column]).toEqual(["09:40", 0]);
    // Station 2 at 09:00 was taken: the earliest free slot is 09:20 station 1.
    expect([instantToLondonTime(at(booked[1].id).slot.startsAt), at(booked[1].id).slot.column]).toEqual(["09:20", 0]);
    expect(at(booked[1].id).slotId).not.toBe(blocker.slotId);
    expect(await t.db.auditEvent.count({ where: { action: "appointment.move", patientId: { in: booked.map((b) => b.patientId) } } })).toBe(3);
    expect(await t.db.clinicDay.findUniqueOrThrow({ where: { id: from } })).toMatchObject({ status: "CANCELLED" });
  });

  it("refuses to move when the target day has no room, or a patient is already booked there, and changes nothing", async () => {
    const from = await oneDay("2027-05-05");
    const to = await oneDay("2027-05-12");
    const booked = await book(from, [0, 1, 2]);
    // The target has 18 morning slots: fill 16 so only 2 are free.
    await book(
      to,
      Array.from({ length: 16 }, (_, i) => i + 2),
    );
    const error = await expectAppError(
      cancelClinicDay(reception, { clinicDayId: from, reason: "Flood", bookings: "move", moveToClinicDayId: to }),
      "CONFLICT",
    );
    expect(error.message).toMatch(/^1 of 3 bookings could not be placed on Wednesday 12 May/);
    expect(await t.db.clinicDay.findUniqueOrThrow({ where: { id: from } })).toMatchObject({ status: "SCHEDULED" });
    const still = await t.db.appointment.findMany({ where: { id: { in: booked.map((b) => b.id) } } });
    expect(still.every((a) => a.clinicDayId === from && a.activeSlotId === a.slotId)).toBe(true);
    expect(await t.db.sessionStaff.count({ where: { session: { clinicDayId: from } } })).toBeGreaterThan(0);

    const roomy = await oneDay("2027-05-19");
    await book(roomy, [10], [booked[0].patientId]);
    const twice = await expectAppError(
      cancelClinicDay(reception, { clinicDayId: from, reason: "Flood", bookings: "move", moveToClinicDayId: roomy }),
      "CONFLICT",
    );
    expect(twice.message).toContain("1 patient is already booked that day");
  });

  it("lists the bookings on the manage page and audits each patient's view", async () => {
    const dayId = await oneDay("2027-05-26");
    const booked = await book(dayId, [0]);
    const view = await getClinicDayManagement(reception, dayId);
    expect(view.bookings).toHaveLength(1);
    expect(view.sessions.find((s) => s.kind === "GP")?.candidates.map((c) => c.name)).toContain("Dr James Whitfield");
    expect(await t.db.auditEvent.count({ where: { action: "clinic-day.manage.view", patientId: booked[0].patientId } })).toBe(1);
  });
});

describe("changing a session's times", () => {
  it("lays the slots out again by London time when there are no bookings", async () => {
    const dayId = await oneDay("2026-11-11");
    const session = await t.db.clinicSession.findFirstOrThrow({ where: { clinicDayId: dayId, kind: "GP" } });
    await changeSessionTimes(reception, { sessionId: session.id, start: "14:00", end: "16:00" });
    const slots = await t.db.slot.findMany({ where: { sessionId: session.id }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
    expect(slots).toHaveLength(12);
    expect(instantToLondonTime(slots[0].startsAt)).toBe("14:00");
    expect(slots[0].startsAt.toISOString()).toBe("2026-11-11T14:00:00.000Z");
    expect(slots[1].staffId).toBe(org.staff.gp2.id);
    const roster = await t.db.sessionStaff.findMany({ where: { sessionId: session.id } });
    expect(roster.every((r) => instantToLondonTime(r.startsAt) === "14:00" && instantToLondonTime(r.endsAt) === "16:00")).toBe(true);
  });

  it("refuses a session with bookings", async () => {
    const dayId = await oneDay("2027-06-02");
    await book(dayId, [0, 1]);
    const session = await t.db.clinicSession.findFirstOrThrow({ where: { clinicDayId: dayId, kind: "WRAP_AROUND" } });
    const error = await expectAppError(changeSessionTimes(reception, { sessionId: session.id, start: "10:00", end: "12:00" }), "CONFLICT");
    expect(error.message).toBe("This session has 2 bookings: move or cancel them first");
  });
});

describe("permissions", () => {
  it("refuses health buddies and GPs managing clinic days", async () => {
    const dayId = await oneDay("2027-06-09");
    const row = await t.db.sessionStaff.findFirstOrThrow({ where: { session: { clinicDayId: dayId } } });
    for (const actor of [org.staff.buddy, org.staff.gp]) {
      const ctx = { db: t.db, actor };
      await expectAppError(createClinicDays(ctx, { templateId, firstDate: "2027-06-16", weeks: 1 }), "FORBIDDEN");
      await expectAppError(cancelClinicDay(ctx, { clinicDayId: dayId, reason: "No", bookings: "cancel" }), "FORBIDDEN");
      await expectAppError(swapRosteredStaff(ctx, { sessionStaffId: row.id, staffId: org.staff.buddy2.id }), "FORBIDDEN");
      await expectAppError(changeSessionTimes(ctx, { sessionId: row.sessionId, start: "09:00", end: "10:00" }), "FORBIDDEN");
      await expectAppError(previewClinicDays(ctx, { templateId, firstDate: "2027-06-16", weeks: 1 }), "FORBIDDEN");
    }
    expect(await t.db.clinicDay.findUniqueOrThrow({ where: { id: dayId } })).toMatchObject({ status: "SCHEDULED" });
  });
});
