import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyTransition, isClosing, lastStepDate, nextStatuses, REFERRAL_STATUSES, type ReferralDates, type ReferralStatus } from "./index";

const referred: ReferralDates = { status: "REFERRED", referredAt: "2027-01-06", acceptedAt: null, enteredTreatmentAt: null, closedAt: null };
const TODAY = "2027-02-01";

describe("referral status", () => {
  it("moves forward: referred → accepted → entered treatment", () => {
    const accepted = applyTransition(referred, "ACCEPTED", "2027-01-10", TODAY);
    expect(accepted).toEqual({ ok: true, next: { ...referred, status: "ACCEPTED", acceptedAt: "2027-01-10" } });
    if (!accepted.ok) return;
    const treated = applyTransition(accepted.next, "ENTERED_TREATMENT", "2027-01-20", TODAY);
    expect(treated).toMatchObject({ ok: true, next: { status: "ENTERED_TREATMENT", acceptedAt: "2027-01-10", enteredTreatmentAt: "2027-01-20" } });
  });

  it("closes from referred or accepted", () => {
    expect(applyTransition(referred, "DECLINED", "2027-01-06", TODAY)).toMatchObject({
      ok: true,
      next: { status: "DECLINED", closedAt: "2027-01-06" },
    });
    const accepted: ReferralDates = { ...referred, status: "ACCEPTED", acceptedAt: "2027-01-08" };
    expect(applyTransition(accepted, "DID_NOT_ENGAGE", "2027-01-30", TODAY)).toMatchObject({
      ok: true,
      next: { status: "DID_NOT_ENGAGE", closedAt: "2027-01-30" },
    });
  });

  it("never goes back or skips acceptance", () => {
    expect(applyTransition(referred, "ENTERED_TREATMENT", "2027-01-10", TODAY)).toEqual({
      ok: false,
      field: "status",
      message: "A referral that is referred cannot be marked entered treatment",
    });
    const accepted: ReferralDates = { ...referred, status: "ACCEPTED", acceptedAt: "2027-01-08" };
    expect(applyTransition(accepted, "REFERRED", "2027-01-10", TODAY)).toMatchObject({ ok: false, field: "status" });
    const declined: ReferralDates = { ...referred, status: "DECLINED", closedAt: "2027-01-08" };
    expect(applyTransition(declined, "ACCEPTED", "2027-01-10", TODAY)).toEqual({
      ok: false,
      field: "status",
      message: "This referral is already declined: it cannot change again",
    });
  });

  it("refuses a future date and one before the previous step", () => {
    expect(applyTransition(referred, "ACCEPTED", "2027-02-02", TODAY)).toEqual({
      ok: false,
      field: "date",
      message: "The date cannot be in the future",
    });
    expect(applyTransition(referred, "ACCEPTED", "2027-01-05", TODAY)).toEqual({
      ok: false,
      field: "date",
      message: "The date cannot be before 06/01/2027, the referral's previous step",
    });
    const accepted: ReferralDates = { ...referred, status: "ACCEPTED", acceptedAt: "2027-01-20" };
    expect(applyTransition(accepted, "ENTERED_TREATMENT", "2027-01-19", TODAY)).toMatchObject({ ok: false, field: "date" });
  });

  it("property: any sequence of steps keeps the status forward and the dates in order", () => {
    const day = fc.integer({ min: 0, max: 40 }).map((n) => new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10));
    const step = fc.tuple(fc.constantFrom(...REFERRAL_STATUSES), day);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
        let r: ReferralDates = { ...referred, referredAt: "2027-01-01" };
        const seen: ReferralStatus[] = [r.status];
        for (const [to, date] of steps) {
          const result = applyTransition(r, to, date, "2027-01-31");
          if (!result.ok) continue;
          expect(nextStatuses(r.status)).toContain(to);
          expect(date >= lastStepDate(r) && date <= "2027-01-31").toBe(true);
          r = result.next;
          seen.push(r.status);
        }
        // The database's own check, restated.
        if (r.status === "ENTERED_TREATMENT") expect(r.acceptedAt! <= r.enteredTreatmentAt!).toBe(true);
        if (isClosing(r.status)) expect(r.closedAt! >= r.referredAt).toBe(true);
        expect(new Set(seen).size).toBe(seen.length);
      }),
    );
  });
});
