import { describe, expect, it } from "vitest";
import { bookableSlotProblem, mayBePatientClash, nextFreeSlots } from "./bookable-slot";

const morning = { kind: "WRAP_AROUND", dayStatus: "SCHEDULED", date: "2025-03-10" } as const;

describe("bookableSlotProblem", () => {
  it("lets reception book a morning slot of a scheduled day today or later", () => {
    expect(bookableSlotProblem(morning, "2025-03-10")).toBeNull();
    expect(bookableSlotProblem(morning, "2025-03-01")).toBeNull();
  });

  it("refuses an afternoon slot", () => {
    expect(bookableSlotProblem({ ...morning, kind: "GP" }, "2025-03-10")).toMatch(/Only morning wrap-around slots/);
    expect(bookableSlotProblem({ ...morning, kind: "TALKING_THERAPIES" }, "2025-03-10")).toMatch(/Only morning wrap-around slots/);
  });

  it("refuses a cancelled day before a past one", () => {
    expect(bookableSlotProblem({ ...morning, dayStatus: "CANCELLED" }, "2025-03-20")).toMatch(/has been cancelled/);
  });

  it("refuses a day that has happened", () => {
    expect(bookableSlotProblem(morning, "2025-03-11")).toMatch(/already happened/);
  });
});

describe("mayBePatientClash", () => {
  it("looks for the patient's own booking unless only the slot index broke", () => {
    expect(mayBePatientClash("activeMorningDayId patientId")).toBe(true);
    expect(mayBePatientClash("activeSlotId")).toBe(false);
    expect(mayBePatientClash("")).toBe(true);
    expect(mayBePatientClash("activeSlotId activeMorningDayId")).toBe(true);
  });
});

describe("nextFreeSlots", () => {
  const slot = (time: string) => ({ startsAt: `2025-03-10T${time}:00.000Z` });
  const free = ["09:00", "09:15", "09:45", "10:00", "10:15", "10:30"].map(slot);

  it("offers from the wanted time on, then the earlier gaps, four at most", () => {
    expect(nextFreeSlots(free, slot("09:30").startsAt)).toEqual(["09:45", "10:00", "10:15", "10:30"].map(slot));
    expect(nextFreeSlots(free, slot("10:15").startsAt)).toEqual(["10:15", "10:30", "09:00", "09:15"].map(slot));
  });

  it("offers what there is", () => {
    expect(nextFreeSlots([], "x")).toEqual([]);
    expect(nextFreeSlots(free, "", 2)).toEqual(["09:00", "09:15"].map(slot));
  });
});
