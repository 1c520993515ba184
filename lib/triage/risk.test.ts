import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasRisk } from "./index";
import {
  addedRiskKinds,
  isRiskOpen,
  removedRiskKinds,
  riskKindList,
  riskKinds,
  riskSinceVersion,
  untickProblem,
  UNTICK_REASON_MESSAGE,
  type RiskVersion,
} from "./risk";

const none = { riskToSelf: false, riskToOthers: false, riskFromOthers: false };
const self = { ...none, riskToSelf: true };
const others = { ...none, riskToOthers: true };
const selfAndOthers = { ...none, riskToSelf: true, riskToOthers: true };

const screenArb = fc.record({ riskToSelf: fc.boolean(), riskToOthers: fc.boolean(), riskFromOthers: fc.boolean() });
/** A triage's versions 1..n with random risk screens. */
const versionsArb = fc
  .array(screenArb, { minLength: 1, maxLength: 8 })
  .map((screens) => screens.map((s, i): RiskVersion => ({ ...s, version: i + 1 })));

describe("unticking a risk", () => {
  it("is removing a kind of risk the earlier version recorded", () => {
    expect(removedRiskKinds(selfAndOthers, self)).toEqual(["riskToOthers"]);
    expect(removedRiskKinds(self, none)).toEqual(["riskToSelf"]);
    expect(removedRiskKinds(self, others)).toEqual(["riskToSelf"]);
    expect(removedRiskKinds(self, selfAndOthers)).toEqual([]);
    // A first save unticks nothing.
    expect(removedRiskKinds(null, none)).toEqual([]);
    expect(addedRiskKinds(null, self)).toEqual(["riskToSelf"]);
    expect(addedRiskKinds(self, others)).toEqual(["riskToOthers"]);
  });

  it("needs a reason, and only then", () => {
    expect(untickProblem(self, none, undefined)).toBe(UNTICK_REASON_MESSAGE);
    expect(untickProblem(self, none, "   ")).toBe(UNTICK_REASON_MESSAGE);
    expect(untickProblem(selfAndOthers, others, null)).toBe(UNTICK_REASON_MESSAGE);
    expect(untickProblem(self, none, "Entered on the wrong patient's triage")).toBeNull();
    expect(untickProblem(self, selfAndOthers, undefined)).toBeNull();
    expect(untickProblem(null, none, undefined)).toBeNull();
    expect(untickProblem(none, self, undefined)).toBeNull();
  });

  it("needs a reason exactly when some recorded kind is not in the new screen (property)", () => {
    fc.assert(
      fc.property(screenArb, screenArb, (before, after) => {
        const lost = riskKinds(before).some((k) => !riskKinds(after).includes(k));
        expect(untickProblem(before, after, "") !== null).toBe(lost);
        expect(untickProblem(before, after, "A reason")).toBeNull();
      }),
    );
  });

  it("names the kinds for a sentence", () => {
    expect(riskKindList(["riskToSelf", "riskFromOthers"])).toBe("Risk to self, risk from others");
  });
});

describe("an open risk", () => {
  it("is open from the version that recorded it until reviewed", () => {
    const versions = [
      { ...none, version: 1 },
      { ...self, version: 2 },
      { ...self, version: 3 },
    ];
    expect(riskSinceVersion(versions)).toBe(2);
    expect(isRiskOpen(versions, [])).toBe(true);
    expect(isRiskOpen(versions, [{ triageVersion: 2 }])).toBe(false);
    expect(isRiskOpen(versions, [{ triageVersion: 3 }])).toBe(false);
  });

  it("stays closed when a later version only unticks one kind of two, and opens again when a kind is added", () => {
    expect(
      isRiskOpen(
        [
          { ...selfAndOthers, version: 1 },
          { ...self, version: 2 },
        ],
        [{ triageVersion: 1 }],
      ),
    ).toBe(false);
    expect(
      isRiskOpen(
        [
          { ...self, version: 1 },
          { ...selfAndOthers, version: 2 },
        ],
        [{ triageVersion: 1 }],
      ),
    ).toBe(true);
    expect(
      isRiskOpen(
        [
          { ...self, version: 1 },
          { ...none, version: 2 },
          { ...self, version: 3 },
        ],
        [{ triageVersion: 1 }],
      ),
    ).toBe(true);
  });

  it("ends when every kind is unticked", () => {
    expect(
      riskSinceVersion([
        { ...self, version: 1 },
        { ...none, version: 2 },
      ]),
    ).toBeNull();
    expect(
      isRiskOpen(
        [
          { ...self, version: 1 },
          { ...none, version: 2 },
        ],
        [],
      ),
    ).toBe(false);
  });

  it("reads versions in version order, whatever order they come in", () => {
    expect(
      riskSinceVersion([
        { ...selfAndOthers, version: 3 },
        { ...self, version: 1 },
        { ...self, version: 2 },
      ]),
    ).toBe(3);
  });

  it("is open exactly when the latest version has a risk and no review covers it (property)", () => {
    fc.assert(
      fc.property(versionsArb, fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 3 }), (versions, reviewed) => {
        const latest = versions[versions.length - 1];
        const since = riskSinceVersion(versions);
        // No risk now: never open. A risk now: dates from a version with a risk, no later than now.
        expect(since === null).toBe(!hasRisk(latest));
        if (since !== null) {
          expect(since).toBeLessThanOrEqual(latest.version);
          expect(hasRisk(versions[since - 1])).toBe(true);
          // Every version from `since` on records a risk and adds no kind.
          for (const v of versions.slice(since)) {
            expect(hasRisk(v)).toBe(true);
            expect(addedRiskKinds(versions[v.version - 2], v)).toEqual([]);
          }
        }
        const reviews = reviewed.map((triageVersion) => ({ triageVersion }));
        expect(isRiskOpen(versions, reviews)).toBe(since !== null && reviews.every((r) => r.triageVersion < since));
        // A review of the latest version always closes it.
        expect(isRiskOpen(versions, [...reviews, { triageVersion: latest.version }])).toBe(false);
      }),
    );
  });
});
