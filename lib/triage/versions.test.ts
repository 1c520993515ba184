import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNTICK_REASON_MESSAGE } from "./risk";
import { triageRevision, type TriageContent } from "./versions";

const saved = {
  presentingProblems: "Low mood",
  riskToSelf: true,
  riskToOthers: false,
  riskFromOthers: false,
  riskActionTaken: "Safety plan agreed",
  outcome: "STANDALONE_SUPPORT",
  pathway: null,
  signpostKind: null,
  signpostTo: null,
  reviewClinicDayId: null,
  consentToReferral: false,
  recommendations: ["Review sleep"],
} satisfies TriageContent;
const stored = { ...saved, version: 3, changeReason: "Earlier reason" };

describe("what a save of a triage makes", () => {
  it("a first save is version 1 naming every field it fills", () => {
    expect(triageRevision(null, saved, undefined)).toEqual({
      problem: null,
      changed: ["presentingProblems", "riskToSelf", "riskActionTaken", "outcome", "recommendations"],
      newVersion: true,
      version: 1,
      changeReason: null,
    });
  });

  it("a save that changes nothing makes no version and keeps the reason it had", () => {
    expect(triageRevision(stored, { ...saved, recommendations: ["Review sleep"] }, "ignored")).toMatchObject({
      changed: [],
      newVersion: false,
      version: 3,
      changeReason: "Earlier reason",
    });
  });

  it("a change is the next version, with the reason given (or none)", () => {
    expect(triageRevision(stored, { ...saved, presentingProblems: "Low mood, better sleep" }, "  Patient added more  ")).toEqual({
      problem: null,
      changed: ["presentingProblems"],
      newVersion: true,
      version: 4,
      changeReason: "Patient added more",
    });
    expect(triageRevision(stored, { ...saved, riskFromOthers: true }, "")).toMatchObject({
      problem: null,
      version: 4,
      changeReason: null,
      changed: ["riskFromOthers"],
    });
  });

  it("unticking a recorded risk names the problem unless a reason is given", () => {
    const unticked = { ...saved, riskToSelf: false, riskActionTaken: null };
    expect(triageRevision(stored, unticked, undefined)).toMatchObject({ problem: UNTICK_REASON_MESSAGE });
    expect(triageRevision(stored, unticked, " ")).toMatchObject({ problem: UNTICK_REASON_MESSAGE });
    expect(triageRevision(stored, unticked, "Ticked in error")).toMatchObject({ problem: null, version: 4, changeReason: "Ticked in error" });
  });

  it("makes a new version exactly when some field differs, one version on (property)", () => {
    const field = fc.constantFrom("presentingProblems", "riskActionTaken", "signpostTo") as fc.Arbitrary<
      "presentingProblems" | "riskActionTaken" | "signpostTo"
    >;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, fc.string({ maxLength: 5 })), { maxLength: 3 }),
        fc.option(fc.string(), { nil: undefined }),
        (edits, reason) => {
          const next: TriageContent = { ...saved };
          for (const [f, v] of edits) next[f] = v;
          const r = triageRevision(stored, next, reason);
          const differs = (["presentingProblems", "riskActionTaken", "signpostTo"] as const).some((f) => next[f] !== (saved as TriageContent)[f]);
          expect(r.newVersion).toBe(differs);
          expect(r.version).toBe(differs ? 4 : 3);
          expect(r.changed.length > 0).toBe(differs);
          // No risk is unticked here, so no reason is needed.
          expect(r.problem).toBeNull();
        },
      ),
    );
  });
});
