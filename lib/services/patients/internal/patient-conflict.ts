import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { formatNhsNumber } from "@/lib/nhs-number";

/** What staff are told when an NHS number belongs to another PCN's patient: what to do, and nothing about the patient. */
export const REGISTERED_OUTSIDE_PCN =
  "This NHS number belongs to someone registered with a practice outside your PCN, so they cannot be added here. Check the number with the patient; if it is right, they need to register with one of your practices first.";

/**
 * The refusal for an NHS number already in the register. Within the actor's
 * PCN it links to the patient who has it. NHS numbers are unique across all
 * PCNs, so another PCN's number must be refused too, but saying more than
 * "registered outside your PCN" (an id, a link, a name) would disclose that
 * PCN's record: the answer carries nothing about the patient, and the attempt
 * is audited without the patient attached, so no PCN's audit search shows the
 * other's patient.
 */
export async function nhsNumberTaken(ctx: ServiceContext, nhsNumber: string, via: "create" | "update"): Promise<AppError> {
  const existing = await ctx.db.patient.findUnique({ where: { nhsNumber }, select: { id: true, practice: { select: { pcnId: true } } } });
  if (existing && existing.practice.pcnId !== ctx.actor.pcnId) {
    await recordAudit(ctx.db, {
      actor: ctx.actor,
      action: "patient.register-outside-pcn",
      outcome: "DENIED",
      entityType: "Patient",
      request: ctx.request,
      details: { via },
    });
    return new AppError("CONFLICT", REGISTERED_OUTSIDE_PCN, { fieldErrors: { nhsNumber: "Registered with a practice outside your PCN" } });
  }
  return new AppError("CONFLICT", `A patient with NHS number ${formatNhsNumber(nhsNumber)} is already registered.`, {
    fieldErrors: { nhsNumber: "This NHS number is already registered" },
    details: existing ? { existingPatientId: existing.id, href: `/patients/${existing.id}` } : undefined,
  });
}
