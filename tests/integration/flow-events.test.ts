/**
 * The flow board's push (lib/db/flow-events.ts and the flow_board_notify
 * migration's triggers) on real PostgreSQL: a change committed through one
 * database client reaches the subscribers of two separate hubs (two app
 * instances, each with its LISTEN connection) within a second; a rolled-back
 * change and another day's change reach nobody; a burst is coalesced; a lost
 * connection is noticed, re-established, and followed by a catch-up "changed".
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/db/context";
import { createDayCache } from "@/lib/db/day-cache";
import { createFlowEvents, type FlowEvents } from "@/lib/db/flow-events";
import { getFlowBoard } from "@/lib/services/clinic-days/get-flow-board";
import { londonWallTimeToInstant } from "@/lib/schedule";
import { bookAppointment } from "@/lib/services/appointments/book-appointment";
import { checkIn } from "@/lib/services/appointments/check-in";
import { recordPhq4 } from "@/lib/services/assessments/record-phq4";
import { createClinic } from "@/lib/services/clinics/create-clinic";
import { createClinicTemplate } from "@/lib/services/clinics/create-clinic-template";
import { createClinicDays } from "@/lib/services/clinic-days/create-clinic-days";
import { createPatient } from "@/lib/services/patients/create-patient";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { createOrganisation, demoPatientInput, standardTemplateSessions, type Organisation } from "@/tests/helpers/factories";

const DATE = "2027-05-12";
const at = (hhmm: string) => ({ now: londonWallTimeToInstant(DATE, hhmm) });

let t: TestDatabase;
/** A second client, as another instance's pool would be: the changes are made through it. */
let writer: Db;
let org: Organisation;
let reception: ServiceContext;
let buddy: ServiceContext;
let clinicDayId: string;
let otherDayId: string;
let clinicId: string;
let slots: Array<{ id: string }>;
let seq = 0;
const hubs: FlowEvents[] = [];

function hub(): FlowEvents {
  const h = createFlowEvents(t.url, { log: () => undefined });
  hubs.push(h);
  return h;
}

/** Records when each "changed" (and "interrupted") arrives. */
function watch(h: FlowEvents, dayId: string) {
  const changes: number[] = [];
  const interruptions: number[] = [];
  const stop = h.subscribe(dayId, { changed: () => changes.push(performance.now()), interrupted: () => interruptions.push(performance.now()) });
  return { changes, interruptions, stop };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await freshDatabase();
  writer = createDb(t.url, 2);
  org = await createOrganisation(t.db);
  reception = { db: writer, actor: org.staff.reception };
  buddy = { db: writer, actor: org.staff.buddy };
  const lead = { db: t.db, actor: org.staff.lead };
  clinicId = (await createClinic(lead, { name: "Push clinic", siteId: org.siteId })).id;
  const template = await createClinicTemplate(lead, { clinicId, name: "Standard", sessions: standardTemplateSessions(org) });
  [clinicDayId, otherDayId] = (await createClinicDays(lead, { templateId: template.id, firstDate: DATE, weeks: 2 })).ids;
  slots = await t.db.slot.findMany({ where: { session: { clinicDayId, kind: "WRAP_AROUND" } }, orderBy: [{ startsAt: "asc" }, { column: "asc" }] });
});

afterAll(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  await writer?.$disconnect();
});

async function book(): Promise<{ patientId: string; appointmentId: string }> {
  const patient = await createPatient(reception, demoPatientInput(seq, org.practiceIds));
  const { id } = await bookAppointment(reception, { slotId: slots[seq++].id, patientId: patient.id });
  return { patientId: patient.id, appointmentId: id };
}

