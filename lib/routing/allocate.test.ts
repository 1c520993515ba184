import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateAfternoon, type AfternoonSlot, type AllocationInput, type PatientToPlace } from "./allocate";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 30, 13, 0); // 13:00 on a winter afternoon

function session(kind: AfternoonSlot["kind"], staffIds: string[], startMin: number, endMin: number, slotMin: number): AfternoonSlot[] {
  const slots: AfternoonSlot[] = [];
  for (const staffId of staffIds) {
    for (let t = startMin; t + slotMin <= endMin; t += slotMin) {
      slots.push({ id: `${kind}-${staffId}-${t}`, kind, staffId, startsAt: T0 + t * MIN, endsAt: T0 + (t + slotMin) * MIN });
    }
  }
  return slots;
}

const pilotSlots = [
  ...session("TALKING_THERAPIES", ["maria"], 0, 180, 30), // 13:00–16:00
  ...session("GP", ["james", "aisha"], 30, 240, 20), // 13:30–17:00
];

const rules = { threshold: 3, handoverGapMinutes: 10 };

describe("allocateAfternoon", () => {
  it("books Talking Therapies then a GP after the handover gap for a total of 5", () => {
    const result = allocateAfternoon({
      slots: pilotSlots,
      takenSlotIds: [],
      patients: [{ patientId: "p1", phq4Total: 5, earliestStart: T0 }],
      rules,
    });
    expect(result.appointments.map((a) => [a.kind, (a.startsAt - T0) / MIN])).toEqual([
      ["TALKING_THERAPIES", 0],
      ["GP", 50], // therapy ends 13:30, + 10 min gap → first GP slot at or after 13:40 is 13:50
    ]);
    expect(result.decisions).toEqual([{ patientId: "p1", talkingTherapies: true, reason: "PHQ-4 total 5 ≥ 3: Talking Therapies, then GP" }]);
    expect(result.waitlist).toEqual([]);
  });

  it("books a GP only for a total of 2, at the earliest time", () => {
    const result = allocateAfternoon({
      slots: pilotSlots,
      takenSlotIds: [],
      patients: [{ patientId: "p2", phq4Total: 2, earliestStart: T0 }],
      rules,
    });
    expect(result.appointments.map((a) => [a.kind, (a.startsAt - T0) / MIN])).toEqual([["GP", 30]]);
    expect(result.decisions[0].reason).toBe("PHQ-4 total 2 < 3: GP only");
  });

  it("uses the clinic's threshold, not a constant", () => {
    const result = allocateAfternoon({
      slots: pilotSlots,
      takenSlotIds: [],
      patients: [{ patientId: "p", phq4Total: 4, earliestStart: T0 }],
      rules: { threshold: 5, handoverGapMinutes: 10 },
    });
    expect(result.appointments.map((a) => a.kind)).toEqual(["GP"]);
  });

  it("waitlists a positive screen when Talking Therapies is full, and still books the GP", () => {
    const taken = pilotSlots.filter((s) => s.kind === "TALKING_THERAPIES").map((s) => s.id);
    const result = allocateAfternoon({
      slots: pilotSlots,
      takenSlotIds: taken,
      patients: [{ patientId: "p3", phq4Total: 9, earliestStart: T0 }],
      rules,
    });
    expect(result.waitlist).toEqual([{ patientId: "p3", kind: "TALKING_THERAPIES", reason: expect.stringContaining("No Talking Therapies slot") }]);
    expect(result.appointments.map((a) => a.kind)).toEqual(["GP"]);
  });

  it("waitlists the GP when no GP slot is left after therapy", () => {
    const slots = [...session("TALKING_THERAPIES", ["maria"], 0, 60, 30), ...session("GP", ["james"], 0, 40, 20)];
    const result = allocateAfternoon({ slots, takenSlotIds: [], patients: [{ patientId: "p", phq4Total: 6, earliestStart: T0 }], rules });
    expect(result.appointments.map((a) => a.kind)).toEqual(["TALKING_THERAPIES"]);
    expect(result.waitlist).toEqual([{ patientId: "p", kind: "GP", reason: expect.stringContaining("after the Talking Therapies") }]);
  });

  it("balances patients across GPs at the same time", () => {
    const patients = ["a", "b", "c", "d"].map((id) => ({ patientId: id, phq4Total: 0, earliestStart: T0 }));
    const result = allocateAfternoon({ slots: pilotSlots, takenSlotIds: [], patients, rules });
    const byGp = result.appointments.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.staffId]: (acc[a.staffId] ?? 0) + 1 }), {});
    expect(byGp).toEqual({ aisha: 2, james: 2 });
  });

  it("treats a missing PHQ-4 as GP only, with that reason", () => {
    const result = allocateAfternoon({
      slots: pilotSlots,
      takenSlotIds: [],
      patients: [{ patientId: "x", phq4Total: null, earliestStart: T0 }],
      rules,
    });
    expect(result.decisions[0]).toMatchObject({ talkingTherapies: false, reason: "No PHQ-4 recorded: GP only" });
  });
});

