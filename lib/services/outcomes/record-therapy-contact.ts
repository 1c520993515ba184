import { assertPermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { AppError } from "@/lib/errors/app-error";
import { REFERRAL_STATUS_LABELS } from "@/lib/referral";
import { parseInput } from "@/lib/validation/parse";
import { recordTherapyContactSchema } from "@/lib/validation/outcomes";
import { pcnTalkingTherapiesReferral, writeTherapyContact, type WrittenContact } from "./internal/therapy-contacts";

/** Statuses in which a referral's course is running: contacts are recorded only then. */
const OPEN_FOR_CONTACTS = new Set(["ACCEPTED", "ENTERED_TREATMENT"]);

/**
 * Records one Talking Therapies contact of a referral of the actor's PCN (an
 * assessment or treatment session, attended or not, its London date and
 * practitioner) and, when attended, the PHQ-9 and GAD-7 taken at it, each on
 * its exact instrument version, who completed it and any adjustment. A risk
 * item answered above 0 needs what was done about it. One transaction: the
 * contact, its responses and the audit event are written together or not at all.
 */
export async function recordTherapyContact(ctx: ServiceContext, input: unknown): Promise<WrittenContact> {
  assertPermission(ctx.actor, "referral:manage");
  const parsed = parseInput(recordTherapyContactSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const referral = await tx.referral.findFirst({
      where: pcnTalkingTherapiesReferral(parsed.referralId, ctx.actor.pcnId),
      select: { id: true, patientId: true, referredAt: true, status: true },
    });
    if (!referral) throw new AppError("NOT_FOUND", "That referral was not found. Refresh the page.");
    if (!OPEN_FOR_CONTACTS.has(referral.status)) {
      throw new AppError(
        "CONFLICT",
        `This referral is ${REFERRAL_STATUS_LABELS[referral.status].toLowerCase()}: sessions are recorded only once it is accepted and until it closes.`,
      );
    }
    const written = await writeTherapyContact(tx, ctx.actor, referral, parsed);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "therapy.contact.record",
      patientId: referral.patientId,
      entityType: "TherapyContact",
      entityId: written.id,
      request: ctx.request,
      details: { referralId: referral.id, date: parsed.date, kind: parsed.kind, attendance: parsed.attendance, measures: written.measures },
    });
    return written;
  });
}