describe("flow-board push", () => {
  it("tells subscribers on two instances of a booking committed through a third client, within a second", async () => {
    const a = hub();
    const b = hub();
    expect(await a.ready(5000)).toBe(true);
    expect(await b.ready(5000)).toBe(true);
    const onA = watch(a, clinicDayId);
    const onB = watch(b, clinicDayId);
    const elsewhere = watch(a, otherDayId);

    await book();
    const committed = performance.now();
    await until(() => onA.changes.length > 0 && onB.changes.length > 0, 1000);
    expect(onA.changes[0] - committed).toBeLessThan(1000);
    expect(onB.changes[0] - committed).toBeLessThan(1000);
    await quiet(300);
    expect(onA.changes).toHaveLength(1);
    expect(elsewhere.changes).toEqual([]);
    // One LISTEN connection per hub, whatever the number of subscribers.
    const listeners = await t.db.$queryRaw<Array<{ n: bigint }>>`
      select count(*) as n from pg_stat_activity where datname = current_database() and application_name = 'clinic-day flow-events'`;
    expect(Number(listeners[0].n)).toBe(2);
    onA.stop();
    onB.stop();
    elsewhere.stop();
    expect(a.subscriberCount()).toBe(0);
  });

  it("tells of a check-in, a PHQ-4, a renamed patient and a changed waiting limit; not of a rolled-back change", async () => {
    const h = hub();
    await h.ready(5000);
    const { patientId, appointmentId } = await book();
    const seen = watch(h, clinicDayId);
    await quiet(900);
    const told = async (label: string, change: () => Promise<unknown>) => {
      const before = seen.changes.length;
      await change();
      await until(() => seen.changes.length > before, 2000).catch(() => {
        throw new Error(`no "changed" after ${label}`);
      });
      // Past the hub's minimum gap, so the next change is told on its own.
      await quiet(800);
    };
    await told("check-in", () => checkIn(reception, { appointmentId }, at("09:05")));
    await told("PHQ-4", () => recordPhq4(buddy, { appointmentId, answers: [1, 1, 0, 0] }, at("09:30")));
    await told("a renamed patient", () => writer.patient.update({ where: { id: patientId }, data: { familyName: "Renamed" } }));
    await told("a changed waiting limit", () => writer.clinic.update({ where: { id: clinicId }, data: { waitingLimitMinutes: 45 } }));

    const before = seen.changes.length;
    await writer
      .$transaction(async (tx) => {
        await tx.appointment.update({ where: { id: appointmentId }, data: { checkedInAt: new Date() } });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    await quiet(1000);
    expect(seen.changes.length).toBe(before);
    seen.stop();
  });

  it("coalesces a burst of bookings into at most a few tellings", async () => {
    const h = hub();
    await h.ready(5000);
    const seen = watch(h, clinicDayId);
    for (let i = 0; i < 8; i++) await book();
    await quiet(1500);
    expect(seen.changes.length).toBeGreaterThan(0);
    // Eight bookings (sixteen statements with their patients) in well under the gap's reach: one telling per 750 ms at most.
    const span = seen.changes[seen.changes.length - 1] - seen.changes[0];
    expect(seen.changes.length).toBeLessThanOrEqual(1 + Math.ceil(span / 750));
    for (let i = 1; i < seen.changes.length; i++) expect(seen.changes[i] - seen.changes[i - 1]).toBeGreaterThanOrEqual(740);
    seen.stop();
  });

  it("notices a lost connection, listens again, catches up and hears later changes", async () => {
    const h = createFlowEvents(t.url, { log: () => undefined, checkEveryMs: 500 });
    hubs.push(h);
    await h.ready(5000);
    const seen = watch(h, clinicDayId);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      // What a database restart does to the connection: the server ends it.
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'clinic-day flow-events'",
      );
    } finally {
      await admin.end();
    }
    await until(() => seen.interruptions.length > 0, 3000);
    expect(h.listening()).toBe(false);
    // Listening again: told "changed" at once, as changes may have gone unheard.
    await until(() => h.listening() && seen.changes.length > 0, 5000);
    const heard = seen.changes.length;
    await quiet(800);
    await book();
    const committed = performance.now();
    await until(() => seen.changes.length > heard, 1000);
    expect(seen.changes[seen.changes.length - 1] - committed).toBeLessThan(1000);
    seen.stop();
  });

  it("shares one board build among the screens of a PCN until the day changes, and still audits each viewer", async () => {
    const h = hub();
    const shared = createDayCache(h);
    const lead = { db: t.db, actor: org.staff.lead };
    const gp = { db: t.db, actor: org.staff.gp };
    const first = await getFlowBoard(lead, { clinicDayId }, { shared });
    // The first read starts the hub; nothing is shared until it listens.
    expect(await h.ready(5000)).toBe(true);
    const built = await getFlowBoard(lead, { clinicDayId }, { shared });
    expect(built).not.toBe(first);
    const again = await getFlowBoard(gp, { clinicDayId }, { shared });
    expect(again).toBe(built);
    // Reception's board is another build: it has no clinical content.
    const reception = await getFlowBoard({ db: t.db, actor: org.staff.reception }, { clinicDayId }, { shared });
    expect(reception.showsPhq4).toBe(false);
    expect(reception.rows.every((r) => !("phq4" in r))).toBe(true);
    // The GP's view is audited although the board was built for the lead.
    expect(await t.db.auditEvent.count({ where: { action: "flow-board.view", actorId: org.staff.gp.id, entityId: clinicDayId } })).toBeGreaterThan(0);

    const seen = watch(h, clinicDayId);
    const { patientId } = await book();
    await until(() => seen.changes.length > 0, 2000);
    const after = await getFlowBoard(gp, { clinicDayId }, { shared });
    expect(after).not.toBe(built);
    expect(after.rows.some((r) => r.patientId === patientId)).toBe(true);
    seen.stop();

    // Without the push nothing is shared: every read builds.
    await h.close();
    const x = await getFlowBoard(lead, { clinicDayId }, { shared });
    const y = await getFlowBoard(lead, { clinicDayId }, { shared });
    expect(y).not.toBe(x);
  });
});
