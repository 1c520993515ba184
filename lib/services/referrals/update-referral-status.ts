import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { applyTransition, isClosing, type ReferralDates } from "@/lib/referral";
import { londonToday } from "@/lib/schedule";
import { parseInput } from "@/lib/validation/parse";
import { updateReferralSchema } from "@/lib/validation/triage";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const asDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

/**
 * Moves a referral one step on (accepted, entered treatment, or closed as
 * declined / did not engage with a reason), with the date it happened. Only
 * forward, never into the future, never before the previous step; the update
 * is conditional on the status the screen showed, so two people cannot both move it.
 */
export async function updateReferralStatus(ctx: ServiceContext, input: unknown): Promise<{ id: string; status: string; date: string }> {
  assertPermission(ctx.actor, "referral:manage");
  const { referralId, status, date, reason } = parseInput(updateReferralSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const referral = await tx.referral.findFirst({
      where: {
        id: referralId,
        service: null,
        OR: [
          { triageOutcome: { appointment: { clinicDay: { clinic: { pcnId: ctx.actor.pcnId } } } } },
          { huddleDecisions: { some: { huddleCase: { huddle: { pcnId: ctx.actor.pcnId } } } } },
        ],
      },
    });
    if (!referral) throw new AppError("NOT_FOUND", "That referral was not found. Refresh the page.");
    const current: ReferralDates = {
      status: referral.status,
      referredAt: iso(referral.referredAt)!,
      acceptedAt: iso(referral.acceptedAt),
      enteredTreatmentAt: iso(referral.enteredTreatmentAt),
      closedAt: iso(referral.closedAt),
    };
    const step = applyTransition(current, status, date, londonToday());
    if (!step.ok) throw new AppError("VALIDATION", step.message, { fieldErrors: { [step.field]: step.message } });
    const { count } = await tx.referral.updateMany({
      where: { id: referral.id, status: referral.status },
      data: {
        status,
        acceptedAt: asDate(step.next.acceptedAt),
        enteredTreatmentAt: asDate(step.next.enteredTreatmentAt),
        closedAt: asDate(step.next.closedAt),
        closedReason: isClosing(status) ? (reason ?? null) : referral.closedReason,
        updatedById: ctx.actor.id,
      },
    });
    if (count !== 1) throw new AppError("CONFLICT", "Someone else already updated this referral. Refresh the page.");
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "referral.status",
      patientId: referral.patientId,
      entityType: "Referral",
      entityId: referral.id,
      request: ctx.request,
      details: { from: referral.status, to: status, date },
    });
    return { id: referral.id, status, date };
  });
}
