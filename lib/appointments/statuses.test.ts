import { describe, expect, it } from "vitest";
import { AppointmentStatus } from "@/lib/db/generated/enums";
import { ACTIVE_STATUSES, ARRIVED_STATUSES, isActiveStatus, isSeenOrWaiting, PAST_STATUSES, SEEN_OR_WAITING_STATUSES } from "./statuses";

const ALL = Object.values(AppointmentStatus);

describe("appointment status sets", () => {
  it("counts every status but a cancelled or mistaken one as active", () => {
    expect(ALL.filter(isActiveStatus)).toEqual(["BOOKED", "ARRIVED", "FULFILLED", "NOSHOW"]);
    expect(isActiveStatus("CANCELLED")).toBe(false);
    expect(isActiveStatus("ENTERED_IN_ERROR")).toBe(false);
  });

  it("leaves the no-show out of seen-or-waiting", () => {
    expect(ALL.filter(isSeenOrWaiting)).toEqual(["BOOKED", "ARRIVED", "FULFILLED"]);
    expect(isSeenOrWaiting("NOSHOW")).toBe(false);
  });

  it("nests the sets: arrived within past and within seen-or-waiting, all within active", () => {
    for (const s of SEEN_OR_WAITING_STATUSES) expect(ACTIVE_STATUSES).toContain(s);
    for (const s of PAST_STATUSES) expect(ACTIVE_STATUSES).toContain(s);
    for (const s of ARRIVED_STATUSES) {
      expect(PAST_STATUSES).toContain(s);
      expect(SEEN_OR_WAITING_STATUSES).toContain(s);
    }
    expect(PAST_STATUSES).not.toContain("BOOKED");
  });

  it("names only statuses the schema has", () => {
    for (const s of [...ACTIVE_STATUSES, ...PAST_STATUSES]) expect(ALL).toContain(s);
  });
});
