import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { setPracticePractitionerSchema } from "@/lib/validation/practices";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export const PRACTITIONER_REFUSED = "Choose an active Talking Therapies clinician of your PCN";

/**
 * A clinic lead names the practice's Talking Therapies practitioner (shown in
 * its monthly newsletter), or clears the name. The practitioner must be active
 * staff of the same PCN with the Talking Therapies clinician role; their row is
 * locked while the practice changes, so a deactivation at the same moment
 * either comes first (and this is refused) or waits.
 */
export async function setPracticePractitioner(ctx: ServiceContext, input: unknown): Promise<void> {
  assertPermission(ctx.actor, "practice:manage");
  const { practiceId, practitionerId } = parseInput(setPracticePractitionerSchema, input);
  await ctx.db.$transaction(async (tx) => {
    const practice = await tx.practice.findFirst({
      where: { id: practiceId, pcnId: ctx.actor.pcnId },
      select: { id: true, odsCode: true, talkingTherapiesPractitionerId: true },
    });
    if (!practice) throw new AppError("NOT_FOUND", "That practice was not found in your PCN");
    if (practitionerId) {
      const [staff] = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM "StaffUser"
        WHERE id = ${practitionerId}::uuid AND "pcnId" = ${ctx.actor.pcnId}::uuid AND active AND 'THERAPIST'::"Role" = ANY(roles)
        FOR NO KEY UPDATE`;
      if (!staff) throw new AppError("VALIDATION", PRACTITIONER_REFUSED, { fieldErrors: { practitionerId: PRACTITIONER_REFUSED } });
    }
    await tx.practice.update({ where: { id: practice.id }, data: { talkingTherapiesPractitionerId: practitionerId } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "practice.set-practitioner",
      entityType: "Practice",
      entityId: practice.id,
      request: ctx.request,
      details: { odsCode: practice.odsCode, from: practice.talkingTherapiesPractitionerId, to: practitionerId },
    });
  });
}
