import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/validation/parse";
import { correctTherapyContactSchema } from "@/lib/validation/outcomes";
import { pcnTalkingTherapiesReferral, writeTherapyContact, type WrittenContact } from "./internal/therapy-contacts";

const SUPERSEDED = "That contact was already corrected. Refresh the page to see its correction.";

/**
 * Corrects a contact recorded wrongly: nothing is rewritten; a new contact
 * (with its measures, checked as when recording) supersedes it, with the
 * reason. Only the current contact of a chain can be corrected (the database's
 * unique supersedesId decides between two people correcting it at once).
 */
export async function correctTherapyContact(ctx: ServiceContext, input: unknown): Promise<WrittenContact> {
  assertPermission(ctx.actor, "referral:manage");
  const { contactId, reason, ...contact } = parseInput(correctTherapyContactSchema, input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const referral = await tx.referral.findFirst({
        where: pcnTalkingTherapiesReferral(contact.referralId, ctx.actor.pcnId),
        select: { id: true, patientId: true, referredAt: true, status: true },
      });
      if (!referral) throw new AppError("NOT_FOUND", "That referral was not found. Refresh the page.");
      const old = await tx.therapyContact.findFirst({
        where: { id: contactId, referralId: referral.id },
        select: { id: true, supersededBy: { select: { id: true } } },
      });
      if (!old) throw new AppError("NOT_FOUND", "That contact was not found on this referral. Refresh the page.");
      if (old.supersededBy) throw new AppError("CONFLICT", SUPERSEDED);
      const written = await writeTherapyContact(tx, ctx.actor, referral, contact, { supersedesId: old.id, reason });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "therapy.contact.correct",
        patientId: referral.patientId,
        entityType: "TherapyContact",
        entityId: written.id,
        request: ctx.request,
        details: {
          referralId: referral.id,
          supersedes: old.id,
          reason,
          date: contact.date,
          attendance: contact.attendance,
          measures: written.measures,
        },
      });
      return written;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", SUPERSEDED);
    throw error;
  }
}
