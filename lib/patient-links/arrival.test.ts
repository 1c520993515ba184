import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arrivalCode, matchArrival, surnameInitial, type ArrivalCandidate } from "./arrival";
import { hashToken, isTokenShaped, newToken } from "./index";

const SECRET = "s".repeat(32);
const at = (iso: string) => new Date(iso);
const NOW = at("2026-12-02T09:30:00Z");

function candidate(over: Partial<ArrivalCandidate> = {}): ArrivalCandidate {
  return {
    appointmentId: "a1",
    patientId: "p1",
    dateOfBirth: "1958-03-27",
    familyName: "Smith",
    morning: true,
    status: "BOOKED",
    startsAt: at("2026-12-02T10:00:00Z"),
    routed: false,
    ...over,
  };
}
const typed = { day: 27, month: 3, year: 1958, initial: "s" };

describe("the desk's check-in code", () => {
  it("is 256 bits shaped like a link token, the same for a seed and secret, and different for another of either", () => {
    const seed = newToken();
    const code = arrivalCode(SECRET, seed);
    expect(isTokenShaped(code)).toBe(true);
    expect(Buffer.from(code, "base64url")).toHaveLength(32);
    expect(arrivalCode(SECRET, seed)).toBe(code);
    expect(arrivalCode(SECRET, newToken())).not.toBe(code);
    expect(arrivalCode("t".repeat(32), seed)).not.toBe(code);
    // What the database keeps (seed and hash) is not the code.
    expect([seed, hashToken(code)]).not.toContain(code);
  });

  it("refuses a short secret", () => {
    expect(() => arrivalCode("short", newToken())).toThrow(RangeError);
  });
});

describe("the first letter of a surname", () => {
  it("is the first letter, upper case, accents dropped, punctuation skipped", () => {
    expect(surnameInitial("smith")).toBe("S");
    expect(surnameInitial("Élise")).toBe("E");
    expect(surnameInitial("O'Brien")).toBe("O");
    expect(surnameInitial("  'Ndiaye")).toBe("N");
    expect(surnameInitial("Øster")).toBe("Ø");
    expect(surnameInitial("123")).toBeNull();
  });
});

describe("matching an arrival", () => {
  it("checks in the one patient whose date of birth and letter match, booked and inside the window", () => {
    const outcome = matchArrival([candidate(), candidate({ appointmentId: "a2", patientId: "p2", familyName: "Jones" })], typed, NOW);
    expect(outcome).toEqual({ kind: "CHECK_IN", appointmentId: "a1", patientId: "p1", startsAt: at("2026-12-02T10:00:00Z") });
  });

  it("sends to the desk when nothing matches: wrong letter, wrong date, or an impossible date", () => {
    expect(matchArrival([candidate()], { ...typed, initial: "J" }, NOW)).toEqual({ kind: "DESK", reason: "NO_MATCH" });
    expect(matchArrival([candidate()], { ...typed, initial: "" }, NOW)).toEqual({ kind: "DESK", reason: "NO_MATCH" });
    expect(matchArrival([candidate({ familyName: "Élan" })], { ...typed, initial: "e" }, NOW)).toMatchObject({ kind: "CHECK_IN" });
    expect(matchArrival([candidate()], { ...typed, day: 28 }, NOW)).toEqual({ kind: "DESK", reason: "NO_MATCH" });
    expect(matchArrival([candidate({ dateOfBirth: "1958-03-01" })], { ...typed, day: 29, month: 2 }, NOW)).toEqual({
      kind: "DESK",
      reason: "NO_MATCH",
    });
  });

  it("checks in nobody when two patients match, even if only one of them could check in now", () => {
    const later = candidate({ appointmentId: "a2", patientId: "p2", familyName: "Shah", startsAt: at("2026-12-02T12:00:00Z") });
    expect(matchArrival([candidate(), later], typed, NOW)).toEqual({ kind: "DESK", reason: "SEVERAL" });
    const cancelled = candidate({ appointmentId: "a3", patientId: "p3", familyName: "Singh", status: "CANCELLED" });
    expect(matchArrival([candidate(), cancelled], typed, NOW)).toEqual({ kind: "DESK", reason: "SEVERAL" });
  });

  it("sends to the desk outside the window, when not booked, or when already routed today", () => {
    expect(matchArrival([candidate({ startsAt: at("2026-12-02T10:31:00Z") })], typed, NOW)).toMatchObject({ reason: "TOO_EARLY" });
    expect(matchArrival([candidate({ startsAt: at("2026-12-02T08:59:00Z") })], typed, NOW)).toMatchObject({ reason: "TOO_LATE" });
    expect(matchArrival([candidate({ status: "ARRIVED" })], typed, NOW)).toMatchObject({ reason: "NOT_BOOKED" });
    expect(matchArrival([candidate({ morning: false })], typed, NOW)).toMatchObject({ reason: "NOT_BOOKED" });
    expect(matchArrival([candidate({ routed: true })], typed, NOW)).toMatchObject({ reason: "ROUTED" });
  });

  it("never checks in a patient other than the only one who matches (property)", () => {
    const people = fc.record({
      patientId: fc.constantFrom("p1", "p2", "p3", "p4"),
      dateOfBirth: fc.constantFrom("1958-03-27", "1958-03-28", "1960-01-01"),
      familyName: fc.constantFrom("Smith", "Shah", "Jones", "Élan"),
      morning: fc.boolean(),
      status: fc.constantFrom("BOOKED", "ARRIVED", "CANCELLED", "NOSHOW"),
      startsAt: fc.integer({ min: -120, max: 120 }).map((m) => new Date(NOW.getTime() + m * 60_000)),
      routed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(people, { maxLength: 8 }), fc.constantFrom("S", "J", "E", "x"), (rows, initial) => {
        const candidates = rows.map((r, i) => ({ ...r, appointmentId: `a${i}` }));
        const input = { ...typed, initial };
        const outcome = matchArrival(candidates, input, NOW);
        const matchingPatients = new Set(
          candidates
            .filter((c) => c.dateOfBirth === "1958-03-27" && surnameInitial(c.familyName) === surnameInitial(initial))
            .map((c) => c.patientId),
        );
        if (outcome.kind === "CHECK_IN") {
          expect(matchingPatients).toEqual(new Set([outcome.patientId]));
          const appointment = candidates.find((c) => c.appointmentId === outcome.appointmentId)!;
          expect(appointment).toMatchObject({ patientId: outcome.patientId, morning: true, status: "BOOKED", routed: false });
        } else if (matchingPatients.size !== 1) {
          expect(outcome.patientId).toBeUndefined();
        }
      }),
    );
  });
});
