import { describe, expect, it } from "vitest";
import { planMoves, type BookingToMove, type FreeSlot } from "./move-plan";

const at = (hhmm: string) => new Date(`2027-01-06T${hhmm}:00Z`);
const slot = (id: string, wallTime: string, column: number, kind: FreeSlot["kind"] = "WRAP_AROUND"): FreeSlot => ({
  id,
  kind,
  column,
  wallTime,
  startsAt: at(wallTime),
});
const booking = (id: string, wallTime: string, column: number, patientId = `p-${id}`): BookingToMove => ({
  appointmentId: id,
  patientId,
  kind: "WRAP_AROUND",
  column,
  wallTime,
});

describe("planMoves", () => {
  it("keeps each booking's time and station when free", () => {
    const plan = planMoves(
      [booking("a", "09:00", 0), booking("b", "09:20", 1)],
      [slot("s1", "09:00", 0), slot("s2", "09:20", 1), slot("s3", "09:00", 1)],
      new Set(),
    );
    expect(plan).toEqual({
      placements: [
        { appointmentId: "a", slotId: "s1" },
        { appointmentId: "b", slotId: "s2" },
      ],
      unplaced: [],
    });
  });

  it("gives the earliest free slot when the same one is taken, without taking another booking's own time", () => {
    // a's own slot (09:00 st0) is gone; b's own slot is 09:20 st0, which is also the earliest free.
    const plan = planMoves([booking("a", "09:00", 0), booking("b", "09:20", 0)], [slot("s2", "09:20", 0), slot("s3", "09:40", 1)], new Set());
    expect(plan.placements).toEqual([
      { appointmentId: "a", slotId: "s3" },
      { appointmentId: "b", slotId: "s2" },
    ]);
  });

  it("only uses slots of the same kind of session", () => {
    const gp: BookingToMove = { ...booking("g", "13:30", 0), kind: "GP" };
    const plan = planMoves([gp], [slot("m", "09:00", 0), slot("gp", "14:00", 0, "GP")], new Set());
    expect(plan.placements).toEqual([{ appointmentId: "g", slotId: "gp" }]);
  });

  it("reports what cannot be placed and why", () => {
    const plan = planMoves(
      [booking("a", "09:00", 0), booking("b", "09:20", 0, "already"), booking("c", "09:40", 0)],
      [slot("s1", "10:00", 0)],
      new Set(["already"]),
    );
    expect(plan.placements).toEqual([{ appointmentId: "a", slotId: "s1" }]);
    expect(plan.unplaced).toEqual([
      { appointmentId: "b", reason: "already-booked" },
      { appointmentId: "c", reason: "no-free-slot" },
    ]);
  });

  it("never places two bookings in one slot", () => {
    const plan = planMoves(
      [booking("a", "09:00", 0), booking("b", "09:00", 1), booking("c", "09:00", 2)],
      [slot("s1", "09:00", 0), slot("s2", "11:00", 0)],
      new Set(),
    );
    expect(new Set(plan.placements.map((p) => p.slotId)).size).toBe(plan.placements.length);
    expect(plan.unplaced).toHaveLength(1);
  });
});
