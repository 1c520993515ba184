import { assertPermission } from "@/lib/auth/permissions";
import { contactDateProblems } from "@/lib/care-plan/follow-up";
import { AppError } from "@/lib/errors/app-error";
import { instantToLondonDate, londonToday, londonWallTimeToInstant } from "@/lib/schedule";
import { followUpContactSchemaFor } from "@/lib/validation/follow-up";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { dbDate } from "@/lib/schedule/date-only";
import { loadOwnPlan } from "@/lib/services/key-workers/internal/caseload";

/** A few minutes' grace for a clock a little ahead of the server's. */
const FUTURE_GRACE_MS = 5 * 60_000;

/** The key worker logs a contact with a patient on their own caseload, and when the next one is due. */
export async function recordFollowUpContact(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<{ id: string }> {
  assertPermission(ctx.actor, "follow-up:record");
  const now = clock.now ?? new Date();
  const today = londonToday(now);
  const contact = parseInput(followUpContactSchemaFor(today), input);
  return ctx.db.$transaction(async (tx) => {
    const plan = await loadOwnPlan(tx, ctx, contact.patientId);
    const problems = contactDateProblems(
      { contactedOn: contact.contactedAt, nextContactDue: contact.nextContactDue ?? null },
      { today, finalisedOn: instantToLondonDate(plan.finalisedAt) },
    );
    const contactedAt = londonWallTimeToInstant(contact.contactedAt, contact.contactedTime);
    if (problems.length === 0 && contactedAt.getTime() > now.getTime() + FUTURE_GRACE_MS) {
      problems.push({ field: "contactedTime", message: "The contact time is later than now: record a contact once it has happened" });
    }
    if (problems.length > 0)
      throw new AppError("VALIDATION", problems[0].message, { fieldErrors: Object.fromEntries(problems.map((p) => [p.field, p.message])) });
    const created = await tx.followUpContact.create({
      data: {
        patientId: contact.patientId,
        carePlanId: plan.id,
        keyWorkerId: ctx.actor.id,
        recordedById: ctx.actor.id,
        method: contact.method,
        notes: contact.notes ?? null,
        contactedAt,
        nextContactDue: dbDate(contact.nextContactDue),
      },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "follow-up.record",
      patientId: contact.patientId,
      entityType: "FollowUpContact",
      entityId: created.id,
      request: ctx.request,
      details: { carePlanId: plan.id, method: contact.method, nextContactDue: contact.nextContactDue ?? null },
    });
    return { id: created.id };
  });
}
