import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext, ClockOption } from "@/lib/db/context";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors/app-error";
import { hashToken, linkExpiry, newToken } from "@/lib/patient-links";
import { reminderChannels, reminderRefusal } from "@/lib/reminders";
import { CONSENT_FACTS } from "@/lib/services/reminders/internal/reminder-outbox";
import { invitePatientsSchema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";

export type Invitation = {
  patientId: string;
  linkId: string;
  /** The channels the invitation is queued on (each needs its own consent and a number or address). */
  channels: Array<"SMS" | "EMAIL">;
  /** Why a channel was not used, for the desk. */
  refused: string[];
  /** The link's path (/p/<token>), returned once for one patient so the desk can hand it over; never stored. */
  path?: string;
};

/**
 * Sends patients of the PCN a link to choose a time, prepare and check in (docs/decisions/0016-patient-links.md):
 * a new link per patient (any open link of theirs is cancelled, so one link per patient works at a time), and an
 * INVITATION in the reminder outbox on each channel the patient agreed to. The token is in the outbox row only
 * until the worker has sent it (a check constraint); the link keeps only its hash. One transaction, one audit
 * event per patient.
 */
export async function invitePatients(
  ctx: ServiceContext,
  input: unknown,
  clock: ClockOption = {},
): Promise<{ invitations: Invitation[]; sentAt: string }> {
  assertPermission(ctx.actor, "patient:invite");
  const { patientIds, days } = parseInput(invitePatientsSchema, input);
  const now = clock.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    const patients = await tx.patient.findMany({
      where: { id: { in: patientIds }, practice: { pcnId: ctx.actor.pcnId } },
      select: { id: true, ...CONSENT_FACTS },
    });
    if (patients.length !== patientIds.length) throw new AppError("NOT_FOUND", "Some of those patients were not found in your PCN's register.");
    const expiresAt = linkExpiry(now, days);
    const invitations: Invitation[] = [];
    for (const patient of patients) {
      const replaced = await tx.patientLink.updateMany({
        where: { patientId: patient.id, cancelledAt: null, usedAt: null },
        data: { cancelledAt: now, sessionHash: null, sessionExpiresAt: null },
      });
      await tx.reminderOutbox.updateMany({
        where: { patientId: patient.id, kind: "INVITATION", status: "QUEUED" },
        data: { status: "CANCELLED", lastError: "A newer invitation replaced it", linkToken: null },
      });
      const token = newToken();
      const link = await tx.patientLink.create({
        data: { tokenHash: hashToken(token), patientId: patient.id, createdById: ctx.actor.id, createdAt: now, expiresAt },
        select: { id: true },
      });
      const channels = reminderChannels(patient);
      if (channels.length > 0) {
        await tx.reminderOutbox.createMany({
          data: channels.map((channel) => ({
            kind: "INVITATION" as const,
            patientLinkId: link.id,
            patientId: patient.id,
            channel,
            linkToken: token,
            appointmentAt: expiresAt,
            nextAttemptAt: now,
          })),
        });
      }
      const refused = (["SMS", "EMAIL"] as const).map((c) => reminderRefusal(patient, c)).filter((r): r is string => r !== null);
      await recordAudit(tx, {
        actor: ctx.actor,
        action: "patient.link.create",
        patientId: patient.id,
        entityType: "PatientLink",
        entityId: link.id,
        request: ctx.request,
        details: { channels, refused, expiresAt: expiresAt.toISOString(), replaced: replaced.count },
      });
      invitations.push({ patientId: patient.id, linkId: link.id, channels, refused, ...(patients.length === 1 ? { path: `/p/${token}` } : {}) });
    }
    // Every link of one call has this createdAt: the register's summary page finds them by it.
    return { invitations, sentAt: now.toISOString() };
  });
}
