import { assertPermission } from "@/lib/auth/permissions";
import { instantToLondonDate, londonToday } from "@/lib/schedule";
import { patientRefSchema } from "@/lib/validation/care-plan";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import { contentOf } from "@/lib/services/care-plans/internal/care-plan-records";
import { isoDate } from "@/lib/schedule/date-only";
import type { ServiceContext } from "@/lib/db/context";
import { loadOwnPlan, statusOf } from "@/lib/services/key-workers/internal/caseload";

/** One patient of the key worker's caseload: their care plan, the contacts so far and the next one due. */
export async function getCaseloadPatient(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}) {
  assertPermission(ctx.actor, "follow-up:record");
  const { patientId } = parseInput(patientRefSchema, input);
  const today = londonToday(clock.now ?? new Date());
  return ctx.db.$transaction(async (tx) => {
    const plan = await loadOwnPlan(tx, ctx, patientId);
    const contacts = await tx.followUpContact.findMany({
      where: { patientId },
      orderBy: { contactedAt: "desc" },
      include: { keyWorker: { select: { name: true } } },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "caseload.patient.view",
      patientId,
      entityType: "CarePlan",
      entityId: plan.id,
      request: ctx.request,
    });
    return {
      today,
      plan,
      content: contentOf(plan),
      reviewClinicDayDate: isoDate(plan.reviewClinicDay?.date ?? null),
      finalisedOn: instantToLondonDate(plan.finalisedAt),
      followUp: statusOf(plan, contacts[0], today),
      contacts: contacts.map((c) => ({
        id: c.id,
        method: c.method,
        notes: c.notes,
        contactedAt: c.contactedAt,
        nextContactDue: isoDate(c.nextContactDue),
        keyWorkerName: c.keyWorker.name,
      })),
    };
  });
}
