import { describe, expect, it } from "vitest";
import {
  afterWrongDob,
  dobMatches,
  hashToken,
  isTokenShaped,
  linkExpiry,
  linkState,
  linkWorksUntil,
  mayChange,
  MAX_DOB_ATTEMPTS,
  newToken,
  sameHash,
  selfCheckInProblem,
} from "@/lib/patient-links";

const at = (iso: string) => new Date(iso);
const open = { expiresAt: at("2026-12-09T12:00:00Z"), usedAt: null, cancelledAt: null, lockedAt: null };

describe("tokens", () => {
  it("are 256 random bits in base64url, different every time", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(isTokenShaped(token)).toBe(true);
    }
  });

  it("are stored as their SHA-256, which is not the token and is stable", () => {
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toBe(token);
    expect(hashToken(token)).toBe(hash);
    // The known SHA-256 of "abc", so the hash is really SHA-256 in base64url.
    expect(hashToken("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("refuse anything not shaped like a token before lookup", () => {
    for (const bad of [
      "",
      "abc",
      `${newToken()}x`,
      `${newToken().slice(0, 42)}=`,
      "../../etc/passwd",
      42,
      null,
      undefined,
      "a".repeat(43).replace(/a$/, "/"),
    ]) {
      expect(isTokenShaped(bad)).toBe(false);
    }
  });

  it("compare hashes exactly, whatever the lengths", () => {
    const hash = hashToken(newToken());
    expect(sameHash(hash, hash)).toBe(true);
    expect(sameHash(hash, `${hash.slice(0, 42)}${hash[42] === "A" ? "B" : "A"}`)).toBe(false);
    expect(sameHash(hash, hash.slice(0, 42))).toBe(false);
    expect(sameHash("", "")).toBe(true);
  });
});

describe("expiry", () => {
  it("is 7 days after creation by default, by the clock (not the calendar day)", () => {
    expect(linkExpiry(at("2026-10-20T09:00:00Z")).toISOString()).toBe("2026-10-27T09:00:00.000Z");
    expect(linkExpiry(at("2026-10-20T09:00:00Z"), 1).toISOString()).toBe("2026-10-21T09:00:00.000Z");
    expect(() => linkExpiry(at("2026-10-20T09:00:00Z"), 0)).toThrow(RangeError);
    expect(() => linkExpiry(at("2026-10-20T09:00:00Z"), 29)).toThrow(RangeError);
  });

  it("stops the link at that instant, not a moment later", () => {
    expect(linkState(open, at("2026-12-09T11:59:59.999Z"))).toBe("OPEN");
    expect(linkState(open, at("2026-12-09T12:00:00Z"))).toBe("EXPIRED");
  });

  it("is extended to the end of the day of an appointment booked through the link, never shortened", () => {
    const booked = { ...open, appointmentDayEndsAt: at("2026-12-20T00:00:00Z") };
    expect(linkWorksUntil(booked)).toEqual(at("2026-12-20T00:00:00Z"));
    expect(linkState(booked, at("2026-12-15T00:00:00Z"))).toBe("OPEN");
    expect(linkState(booked, at("2026-12-20T00:00:00Z"))).toBe("EXPIRED");
    expect(linkWorksUntil({ ...open, appointmentDayEndsAt: at("2026-12-01T00:00:00Z") })).toEqual(open.expiresAt);
  });
});

describe("link state", () => {
  const now = at("2026-12-05T12:00:00Z");
  it("is cancelled, used or locked whatever the expiry, in that order", () => {
    expect(linkState({ ...open, cancelledAt: now, usedAt: now, lockedAt: now }, now)).toBe("CANCELLED");
    expect(linkState({ ...open, usedAt: now, lockedAt: now }, now)).toBe("USED");
    expect(linkState({ ...open, lockedAt: now }, now)).toBe("LOCKED");
    expect(linkState({ ...open, lockedAt: now }, at("2027-01-01T00:00:00Z"))).toBe("LOCKED");
    expect(linkState(open, now)).toBe("OPEN");
  });
});

describe("dates of birth", () => {
  it("lock the link on the fifth wrong one, never counting past it", () => {
    let failed = 0;
    const outcomes = [];
    for (let i = 0; i < MAX_DOB_ATTEMPTS; i++) {
      const next = afterWrongDob(failed);
      outcomes.push(next.locks);
      failed = next.failedDobAttempts;
    }
    expect(outcomes).toEqual([false, false, false, false, true]);
    expect(afterWrongDob(5)).toEqual({ failedDobAttempts: 5, locks: true, remaining: 0 });
    expect(afterWrongDob(0).remaining).toBe(4);
  });

  it("match only the recorded date, and never an impossible one", () => {
    expect(dobMatches({ day: 7, month: 3, year: 1956 }, "1956-03-07")).toBe(true);
    expect(dobMatches({ day: 3, month: 7, year: 1956 }, "1956-03-07")).toBe(false);
    expect(dobMatches({ day: 29, month: 2, year: 2000 }, "2000-02-29")).toBe(true);
    expect(dobMatches({ day: 29, month: 2, year: 2001 }, "2001-03-01")).toBe(false);
    expect(dobMatches({ day: 31, month: 4, year: 1960 }, "1960-05-01")).toBe(false);
    expect(dobMatches({ day: 1.5, month: 4, year: 1960 }, "1960-04-01")).toBe(false);
    expect(dobMatches({ day: NaN, month: 4, year: 1960 }, "1960-04-01")).toBe(false);
  });
});

describe("moving and cancelling", () => {
  it("are allowed until the day before the appointment, not on the day or after", () => {
    expect(mayChange("2026-12-10", "2026-12-09")).toBe(true);
    expect(mayChange("2026-12-10", "2026-12-10")).toBe(false);
    expect(mayChange("2026-12-10", "2026-12-11")).toBe(false);
  });
});

describe("self check-in", () => {
  const startsAt = at("2026-12-10T09:20:00Z");
  it("opens an hour before the appointment and closes half an hour after it starts", () => {
    expect(selfCheckInProblem(startsAt, at("2026-12-10T08:19:59Z"))).toMatch(/from 60 minutes/);
    expect(selfCheckInProblem(startsAt, at("2026-12-10T08:20:00Z"))).toBeNull();
    expect(selfCheckInProblem(startsAt, at("2026-12-10T09:50:00Z"))).toBeNull();
    expect(selfCheckInProblem(startsAt, at("2026-12-10T09:50:01Z"))).toMatch(/too late/);
  });
});
