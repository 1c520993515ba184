import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { outcomeRates, referralOutcome, type Attendance, type Contact, type SessionKind } from "./recovery";

const session = (
  day: number,
  phq9: number | null,
  gad7: number | null,
  kind: SessionKind = "TREATMENT",
  attendance: Attendance = "ATTENDED",
): Contact => ({
  at: `2027-03-${String(day).padStart(2, "0")}`,
  kind,
  attendance,
  phq9,
  gad7,
});

describe("worked examples", () => {
  it("at caseness at assessment, scores fall below both thresholds by a reliable amount: recovered, reliably improved and reliably recovered", () => {
    const outcome = referralOutcome([session(1, 16, 12, "ASSESSMENT"), session(8, 13, 10), session(15, 10, 7), session(22, 7, 6)], true);
    expect(outcome).toMatchObject({
      treatmentSessions: 3,
      finishedTreatment: true,
      first: { phq9: 16, gad7: 12 },
      last: { phq9: 7, gad7: 6 },
      atCaseness: true,
      inRecoveryRate: true,
      recovered: true,
      reliablyImproved: true,
      reliablyDeteriorated: false,
      reliablyRecovered: true,
    });
  });

  it("not at caseness at the start: never counted in the recovery rate, still in the reliable improvement rate", () => {
    const outcome = referralOutcome([session(1, 8, 6, "ASSESSMENT"), session(8, 5, 4), session(15, 2, 1)], true);
    expect(outcome).toMatchObject({ atCaseness: false, inRecoveryRate: false, inImprovementRate: true, recovered: null, reliablyRecovered: null });
    expect(outcome.reliablyImproved).toBe(true); // PHQ-9 down 6
  });

  it("one treatment session only: not a finished course, so in no rate", () => {
    const outcome = referralOutcome([session(1, 15, 12, "ASSESSMENT"), session(8, 6, 4)], true);
    expect(outcome).toMatchObject({ treatmentSessions: 1, finishedTreatment: false, inRecoveryRate: false, inImprovementRate: false });
    expect([outcome.recovered, outcome.reliablyImproved, outcome.reliablyDeteriorated, outcome.reliablyRecovered]).toEqual([null, null, null, null]);
  });

  it("better on the PHQ-9, reliably worse on the GAD-7: neither reliably improved nor deteriorated, and not recovered", () => {
    const outcome = referralOutcome([session(1, 12, 10), session(8, 9, 12), session(15, 5, 15)], true);
    expect(outcome).toMatchObject({ recovered: false, reliablyImproved: false, reliablyDeteriorated: false, reliablyRecovered: false });
  });

  it("reliably worse on one measure and not better on the other: reliably deteriorated", () => {
    const outcome = referralOutcome([session(1, 11, 9), session(8, 17, 9)], true);
    expect(outcome).toMatchObject({ reliablyImproved: false, reliablyDeteriorated: true, recovered: false });
  });

  it("below both thresholds at the end by a small change: recovered but not reliably, so not reliably recovered", () => {
    const outcome = referralOutcome([session(1, 10, 8), session(8, 9, 7)], true);
    expect(outcome).toMatchObject({ recovered: true, reliablyImproved: false, reliablyRecovered: false });
  });

  it("still open: not finished, whatever the scores", () => {
    const outcome = referralOutcome([session(1, 20, 18), session(8, 10, 9), session(15, 3, 2)], false);
    expect(outcome).toMatchObject({ finishedTreatment: false, inRecoveryRate: false, recovered: null });
  });

  it("sessions not attended, and sessions with one measure missing, are not the first or last measured session", () => {
    const outcome = referralOutcome(
      [
        session(1, 14, 11, "ASSESSMENT"),
        session(3, 20, 20, "TREATMENT", "DID_NOT_ATTEND"),
        session(8, 12, null),
        session(15, 9, 7),
        session(22, 3, null),
        session(29, null, null, "TREATMENT", "CANCELLED"),
      ],
      true,
    );
    expect(outcome).toMatchObject({ treatmentSessions: 3, first: { phq9: 14, gad7: 11 }, last: { phq9: 9, gad7: 7 }, recovered: true });
  });

  it("finished with only one measured session: no paired scores, so in no rate", () => {
    const outcome = referralOutcome([session(1, 16, 12), session(8, null, null), session(15, null, null)], true);
    expect(outcome).toMatchObject({ finishedTreatment: true, inImprovementRate: false, inRecoveryRate: false, recovered: null });
  });

  it("refuses a total out of range", () => {
    expect(() => referralOutcome([session(1, 28, 3)], true)).toThrow(RangeError);
    expect(() => referralOutcome([session(1, 3, 22)], true)).toThrow(RangeError);
  });

  it("counts the rates' numerators and denominators over a group", () => {
    const rates = outcomeRates([
      referralOutcome([session(1, 16, 12), session(8, 7, 6)], true), // recovered, reliably
      referralOutcome([session(1, 10, 8), session(8, 9, 7)], true), // recovered, not reliably
      referralOutcome([session(1, 8, 6), session(8, 2, 1)], true), // not at caseness, improved
      referralOutcome([session(1, 11, 9), session(8, 17, 9)], true), // deteriorated
      referralOutcome([session(1, 16, 12)], true), // one session
    ]);
    expect(rates).toEqual({
      finishedTreatment: 4,
      atCaseness: 3,
      recovered: 2,
      reliablyRecovered: 1,
      paired: 4,
      reliablyImproved: 2,
      reliablyDeteriorated: 1,
    });
  });
});

describe("properties over random courses of treatment", () => {
  const contact = fc.record({
    day: fc.integer({ min: 1, max: 28 }),
    kind: fc.constantFrom<SessionKind>("ASSESSMENT", "TREATMENT"),
    attendance: fc.constantFrom<Attendance>("ATTENDED", "ATTENDED", "ATTENDED", "DID_NOT_ATTEND", "CANCELLED"),
    phq9: fc.option(fc.integer({ min: 0, max: 27 }), { freq: 4 }),
    gad7: fc.option(fc.integer({ min: 0, max: 21 }), { freq: 4 }),
  });
  const course = fc.array(contact, { maxLength: 10 }).map((cs) =>
    // Distinct days, so the order is the contacts' own.
    cs.map((c, i) => session(i + 1, c.phq9, c.gad7, c.kind, c.attendance)),
  );

  it("recovery implies caseness at the start and a finished course; reliable recovery implies recovery and reliable improvement", () => {
    fc.assert(
      fc.property(course, fc.boolean(), (contacts, closed) => {
        const o = referralOutcome(contacts, closed);
        if (o.recovered !== null) expect(o.atCaseness && o.finishedTreatment && o.inRecoveryRate).toBe(true);
        if (o.reliablyRecovered) expect(o.recovered && o.reliablyImproved).toBe(true);
        expect(o.reliablyImproved && o.reliablyDeteriorated).toBeFalsy();
        if (!closed) expect([o.finishedTreatment, o.inImprovementRate, o.recovered, o.reliablyImproved]).toEqual([false, false, null, null]);
        if (o.inRecoveryRate) expect(o.inImprovementRate).toBe(true);
      }),
    );
  });

  it("does not depend on the order the contacts are given in, nor on contacts not attended", () => {
    fc.assert(
      fc.property(course, fc.boolean(), (contacts, closed) => {
        const o = referralOutcome(contacts, closed);
        expect(referralOutcome([...contacts].reverse(), closed)).toEqual(o);
        expect(
          referralOutcome(
            contacts.filter((c) => c.attendance === "ATTENDED"),
            closed,
          ),
        ).toEqual(o);
      }),
    );
  });
});
