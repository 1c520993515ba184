/**
 * Staff of one PCN never see another PCN's patients, clinic days, flow board
 * or audit trail, by searching or by putting the other's ids in: proven on the
 * demo data, which has a second, small PCN for exactly this.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { londonToday } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import type { ServiceContext } from "@/lib/db/context";
import { getDayView } from "@/lib/services/clinic-days/get-day-view";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { getPatientRecord } from "@/lib/services/patients/get-patient-record";
import { listClinicDays } from "@/lib/services/clinic-days/list-clinic-days";
import { searchAudit } from "@/lib/services/audit/search-audit";
import { searchPatients } from "@/lib/services/patients/search-patients";
import { searchPatientsForBooking } from "@/lib/services/appointments/search-patients-for-booking";
import { SECOND_PCN, seedDemoData } from "@/prisma/seed";
import { freshDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";

type Side = {
  pcnId: string;
  as: (key: "lead" | "reception" | "gp") => ServiceContext;
  patient: { id: string; nhsNumber: string; givenName: string; familyName: string };
  todayId: string;
  slotId: string;
};

let db: Db;
let main: Side;
let other: Side;

async function side(pcnName: string, domain: string): Promise<Side> {
  const pcn = await db.pcn.findFirstOrThrow({ where: { name: pcnName } });
  const staff = await db.staffUser.findMany({ where: { pcnId: pcn.id } });
  const as = (key: "lead" | "reception" | "gp"): ServiceContext => {
    const user = staff.find((s) => s.email === `${key}@${domain}`)!;
    return { db, actor: { id: user.id, name: user.name, email: user.email, roles: user.roles, pcnId: pcn.id } };
  };
  const today = await db.clinicDay.findFirstOrThrow({
    where: { clinic: { pcnId: pcn.id }, date: new Date(`${londonToday()}T00:00:00Z`) },
    include: {
      appointments: { include: { patient: true } },
      sessions: { where: { kind: "WRAP_AROUND" }, include: { slots: { include: { appointments: true } } } },
    },
  });
  const booked = today.appointments[0].patient;
  const freeSlot = today.sessions[0].slots.find((s) => s.appointments.length === 0)!;
  return { pcnId: pcn.id, as, patient: booked, todayId: today.id, slotId: freeSlot.id };
}

beforeAll(async () => {
  db = (await freshDatabase()).db;
  await seedDemoData(db);
  main = await side("Riverside Primary Care Network", "example.nhs.uk");
  other = await side(SECOND_PCN.name, SECOND_PCN.emailDomain);
}, 120_000);

describe.each([
  ["the first PCN", () => main, () => other],
  ["the second PCN", () => other, () => main],
])("staff of %s", (_name, mine, theirs) => {
  it("find none of the other PCN's patients, by name or NHS number, in the register or when booking", async () => {
    const them = theirs().patient;
    const lead = mine().as("lead");
    expect((await searchPatients(lead, { q: them.nhsNumber })).patients).toEqual([]);
    const byName = await searchPatients(lead, { q: `${them.givenName} ${them.familyName}` });
    expect(byName.patients.map((p) => p.id)).not.toContain(them.id);
    const forBooking = await searchPatientsForBooking(mine().as("reception"), { query: them.nhsNumber, clinicDayId: mine().todayId });
    expect(forBooking).toEqual([]);
  });

  it("cannot open another PCN's patient, clinic day or flow board by its id", async () => {
    await expectAppError(getPatientRecord(mine().as("gp"), { id: theirs().patient.id }), "NOT_FOUND");
    await expectAppError(getDayView(mine().as("reception"), { clinicDayId: theirs().todayId }), "NOT_FOUND");
    await expectAppError(getFlowBoard(mine().as("gp"), { clinicDayId: theirs().todayId }), "NOT_FOUND");
    const days = await listClinicDays(mine().as("lead"), { from: londonToday() });
    expect(days.map((d) => d.id)).toContain(mine().todayId);
    expect(days.map((d) => d.id)).not.toContain(theirs().todayId);
  });

  it("cannot book another PCN's patient, nor into another PCN's slot", async () => {
    const reception = mine().as("reception");
    await expectAppError(bookAppointment(reception, { slotId: mine().slotId, patientId: theirs().patient.id }), "NOT_FOUND");
    await expectAppError(bookAppointment(reception, { slotId: theirs().slotId, patientId: mine().patient.id }), "NOT_FOUND");
  });

  it("see none of the other PCN's audit trail", async () => {
    const lead = mine().as("lead");
    await expectAppError(searchAudit(lead, { nhsNumber: theirs().patient.nhsNumber }), "NOT_FOUND");
    const { rows } = await searchAudit(lead, { from: "2020-01-01", to: "2099-12-31" });
    expect(rows.length).toBeGreaterThan(0);
    const theirEmails = new Set((await db.staffUser.findMany({ where: { pcnId: theirs().pcnId } })).map((s) => s.email));
    expect(rows.filter((r) => r.actorEmail && theirEmails.has(r.actorEmail))).toEqual([]);
    const theirPatients = new Set((await db.patient.findMany({ where: { practice: { pcnId: theirs().pcnId } } })).map((p) => p.nhsNumber));
    expect(rows.filter((r) => r.nhsNumber && theirPatients.has(r.nhsNumber.replaceAll(" ", "")))).toEqual([]);
  });
});
