import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FollowUpStatus } from "./follow-up";
import {
  CHOOSE_KEY_WORKER,
  compareOversight,
  deactivationRefusal,
  keyWorkerSpells,
  listNames,
  planHandover,
  type PlanNamingKeyWorker,
} from "./key-worker";

const LEAVING = "k-leaving";
const A = "k-a";
const B = "k-b";
const ELIGIBLE = new Set([A, B, LEAVING]);

const plan = (n: number, keyWorkerId: string | null = LEAVING): PlanNamingKeyWorker => ({
  carePlanId: `plan-${n}`,
  patientId: `patient-${n}`,
  patientName: `Patient ${n}`,
  keyWorkerId,
});

describe("planHandover", () => {
  it("hands every plan naming the person leaving to the key worker chosen for all", () => {
    const result = planHandover({ leavingId: LEAVING, plans: [plan(1), plan(2)], toKeyWorkerId: A, assignments: [], eligible: ELIGIBLE });
    expect(result).toEqual({
      ok: true,
      moves: [
        { carePlanId: "plan-1", patientId: "patient-1", fromKeyWorkerId: LEAVING, toKeyWorkerId: A },
        { carePlanId: "plan-2", patientId: "patient-2", fromKeyWorkerId: LEAVING, toKeyWorkerId: A },
      ],
    });
  });

  it("takes a choice per patient over the choice for all, and moves a patient's final plan and draft together", () => {
    const draft = { ...plan(1), carePlanId: "plan-1-draft" };
    const result = planHandover({
      leavingId: LEAVING,
      plans: [plan(1), draft, plan(2)],
      toKeyWorkerId: A,
      assignments: [{ patientId: "patient-1", toKeyWorkerId: B }],
      eligible: ELIGIBLE,
    });
    expect(result.ok && result.moves.map((m) => [m.carePlanId, m.toKeyWorkerId])).toEqual([
      ["plan-1", B],
      ["plan-1-draft", B],
      ["plan-2", A],
    ]);
  });

  it("needs a new key worker for everyone: per patient or for all", () => {
    const result = planHandover({
      leavingId: LEAVING,
      plans: [plan(1), plan(2)],
      toKeyWorkerId: null,
      assignments: [{ patientId: "patient-1", toKeyWorkerId: A }],
      eligible: ELIGIBLE,
    });
    expect(result).toEqual({ ok: false, problems: [{ field: "toKeyWorkerId", message: "Choose the new key worker for Patient 2" }] });
  });

  it("refuses the person leaving, someone who is not an active health buddy, and a patient who is not theirs", () => {
    expect(planHandover({ leavingId: LEAVING, plans: [plan(1)], toKeyWorkerId: LEAVING, assignments: [], eligible: ELIGIBLE })).toEqual({
      ok: false,
      problems: [{ field: "toKeyWorkerId", message: CHOOSE_KEY_WORKER }],
    });
    expect(planHandover({ leavingId: LEAVING, plans: [plan(1)], toKeyWorkerId: "k-gp", assignments: [], eligible: ELIGIBLE }).ok).toBe(false);
    const stranger = planHandover({
      leavingId: LEAVING,
      plans: [plan(1)],
      toKeyWorkerId: A,
      assignments: [{ patientId: "patient-9", toKeyWorkerId: B }],
      eligible: ELIGIBLE,
    });
    expect(stranger).toEqual({
      ok: false,
      problems: [
        { field: "assignments.patient-9", message: "A patient chosen is no longer on this key worker’s caseload: reload the page and check again" },
      ],
    });
    const twice = planHandover({
      leavingId: LEAVING,
      plans: [plan(1)],
      toKeyWorkerId: A,
      assignments: [
        { patientId: "patient-1", toKeyWorkerId: B },
        { patientId: "patient-1", toKeyWorkerId: A },
      ],
      eligible: ELIGIBLE,
    });
    expect(twice.ok).toBe(false);
    const badOne = planHandover({
      leavingId: LEAVING,
      plans: [plan(1)],
      toKeyWorkerId: A,
      assignments: [{ patientId: "patient-1", toKeyWorkerId: LEAVING }],
      eligible: ELIGIBLE,
    });
    expect(badOne).toEqual({
      ok: false,
      problems: [
        { field: "assignments.patient-1", message: "For Patient 1, choose an active health buddy of this PCN other than the person leaving" },
      ],
    });
  });

  it("never moves a plan that names someone else", () => {
    const result = planHandover({
      leavingId: LEAVING,
      plans: [plan(1), plan(2, A), plan(3, null)],
      toKeyWorkerId: B,
      assignments: [],
      eligible: ELIGIBLE,
    });
    expect(result.ok && result.moves.map((m) => m.carePlanId)).toEqual(["plan-1"]);
  });

  it("laws: when it succeeds every plan of the person leaving moves exactly once, to an eligible buddy other than them; otherwise it names a problem", () => {
    const staff = ["k0", "k1", "k2", "k3"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ patient: fc.integer({ min: 0, max: 6 }), keyWorker: fc.option(fc.constantFrom(...staff), { nil: null }) }), {
          maxLength: 10,
        }),
        fc.constantFrom(...staff),
        fc.option(fc.constantFrom(...staff, "stranger"), { nil: null }),
        fc.array(fc.record({ patient: fc.integer({ min: 0, max: 8 }), to: fc.constantFrom(...staff, "stranger") }), { maxLength: 4 }),
        fc.subarray(staff),
        (rows, leaving, forAll, picks, eligibleList) => {
          const plans = rows.map((r, i) => ({
            carePlanId: `plan-${i}`,
            patientId: `patient-${r.patient}`,
            patientName: `Patient ${r.patient}`,
            keyWorkerId: r.keyWorker,
          }));
          const eligible = new Set(eligibleList);
          const assignments = picks.map((p) => ({ patientId: `patient-${p.patient}`, toKeyWorkerId: p.to }));
          const result = planHandover({ leavingId: leaving, plans, toKeyWorkerId: forAll, assignments, eligible });
          if (!result.ok) {
            expect(result.problems.length).toBeGreaterThan(0);
            return;
          }
          const theirs = plans.filter((p) => p.keyWorkerId === leaving).map((p) => p.carePlanId);
          expect(result.moves.map((m) => m.carePlanId)).toEqual(theirs);
          for (const move of result.moves) {
            expect(move.fromKeyWorkerId).toBe(leaving);
            expect(move.toKeyWorkerId).not.toBe(leaving);
            expect(eligible.has(move.toKeyWorkerId)).toBe(true);
          }
          // A patient's plans all go to the same person.
          const byPatient = new Map<string, Set<string>>();
          for (const m of result.moves) byPatient.set(m.patientId, (byPatient.get(m.patientId) ?? new Set()).add(m.toKeyWorkerId));
          for (const targets of byPatient.values()) expect(targets.size).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("deactivationRefusal", () => {
  it("names the patients in order and says what to do", () => {
    expect(deactivationRefusal("Tom Fletcher", ["Chloe Campbell", "Amira Ahmed", "Amira Ahmed"])).toBe(
      "Tom Fletcher is key worker to 2 patients: Amira Ahmed and Chloe Campbell. Hand each of them to another key worker before deactivating the account.",
    );
    expect(deactivationRefusal("Tom Fletcher", ["Amira Ahmed"])).toBe(
      "Tom Fletcher is key worker to 1 patient: Amira Ahmed. Hand them to another key worker before deactivating the account.",
    );
  });

  it("lists at most ten names and counts the rest", () => {
    expect(listNames(["A", "B", "C"])).toBe("A, B and C");
    expect(listNames(["A"])).toBe("A");
    expect(listNames(Array.from({ length: 12 }, (_, i) => `P${i}`))).toBe("P0, P1, P2, P3, P4, P5, P6, P7, P8, P9 and 2 more");
  });
});

describe("keyWorkerSpells", () => {
  const t = (iso: string) => new Date(iso);
  it("is the first key worker, then each handover in time order, each with when it began and ended", () => {
    const spells = keyWorkerSpells({ keyWorkerId: "c", since: t("2027-01-10T10:00:00Z") }, [
      { fromKeyWorkerId: "b", toKeyWorkerId: "c", handedOverAt: t("2027-03-01T09:00:00Z"), reason: "Left the PCN" },
      { fromKeyWorkerId: "a", toKeyWorkerId: "b", handedOverAt: t("2027-02-01T09:00:00Z"), reason: "Caseload balance" },
    ]);
    expect(spells).toEqual([
      { keyWorkerId: "a", from: t("2027-01-10T10:00:00Z"), until: t("2027-02-01T09:00:00Z"), reason: null },
      { keyWorkerId: "b", from: t("2027-02-01T09:00:00Z"), until: t("2027-03-01T09:00:00Z"), reason: "Caseload balance" },
      { keyWorkerId: "c", from: t("2027-03-01T09:00:00Z"), until: null, reason: "Left the PCN" },
    ]);
  });

  it("is the plan's own key worker when nothing was handed over, and nobody when none is named", () => {
    expect(keyWorkerSpells({ keyWorkerId: "a", since: t("2027-01-10T10:00:00Z") }, [])).toEqual([
      { keyWorkerId: "a", from: t("2027-01-10T10:00:00Z"), until: null, reason: null },
    ]);
    expect(keyWorkerSpells({ keyWorkerId: null, since: t("2027-01-10T10:00:00Z") }, [])).toEqual([]);
  });
});

describe("compareOversight", () => {
  const due = (d: string, daysOverdue = 0): FollowUpStatus => ({ state: "due", due: d, overdue: daysOverdue > 0, daysOverdue, reviewOverdue: false });
  const done: FollowUpStatus = { state: "done", due: null, overdue: false, daysOverdue: 0, reviewOverdue: false };
  it("puts an inactive key worker first, then overdue (longest first), then by due date, then reviews done", () => {
    const entries = [
      { name: "Done", keyWorkerActive: true, followUp: done },
      { name: "Later", keyWorkerActive: true, followUp: due("2027-05-01") },
      { name: "Sooner", keyWorkerActive: true, followUp: due("2027-04-01") },
      { name: "Overdue 2", keyWorkerActive: true, followUp: due("2027-03-20", 2) },
      { name: "Overdue 9", keyWorkerActive: true, followUp: due("2027-03-13", 9) },
      { name: "Orphan", keyWorkerActive: false, followUp: due("2027-06-01") },
    ];
    expect([...entries].sort(compareOversight).map((e) => e.name)).toEqual(["Orphan", "Overdue 9", "Overdue 2", "Sooner", "Later", "Done"]);
  });
});
