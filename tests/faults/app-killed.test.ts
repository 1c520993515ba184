/**
 * The app process is killed outright (SIGKILL: no shutdown, no flushing) in the
 * middle of a burst of bookings, check-ins and PHQ-4s. After a restart every use
 * case is either wholly recorded or not at all, and the app carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "@/lib/schedule";
import { actorByEmail, BOOKING_ACTION, createLoadPatients, freeMorningSlots } from "./booking-load";
import { actionId, callAction, EMAILS, signIn, startStack, type ActionOutcome, type Stack } from "./harness";
import { brokenInvariants } from "./invariants";

describe("the app killed mid-burst", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("killed", 2);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("leaves every booking, check-in and PHQ-4 whole or absent", async () => {
    const book = BOOKING_ACTION();
    const checkIn = actionId("clinic-days/[id]/actions", "checkInAction");
    const phq4 = actionId("buddy/actions", "recordPhq4Action");
    const reception = await signIn(stack.baseUrl, EMAILS.reception);
    const buddy = await signIn(stack.baseUrl, EMAILS.buddy);

    const { pcnId } = await actorByEmail(stack, EMAILS.reception);
    const today = await stack.db.clinicDay.findFirstOrThrow({
      where: { date: new Date(`${londonToday()}T00:00:00Z`), clinic: { pcnId } },
      select: { id: true },
    });
    const booked = await stack.db.appointment.findMany({
      where: { clinicDayId: today.id, kind: "WRAP_AROUND", status: "BOOKED" },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    expect(booked.length).toBeGreaterThanOrEqual(8);
    // Half of today's patients arrive before the burst, so their PHQ-4s can be part of it.
    const arrived = booked.slice(0, Math.floor(booked.length / 2));
    const waiting = booked.slice(arrived.length);
    for (const { id } of arrived) {
      const outcome = await callAction(stack.baseUrl, `/clinic-days/${today.id}`, checkIn, reception, [{ appointmentId: id }]);
      expect(outcome.result, outcome.body.slice(0, 300)).toMatchObject({ ok: true });
    }
    const slots = await freeMorningSlots(stack, 24);
    const patients = await createLoadPatients(stack, 24, 3000);

    // The burst: everything at once, with the kill while it is under way.
    type Sent = { kind: "book" | "check-in" | "phq4"; ref: string; outcome?: ActionOutcome; failed?: boolean };
    const sent: Sent[] = [];
    const fire = (kind: Sent["kind"], ref: string, call: () => Promise<ActionOutcome>) => {
      const entry: Sent = { kind, ref };
      sent.push(entry);
      return call().then(
        (outcome) => void (entry.outcome = outcome),
        () => void (entry.failed = true),
      );
    };
    const burst: Promise<void>[] = [];
    for (const [i, slot] of slots.entries()) {
      burst.push(
        fire("book", slot.id, () =>
          callAction(stack.baseUrl, `/clinic-days/${slot.clinicDayId}`, book, reception, [{ slotId: slot.id, patientId: patients[i] }]),
        ),
      );
    }
    for (const { id } of waiting)
      burst.push(fire("check-in", id, () => callAction(stack.baseUrl, `/clinic-days/${today.id}`, checkIn, reception, [{ appointmentId: id }])));
    for (const [i, { id }] of arrived.entries()) {
      burst.push(fire("phq4", id, () => callAction(stack.baseUrl, "/buddy", phq4, buddy, [{ appointmentId: id, answers: [i % 4, 2, 1, i % 2] }])));
    }
    // Kill once some of the burst has been answered, so others are mid-way.
    const deadline = Date.now() + 20_000;
    while (sent.filter((s) => s.outcome).length < 3 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 5));
    await stack.killApp();
    await Promise.all(burst);
    const answered = sent.filter((s) => s.outcome?.result);
    const cut = sent.filter((s) => s.failed);
    console.log(`[faults] SIGKILL mid-burst: ${sent.length} sent, ${answered.length} answered, ${cut.length} cut off`);
    expect(cut.length).toBeGreaterThan(0);

    await stack.startApp();
    const savedBookings = await stack.db.appointment.count({ where: { slotId: { in: cut.filter((c) => c.kind === "book").map((c) => c.ref) } } });
    console.log(`[faults] of the cut-off bookings, ${savedBookings} had committed whole before the kill`);

    // Whole or absent, for every use case across the whole database.
    expect(await brokenInvariants(stack.db)).toEqual([]);
    // What the app said was done, is done.
    for (const s of answered.filter((a) => a.outcome?.result?.ok)) {
      if (s.kind === "book") expect(await stack.db.appointment.count({ where: { slotId: s.ref, activeSlotId: s.ref } })).toBe(1);
      if (s.kind === "check-in") expect((await stack.db.appointment.findUniqueOrThrow({ where: { id: s.ref } })).status).toBe("ARRIVED");
      if (s.kind === "phq4") expect(await stack.db.phq4Assessment.count({ where: { appointmentId: s.ref } })).toBe(1);
    }
    // The app carries on: a cut-off booking can be made again (or is found already made).
    const retry = sent.find((s) => s.kind === "book" && s.failed);
    if (retry) {
      const slot = slots.find((x) => x.id === retry.ref)!;
      const again = await callAction(stack.baseUrl, `/clinic-days/${slot.clinicDayId}`, book, await signIn(stack.baseUrl, EMAILS.reception), [
        { slotId: slot.id, patientId: patients[slots.indexOf(slot)] },
      ]);
      expect(again.result?.ok === true || again.result?.code === "CONFLICT", again.body.slice(0, 300)).toBe(true);
    }
  });
});
