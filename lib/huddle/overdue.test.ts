import { describe, expect, it } from "vitest";
import { daysOverdue, defaultAcceptBy, isReferralOverdue } from "./overdue";

describe("an overdue referral out of a huddle", () => {
  it("is one still only referred after its accept-by date", () => {
    expect(isReferralOverdue({ status: "REFERRED", acceptBy: "2027-03-08" }, "2027-03-09")).toBe(true);
    expect(daysOverdue({ status: "REFERRED", acceptBy: "2027-03-08" }, "2027-03-11")).toBe(3);
  });

  it("is not overdue on the day itself, once accepted or closed, or without a date", () => {
    expect(isReferralOverdue({ status: "REFERRED", acceptBy: "2027-03-08" }, "2027-03-08")).toBe(false);
    expect(isReferralOverdue({ status: "ACCEPTED", acceptBy: "2027-03-01" }, "2027-03-09")).toBe(false);
    expect(isReferralOverdue({ status: "DECLINED", acceptBy: "2027-03-01" }, "2027-03-09")).toBe(false);
    expect(isReferralOverdue({ status: "REFERRED", acceptBy: null }, "2027-03-09")).toBe(false);
    expect(daysOverdue({ status: "ACCEPTED", acceptBy: "2027-03-01" }, "2027-03-09")).toBe(0);
  });

  it("defaults the accept-by date to a week after the huddle, across a clock change", () => {
    expect(defaultAcceptBy("2027-03-01")).toBe("2027-03-08");
    expect(defaultAcceptBy("2027-03-25")).toBe("2027-04-01");
    expect(defaultAcceptBy("2027-03-01", 14)).toBe("2027-03-15");
    expect(() => defaultAcceptBy("soon")).toThrow(RangeError);
  });
});
