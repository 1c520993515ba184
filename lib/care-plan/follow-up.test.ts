import { describe, expect, it } from "vitest";
import { addCalendarDays, contactDateProblems, firstContactDue, followUpStatus } from "./follow-up";

const base = { finalisedOn: "2027-03-01", nextReviewDate: "2027-06-01", reviewed: false, lastContact: null };

describe("key worker follow-up due dates", () => {
  it("adds calendar days across the clock change", () => {
    expect(addCalendarDays("2027-03-20", 14)).toBe("2027-04-03");
  });

  it("the first contact is due two weeks after finalising, or at the review if sooner", () => {
    expect(firstContactDue("2027-03-01", "2027-06-01")).toBe("2027-03-15");
    expect(firstContactDue("2027-03-01", "2027-03-08")).toBe("2027-03-08");
  });

  it("is due, not overdue, on the due date itself; overdue the day after", () => {
    expect(followUpStatus({ ...base, today: "2027-03-15" })).toEqual({ state: "due", due: "2027-03-15", overdue: false, daysOverdue: 0, reviewOverdue: false });
    expect(followUpStatus({ ...base, today: "2027-03-18" })).toMatchObject({ due: "2027-03-15", overdue: true, daysOverdue: 3 });
  });

  it("after a contact, its next contact date; blank means the review is next", () => {
    expect(followUpStatus({ ...base, lastContact: { contactedOn: "2027-03-14", nextContactDue: "2027-04-01" }, today: "2027-03-20" })).toMatchObject({ due: "2027-04-01", overdue: false });
    expect(followUpStatus({ ...base, lastContact: { contactedOn: "2027-03-14", nextContactDue: null }, today: "2027-03-20" })).toMatchObject({ due: "2027-06-01", overdue: false });
  });

  it("stops once the review date is reached and the review happened", () => {
    expect(followUpStatus({ ...base, reviewed: true, today: "2027-06-01" }).state).toBe("done");
  });

  it("keeps contacts due, and flags the review, when the review date passed without a review", () => {
    const status = followUpStatus({ ...base, lastContact: { contactedOn: "2027-05-01", nextContactDue: null }, today: "2027-06-05" });
    expect(status).toMatchObject({ state: "due", due: "2027-06-01", overdue: true, daysOverdue: 4, reviewOverdue: true });
  });

  it("a review flag set before the review date does not stop contacts", () => {
    expect(followUpStatus({ ...base, reviewed: true, today: "2027-05-01" }).state).toBe("due");
  });
});

describe("contact dates", () => {
  const context = { today: "2027-03-20", finalisedOn: "2027-03-01" };
  it("accepts a contact today with a later next contact", () => {
    expect(contactDateProblems({ contactedOn: "2027-03-20", nextContactDue: "2027-04-03" }, context)).toEqual([]);
  });
  it("refuses a future contact, one before the plan, and a next contact in the past", () => {
    expect(contactDateProblems({ contactedOn: "2027-03-21", nextContactDue: null }, context).map((p) => p.field)).toEqual(["contactedAt"]);
    expect(contactDateProblems({ contactedOn: "2027-02-28", nextContactDue: null }, context)[0].message).toMatch(/before the care plan/);
    expect(contactDateProblems({ contactedOn: "2027-03-20", nextContactDue: "2027-03-19" }, context)).toEqual([
      { field: "nextContactDue", message: "The next contact date has passed: choose today or a later date" },
    ]);
  });
});
