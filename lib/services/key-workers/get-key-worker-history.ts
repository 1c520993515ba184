import { assertPermission } from "@/lib/auth/permissions";
import type { FollowUpStatus } from "@/lib/care-plan/follow-up";
import { keyWorkerSpells } from "@/lib/care-plan/key-worker";
import { instantToLondonDate, londonToday } from "@/lib/schedule";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { isoDate } from "@/lib/schedule/date-only";
import { loadPatient } from "@/lib/services/care-plans/internal/care-plan-records";
import type { ServiceContext } from "@/lib/db/context";
import { statusOf } from "@/lib/services/key-workers/internal/caseload";
import { activeKeyWorkers } from "@/lib/services/key-workers/internal/key-worker-records";

type Person = { id: string; name: string; active: boolean };

export type KeyWorkerHistory = {
  patient: { id: string; name: string; nhsNumber: string };
  /** The final plan in force, or null when the patient has none. */
  plan: {
    id: string;
    version: number;
    finalisedAt: Date;
    nextReviewDate: string;
    keyWorker: Person;
    followUp: FollowUpStatus;
    lastContactOn: string | null;
    /** Who was key worker when, for this version of the plan. */
    spells: Array<{ keyWorker: Person; from: Date; until: Date | null; reason: string | null }>;
  } | null;
  /** Every handover of any version of the patient's plan, newest first. */
  handovers: Array<{ id: string; version: number; from: string; to: string; by: string; at: Date; reason: string; onDeactivation: boolean }>;
  /** Who the patient could be handed to: active health buddies other than the current key worker. */
  keyWorkers: Array<{ id: string; name: string }>;
};

/**
 * For the clinic lead: a patient's key worker now and before (who, from when,
 * until when, why it changed), where their contacts stand, and who they could
 * be handed to. Audited as a view of the patient's record.
 */
export async function getKeyWorkerHistory(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<KeyWorkerHistory> {
  assertPermission(ctx.actor, "caseload:oversee");
  const { patientId } = parseInput(patientRefSchema, input);
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const patient = await loadPatient(tx, ctx.actor.pcnId, patientId);
    const person = { select: { id: true, name: true, active: true } } as const;
    const final = await tx.carePlan.findFirst({ where: { patientId, status: "FINAL" }, include: { keyWorker: person } });
    const handovers = await tx.keyWorkerHandover.findMany({
      where: { carePlan: { patientId } },
      include: { carePlan: { select: { version: true } }, fromKeyWorker: person, toKeyWorker: person, handedOverBy: { select: { name: true } } },
      orderBy: { handedOverAt: "desc" },
    });
    const last = await tx.followUpContact.findFirst({
      where: { patientId },
      orderBy: { contactedAt: "desc" },
      select: { contactedAt: true, nextContactDue: true },
    });
    let plan: KeyWorkerHistory["plan"] = null;
    if (final?.keyWorker && final.finalisedAt && final.nextReviewDate) {
      const people = new Map<string, Person>([[final.keyWorker.id, final.keyWorker]]);
      for (const h of handovers) {
        people.set(h.fromKeyWorker.id, h.fromKeyWorker);
        people.set(h.toKeyWorker.id, h.toKeyWorker);
      }
      const own = handovers.filter((h) => h.carePlanId === final.id);
      plan = {
        id: final.id,
        version: final.version,
        finalisedAt: final.finalisedAt,
        nextReviewDate: isoDate(final.nextReviewDate)!,
        keyWorker: final.keyWorker,
        followUp: statusOf(
          { finalisedAt: final.finalisedAt, nextReviewDate: final.nextReviewDate, reviewedAt: final.reviewedAt },
          last ?? undefined,
          today,
        ),
        lastContactOn: last ? instantToLondonDate(last.contactedAt) : null,
        spells: keyWorkerSpells({ keyWorkerId: final.keyWorkerId, since: final.finalisedAt }, own).map((s) => ({
          keyWorker: people.get(s.keyWorkerId) ?? { id: s.keyWorkerId, name: "Unknown", active: false },
          from: s.from,
          until: s.until,
          reason: s.reason,
        })),
      };
    }
    const keyWorkers = (await activeKeyWorkers(tx, ctx.actor.pcnId)).filter((k) => k.id !== final?.keyWorkerId);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "key-worker.history.view",
      patientId,
      entityType: "Patient",
      entityId: patientId,
      request: ctx.request,
    });
    return {
      patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, nhsNumber: patient.nhsNumber },
      plan,
      handovers: handovers.map((h) => ({
        id: h.id,
        version: h.carePlan.version,
        from: h.fromKeyWorker.name,
        to: h.toKeyWorker.name,
        by: h.handedOverBy.name,
        at: h.handedOverAt,
        reason: h.reason,
        onDeactivation: h.onDeactivation,
      })),
      keyWorkers,
    };
  });
}
