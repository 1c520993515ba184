import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateAfternoon as referenceAllocate } from "@/tests/reference/allocate-quadratic";
import { allocateAfternoon, type AfternoonSlot, type AllocationInput } from "./allocate";

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 29, 12, 0); // the afternoon the clocks go forward

/**
 * Irregular clinics, to reach every tie the allocator breaks: slots of any length at any five-minute start, several
 * clinicians starting together, a clinician with two slots at the same time, a clinician in both kinds, taken slots,
 * patients ready at the same time, totals on either side of the threshold, no PHQ-4.
 */
const irregularClinicArb = fc
  .record({
    slots: fc.array(
      fc.record({
        kind: fc.constantFrom<AfternoonSlot["kind"]>("TALKING_THERAPIES", "GP"),
        staff: fc.integer({ min: 0, max: 5 }),
        start: fc.integer({ min: 0, max: 48 }),
        length: fc.constantFrom(10, 15, 20, 30, 45),
        taken: fc.boolean(),
      }),
      { maxLength: 60 },
    ),
    patients: fc.array(
      fc.record({ total: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null, freq: 6 }), ready: fc.integer({ min: 0, max: 36 }) }),
      { maxLength: 50 },
    ),
    threshold: fc.integer({ min: 0, max: 12 }),
    gap: fc.integer({ min: 0, max: 40 }),
  })
  .map((c): AllocationInput => {
    const slots = c.slots.map((s, i) => ({
      id: `s${String((i * 37) % 61).padStart(2, "0")}-${i}`,
      kind: s.kind,
      staffId: `staff${s.staff}`,
      startsAt: T0 + s.start * 5 * MIN,
      endsAt: T0 + (s.start * 5 + s.length) * MIN,
    }));
    return {
      slots,
      takenSlotIds: slots.filter((_, i) => c.slots[i].taken).map((s) => s.id),
      patients: c.patients.map((p, i) => ({ patientId: `p${(i * 7) % 53}-${i}`, phq4Total: p.total, earliestStart: T0 + p.ready * 5 * MIN })),
      rules: { threshold: c.threshold, handoverGapMinutes: c.gap },
    };
  });

/** Clinics shaped like the bench's (many clinicians on the same grid), where the per-clinician balancing decides most choices. */
const gridClinicArb = fc
  .record({
    therapists: fc.integer({ min: 0, max: 12 }),
    gps: fc.integer({ min: 0, max: 20 }),
    patients: fc.array(fc.record({ total: fc.integer({ min: 0, max: 12 }), ready: fc.integer({ min: 0, max: 6 }) }), { maxLength: 200 }),
    takenEvery: fc.integer({ min: 0, max: 7 }),
  })
  .map((c): AllocationInput => {
    const slots: AfternoonSlot[] = [];
    for (let t = 0; t < c.therapists; t++)
      for (let m = 0; m + 30 <= 180; m += 30)
        slots.push({ id: `t${t}-${m}`, kind: "TALKING_THERAPIES", staffId: `t${t}`, startsAt: T0 + m * MIN, endsAt: T0 + (m + 30) * MIN });
    for (let g = 0; g < c.gps; g++)
      for (let m = 30; m + 20 <= 240; m += 20)
        slots.push({ id: `g${g}-${m}`, kind: "GP", staffId: `g${g}`, startsAt: T0 + m * MIN, endsAt: T0 + (m + 20) * MIN });
    return {
      slots,
      takenSlotIds: c.takenEvery === 0 ? [] : slots.filter((_, i) => i % (c.takenEvery + 1) === 0).map((s) => s.id),
      patients: c.patients.map((p, i) => ({ patientId: `p${i}`, phq4Total: p.total, earliestStart: T0 + p.ready * 10 * MIN })),
      rules: { threshold: 3, handoverGapMinutes: 10 },
    };
  });

describe("allocateAfternoon against the pre-issue-13 allocator (tests/reference)", () => {
  it("gives identical output on irregular random clinics", () => {
    fc.assert(
      fc.property(irregularClinicArb, (input) => {
        expect(allocateAfternoon(input)).toEqual(referenceAllocate(input));
      }),
      { numRuns: 500 },
    );
  });

  it("gives identical output on random clinics with many clinicians on one grid", () => {
    fc.assert(
      fc.property(gridClinicArb, (input) => {
        expect(allocateAfternoon(input)).toEqual(referenceAllocate(input));
      }),
      { numRuns: 200 },
    );
  });
});
