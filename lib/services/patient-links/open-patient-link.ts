import type { PublicContext, ClockOption } from "@/lib/db/context";
import { appointmentDayEnd } from "@/lib/auth/patient-link";
import { hashToken, isTokenShaped, linkState, type LinkState } from "@/lib/patient-links";

/**
 * What a patient's link says before their date of birth: only whether it can be used. Nothing about whose link it
 * is; an unknown token reads as "not found" (not audited: it names no patient, and the address throttle on the
 * date-of-birth check is what stops guessing).
 */
export async function openPatientLink(ctx: PublicContext, token: string, clock: ClockOption = {}): Promise<{ state: LinkState | "NOT_FOUND" }> {
  if (!isTokenShaped(token)) return { state: "NOT_FOUND" };
  const now = clock.now ?? new Date();
  const link = await ctx.db.patientLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, patientId: true, expiresAt: true, usedAt: true, cancelledAt: true, lockedAt: true },
  });
  if (!link) return { state: "NOT_FOUND" };
  return { state: linkState({ ...link, appointmentDayEndsAt: await appointmentDayEnd(ctx.db, link.id, link.patientId, now) }, now) };
}
