/**
 * Who keeps in touch with a patient when their key worker leaves or is
 * replaced. Plain data in, plain results out.
 *
 * - Every current care plan (final, or a draft in progress) naming the person
 *   who leaves goes to someone: the key worker chosen for that patient, or the
 *   one chosen for all. Nobody is left out and nobody is handed to the person
 *   leaving or to anyone who is not an active health buddy of the PCN.
 * - The history of a plan's key workers is its first key worker followed by
 *   each handover in turn; nothing is overwritten.
 */
import type { FollowUpStatus } from "./follow-up";

export type PlanNamingKeyWorker = {
  carePlanId: string;
  patientId: string;
  patientName: string;
  keyWorkerId: string | null;
};

export type PatientAssignment = { patientId: string; toKeyWorkerId: string };

export type HandoverMove = { carePlanId: string; patientId: string; fromKeyWorkerId: string; toKeyWorkerId: string };

export type HandoverProblem = { field: string; message: string };

export type HandoverPlan = { ok: true; moves: HandoverMove[] } | { ok: false; problems: HandoverProblem[] };

export const CHOOSE_KEY_WORKER = "Choose an active health buddy of this PCN, other than the person leaving, as the new key worker";

/**
 * The moves that hand every plan naming `leavingId` to its new key worker:
 * `assignments` for particular patients, `toKeyWorkerId` for everyone else.
 * `eligible` is every active health buddy of the PCN.
 */
export function planHandover(input: {
  leavingId: string;
  plans: readonly PlanNamingKeyWorker[];
  toKeyWorkerId: string | null;
  assignments: readonly PatientAssignment[];
  eligible: ReadonlySet<string>;
}): HandoverPlan {
  const problems: HandoverProblem[] = [];
  const mayTake = (id: string) => id !== input.leavingId && input.eligible.has(id);
  const theirs = input.plans.filter((p) => p.keyWorkerId === input.leavingId);
  const patients = new Map(theirs.map((p) => [p.patientId, p.patientName]));

  if (input.toKeyWorkerId !== null && !mayTake(input.toKeyWorkerId)) problems.push({ field: "toKeyWorkerId", message: CHOOSE_KEY_WORKER });
  const chosen = new Map<string, string>();
  for (const a of input.assignments) {
    const field = `assignments.${a.patientId}`;
    if (!patients.has(a.patientId))
      problems.push({ field, message: "A patient chosen is no longer on this key worker’s caseload: reload the page and check again" });
    else if (chosen.has(a.patientId)) problems.push({ field, message: `${patients.get(a.patientId)} has two new key workers chosen: choose one` });
    else if (!mayTake(a.toKeyWorkerId))
      problems.push({ field, message: `For ${patients.get(a.patientId)}, choose an active health buddy of this PCN other than the person leaving` });
    chosen.set(a.patientId, a.toKeyWorkerId);
  }
  const moves: HandoverMove[] = [];
  for (const plan of theirs) {
    const to = chosen.get(plan.patientId) ?? input.toKeyWorkerId;
    if (to === null) {
      problems.push({ field: "toKeyWorkerId", message: `Choose the new key worker for ${plan.patientName}` });
      continue;
    }
    moves.push({ carePlanId: plan.carePlanId, patientId: plan.patientId, fromKeyWorkerId: input.leavingId, toKeyWorkerId: to });
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
  return { ok: true, moves };
}

function dedupe(problems: HandoverProblem[]): HandoverProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "A, B and C" (with "and N more" past `max` names). */
export function listNames(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max);
  const more = names.length - shown.length;
  const parts = more > 0 ? [...shown, `${more} more`] : shown;
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Why someone who is still a key worker cannot simply be deactivated, naming their patients. */
export function deactivationRefusal(staffName: string, patientNames: readonly string[]): string {
  const sorted = [...new Set(patientNames)].sort((a, b) => a.localeCompare(b));
  const count = sorted.length === 1 ? "1 patient" : `${sorted.length} patients`;
  return `${staffName} is key worker to ${count}: ${listNames(sorted)}. Hand ${sorted.length === 1 ? "them" : "each of them"} to another key worker before deactivating the account.`;
}

export type KeyWorkerSpell = { keyWorkerId: string; from: Date; until: Date | null; reason: string | null };

/**
 * Who was key worker when: the plan's first key worker from `since` (when the
 * plan was finalised or started), then each handover in time order.
 */
export function keyWorkerSpells(
  plan: { keyWorkerId: string | null; since: Date },
  handovers: ReadonlyArray<{ fromKeyWorkerId: string; toKeyWorkerId: string; handedOverAt: Date; reason: string }>,
): KeyWorkerSpell[] {
  const ordered = [...handovers].sort((a, b) => a.handedOverAt.getTime() - b.handedOverAt.getTime());
  const first = ordered[0]?.fromKeyWorkerId ?? plan.keyWorkerId;
  if (!first) return [];
  const spells: KeyWorkerSpell[] = [{ keyWorkerId: first, from: plan.since, until: null, reason: null }];
  for (const h of ordered) {
    spells[spells.length - 1].until = h.handedOverAt;
    spells.push({ keyWorkerId: h.toKeyWorkerId, from: h.handedOverAt, until: null, reason: h.reason });
  }
  return spells;
}

export type OversightEntry = { name: string; keyWorkerActive: boolean; followUp: FollowUpStatus };

/**
 * The clinic lead's order: patients whose key worker can no longer sign in
 * first, then overdue contacts (longest overdue first), then by the date the
 * next contact is due; patients whose review has happened last.
 */
export function compareOversight(a: OversightEntry, b: OversightEntry): number {
  const rank = (e: OversightEntry) => (!e.keyWorkerActive ? 0 : e.followUp.overdue ? 1 : e.followUp.state === "due" ? 2 : 3);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (a.followUp.daysOverdue !== b.followUp.daysOverdue) return b.followUp.daysOverdue - a.followUp.daysOverdue;
  const due = (a.followUp.due ?? "9999").localeCompare(b.followUp.due ?? "9999");
  return due !== 0 ? due : a.name.localeCompare(b.name);
}