// Random clinics for the property tests.
const clinicArb = fc
  .record({
    therapists: fc.integer({ min: 0, max: 3 }),
    gps: fc.integer({ min: 0, max: 4 }),
    ttSlot: fc.constantFrom(20, 30, 45),
    gpSlot: fc.constantFrom(10, 15, 20),
    ttStart: fc.integer({ min: 0, max: 60 }),
    gpStart: fc.integer({ min: 0, max: 90 }),
    gap: fc.integer({ min: 0, max: 30 }),
    threshold: fc.integer({ min: 1, max: 12 }),
    patients: fc.array(
      fc.record({ total: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null, freq: 8 }), ready: fc.integer({ min: 0, max: 120 }) }),
      { maxLength: 40 },
    ),
    takenEvery: fc.integer({ min: 0, max: 5 }),
  })
  .map((c): AllocationInput => {
    const slots = [
      ...session(
        "TALKING_THERAPIES",
        Array.from({ length: c.therapists }, (_, i) => `t${i}`),
        c.ttStart,
        c.ttStart + 180,
        c.ttSlot,
      ),
      ...session(
        "GP",
        Array.from({ length: c.gps }, (_, i) => `g${i}`),
        c.gpStart,
        c.gpStart + 210,
        c.gpSlot,
      ),
    ];
    const takenSlotIds = c.takenEvery === 0 ? [] : slots.filter((_, i) => i % (c.takenEvery + 2) === 0).map((s) => s.id);
    const patients: PatientToPlace[] = c.patients.map((p, i) => ({
      patientId: `p${String(i).padStart(2, "0")}`,
      phq4Total: p.total,
      earliestStart: T0 + p.ready * MIN,
    }));
    return { slots, takenSlotIds, patients, rules: { threshold: c.threshold, handoverGapMinutes: c.gap } };
  });

describe("allocateAfternoon properties", () => {
  it("never puts two patients in one slot, nor anyone in a taken slot", () => {
    fc.assert(
      fc.property(clinicArb, (input) => {
        const { appointments } = allocateAfternoon(input);
        const ids = appointments.map((a) => a.slotId);
        expect(new Set(ids).size).toBe(ids.length);
        const taken = new Set(input.takenSlotIds);
        expect(ids.filter((id) => taken.has(id))).toEqual([]);
      }),
    );
  });

  it("ends every therapy appointment at least the gap before its GP appointment", () => {
    fc.assert(
      fc.property(clinicArb, (input) => {
        const { appointments } = allocateAfternoon(input);
        for (const tt of appointments.filter((a) => a.kind === "TALKING_THERAPIES")) {
          const gp = appointments.find((a) => a.kind === "GP" && a.patientId === tt.patientId);
          if (gp) expect(gp.startsAt).toBeGreaterThanOrEqual(tt.endsAt + input.rules.handoverGapMinutes * MIN);
        }
      }),
    );
  });

  it("books or waitlists every patient at or above the threshold for therapy, and everyone for a GP", () => {
    fc.assert(
      fc.property(clinicArb, (input) => {
        const { appointments, waitlist } = allocateAfternoon(input);
        for (const p of input.patients) {
          const has = (kind: string) =>
            appointments.some((a) => a.patientId === p.patientId && a.kind === kind) ||
            waitlist.some((w) => w.patientId === p.patientId && w.kind === kind);
          const positive = p.phq4Total !== null && p.phq4Total >= input.rules.threshold;
          expect(has("TALKING_THERAPIES")).toBe(positive);
          expect(has("GP")).toBe(true);
          expect(appointments.filter((a) => a.patientId === p.patientId).every((a) => a.startsAt >= p.earliestStart)).toBe(true);
        }
      }),
    );
  });

  it("gives the same output for the same input, in any order", () => {
    fc.assert(
      fc.property(clinicArb, fc.integer(), (input, seed) => {
        const shuffle = <T>(list: readonly T[]) =>
          [...list]
            .map((v, i) => ({ v, k: Math.sin(seed + i) }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.v);
        const a = allocateAfternoon(input);
        const b = allocateAfternoon({ ...input, slots: shuffle(input.slots), patients: shuffle(input.patients) });
        const key = (r: typeof a) => JSON.stringify([...r.appointments].sort((x, y) => (x.slotId < y.slotId ? -1 : 1)));
        expect(key(b)).toBe(key(a));
        expect(allocateAfternoon(input)).toEqual(a);
      }),
    );
  });

  it("leaves no earlier feasible slot free at the end (earliest times)", () => {
    fc.assert(
      fc.property(clinicArb, (input) => {
        const { appointments } = allocateAfternoon(input);
        const used = new Set([...appointments.map((a) => a.slotId), ...input.takenSlotIds]);
        const freeAtEnd = input.slots.filter((s) => !used.has(s.id));
        for (const appointment of appointments) {
          const patient = input.patients.find((p) => p.patientId === appointment.patientId)!;
          let from = patient.earliestStart;
          if (appointment.kind === "GP") {
            const tt = appointments.find((a) => a.patientId === appointment.patientId && a.kind === "TALKING_THERAPIES");
            if (tt) from = tt.endsAt + input.rules.handoverGapMinutes * MIN;
          }
          const earlier = freeAtEnd.filter((s) => s.kind === appointment.kind && s.startsAt >= from && s.startsAt < appointment.startsAt);
          expect(earlier).toEqual([]);
        }
      }),
    );
  });
});
