/**
 * 200 booking attempts at 20 free morning slots, all at once, from 20 signed-in
 * sessions over HTTP: exactly 20 appointments, each with its audit event; every
 * other attempt told plainly that the slot was taken; health answering throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLOT_TAKEN_MESSAGE } from "@/lib/services/appointments/internal/bookable-slot";
import { createLoadPatients, describeFigures, freeMorningSlots, runBookingLoad, signInDesks } from "./booking-load";
import { startStack, type Stack } from "./harness";
import { brokenInvariants } from "./invariants";

const SLOTS = 20;
const ATTEMPTS_PER_SLOT = 10;

describe("booking under load", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("load", 0);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("gives each slot to exactly one of many desks racing for it, and stays responsive", async () => {
    const slots = await freeMorningSlots(stack, SLOTS);
    const patientIds = await createLoadPatients(stack, SLOTS * ATTEMPTS_PER_SLOT, 1000);
    const cookies = await signInDesks(stack, 20);
    const auditBefore = await stack.db.auditEvent.count({ where: { action: "appointment.book" } });

    const figures = await runBookingLoad(stack, { slots, patientIds, cookies, attemptsPerSlot: ATTEMPTS_PER_SLOT });
    console.log("[faults] booking load", describeFigures(figures));

    expect(figures.others.map((o) => `${o.status} ${o.body.slice(0, 300)}`)).toEqual([]);
    expect(figures.booked).toBe(SLOTS);
    expect(figures.conflicts).toBe(SLOTS * (ATTEMPTS_PER_SLOT - 1));
    for (const { outcome } of figures.outcomes.filter((o) => o.outcome.result?.ok === false)) {
      expect(outcome.result?.message).toBe(SLOT_TAKEN_MESSAGE);
    }
    // The winners in the responses are the rows in the database, one per slot.
    const winners = figures.outcomes.filter((o) => o.outcome.result?.ok === true);
    const rows = await stack.db.appointment.findMany({
      where: { slotId: { in: slots.map((s) => s.id) } },
      select: { slotId: true, patientId: true, activeSlotId: true, status: true },
    });
    expect(rows).toHaveLength(SLOTS);
    expect(new Set(rows.map((r) => r.slotId)).size).toBe(SLOTS);
    expect(rows.every((r) => r.status === "BOOKED" && r.activeSlotId === r.slotId)).toBe(true);
    expect(rows.map((r) => `${r.slotId} ${r.patientId}`).sort()).toEqual(winners.map((w) => `${w.slotId} ${w.patientId}`).sort());
    expect(await stack.db.auditEvent.count({ where: { action: "appointment.book" } })).toBe(auditBefore + SLOTS);
    expect(await brokenInvariants(stack.db)).toEqual([]);

    // Health answered 200 throughout, each within the poll's bound.
    expect(figures.health.polls).toBeGreaterThan(0);
    expect(figures.health.failures).toBe(0);
    expect(figures.health.max).toBeLessThan(5000);
  });
});
