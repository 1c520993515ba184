/**
 * The huddle schedule the pages read (issue 14): the PCN's huddles from today
 * on with their people and open cases, the clinic lead's choice of attendees,
 * a partner's huddles only, and huddles left open before today closed first.
 */
import { addCalendarDays } from "@/lib/care-plan/follow-up";
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { dateOnlyToDb } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";
import { bringCase } from "@/lib/services/huddles/bring-case";
import { listHuddles } from "@/lib/services/huddles/list-huddles";
import { scheduleHuddle } from "@/lib/services/huddles/schedule-huddle";
import { createPatient } from "@/lib/services/patients/create-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, demoPatientInput, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
const today = londonToday();
const shift = addCalendarDays;

beforeAll(async () => {
  t = await freshDatabase();
});

async function pcn(suffix: string) {
  const org = await createOrganisation(t.db, { suffix, name: `PCN ${suffix}` });
  const ctx = (key: keyof Organisation["staff"]): ServiceContext => ({ db: t.db, actor: org.staff[key] });
  return { org, ctx };
}

describe("listHuddles", () => {
  it("lists the PCN's huddles from today on, soonest first, with their people and open cases; the clinic lead also gets who may attend", async () => {
    const { org, ctx } = await pcn("ls1");
    const other = await pcn("ls2");
    const everyone = [org.staff.gp.id, org.staff.therapist.id, org.staff.partner.id];
    const second = await scheduleHuddle(ctx("lead"), { date: shift(today, 2), time: "12:30", attendeeIds: everyone });
    const first = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: [org.staff.gp.id, org.staff.partner2.id] });
    await scheduleHuddle(other.ctx("lead"), { date: today, time: "09:00", attendeeIds: [other.org.staff.gp.id] });
    const patient = await createPatient(ctx("reception"), demoPatientInput(0, org.practiceIds));
    await bringCase(ctx("gp"), { patientId: patient.id, question: "Which service?", huddleId: second.id });

    const lead = await listHuddles(ctx("lead"));
    expect(lead.today).toBe(today);
    expect(lead.huddles.map((h) => [h.id, h.date, h.time, h.openCases])).toEqual([
      [first.id, today, "12:30", 0],
      [second.id, shift(today, 2), "12:30", 1],
    ]);
    expect(lead.huddles[1].attendees.map((a) => a.name)).toEqual(["Dr James Whitfield", "Maria Costa", "Dr Kwame Mensah"]);
    // Who may attend: the PCN's clinicians and partners, not reception or health buddies.
    expect(lead.eligible.map((s) => s.name).sort()).toEqual(
      ["Dr Aisha Begum", "Dr Helen Okafor", "Dr James Whitfield", "Dr Kwame Mensah", "Maria Costa", "Ruth Adeyemi"].sort(),
    );

    // A GP sees the same huddles, without the choice of attendees.
    const gp = await listHuddles(ctx("gp"));
    expect(gp.huddles.map((h) => h.id)).toEqual([first.id, second.id]);
    expect(gp.eligible).toEqual([]);

    // The CMHT partner only the huddle they are listed for; the psychotherapy partner only theirs.
    expect((await listHuddles(ctx("partner"))).huddles.map((h) => h.id)).toEqual([second.id]);
    expect((await listHuddles(ctx("partner2"))).huddles.map((h) => h.id)).toEqual([first.id]);

    // Reception and health buddies have no huddle.
    await expectAppError(listHuddles(ctx("reception")), "FORBIDDEN");
    await expectAppError(listHuddles(ctx("buddy")), "FORBIDDEN");
  });

  it("closes a huddle left open before today, carrying its cases to the first huddle from today", async () => {
    const { org, ctx } = await pcn("ls3");
    const patient = await createPatient(ctx("reception"), demoPatientInput(1, org.practiceIds));
    const next = await scheduleHuddle(ctx("lead"), { date: today, time: "12:30", attendeeIds: [org.staff.gp.id] });
    // A huddle two days ago, nobody closed it, with a case not reached (made as it would have been then).
    const past = await t.db.huddle.create({
      data: {
        pcnId: org.pcnId,
        date: dateOnlyToDb(shift(today, -2)),
        startsAt: londonWallTimeToInstant(shift(today, -2), "12:30"),
        createdById: org.staff.lead.id,
        attendees: { create: [{ staffId: org.staff.gp.id }] },
      },
    });
    await t.db.huddleCase.create({
      data: {
        huddleId: past.id,
        patientId: patient.id,
        broughtById: org.staff.gp.id,
        question: "Which service?",
        broughtAt: past.startsAt,
        position: 1,
      },
    });

    const listed = await listHuddles(ctx("gp"));
    expect(listed.huddles.map((h) => [h.id, h.openCases])).toEqual([[next.id, 1]]);
    expect((await t.db.huddle.findUniqueOrThrow({ where: { id: past.id } })).closedAt).not.toBeNull();
    const carried = await t.db.huddleCase.findFirstOrThrow({ where: { huddleId: next.id } });
    expect(carried.patientId).toBe(patient.id);
    expect(carried.rolledFromId).not.toBeNull();
  });
});
