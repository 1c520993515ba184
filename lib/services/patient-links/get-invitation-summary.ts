import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";
import { recordPatientViews } from "@/lib/db/audit";
import { reminderRefusal } from "@/lib/reminders";
import { CONSENT_FACTS } from "@/lib/services/reminders/internal/reminder-outbox";
import { invitationSummarySchema } from "@/lib/validation/patient-links";
import { parseInput } from "@/lib/validation/parse";

export type InvitationSummary = {
  /** Links made in that one sending. */
  invited: number;
  /** Messages queued on each channel (one per channel a patient agreed to). */
  queued: { sms: number; email: number };
  /** Patients whose link went by no channel, and why (as their record stands now). */
  unreached: Array<{ id: string; givenName: string; familyName: string; reasons: string[] }>;
};

/**
 * What one sending from the invitation list did, for the page it returns to: the links the actor made at `sentAt`
 * (invitePatients gives every link of one call the same moment) in their PCN, the messages queued on each channel
 * (whatever has become of them since), and who no message could reach. Only the actor's own sending is found. The
 * patients named are audited; the counts name nobody.
 */
export async function getInvitationSummary(ctx: ServiceContext, input: unknown): Promise<InvitationSummary> {
  assertPermission(ctx.actor, "patient:invite");
  const { sentAt } = parseInput(invitationSummarySchema, input);
  return ctx.db.$transaction(async (tx) => {
    const links = await tx.patientLink.findMany({
      where: { createdById: ctx.actor.id, createdAt: new Date(sentAt), patient: { practice: { pcnId: ctx.actor.pcnId } } },
      select: {
        messages: { select: { channel: true } },
        patient: { select: { id: true, givenName: true, familyName: true, ...CONSENT_FACTS } },
      },
    });
    const channels = links.flatMap((l) => l.messages.map((m) => m.channel));
    const unreached = links
      .filter((l) => l.messages.length === 0)
      .map(({ patient }) => ({
        id: patient.id,
        givenName: patient.givenName,
        familyName: patient.familyName,
        reasons: (["SMS", "EMAIL"] as const).map((c) => reminderRefusal(patient, c)).filter((r): r is string => r !== null),
      }))
      .sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "patient.invite-summary", entityType: "Patient", request: ctx.request, details: { sentAt, invited: links.length } },
      unreached.map((u) => u.id),
    );
    return {
      invited: links.length,
      queued: { sms: channels.filter((c) => c === "SMS").length, email: channels.filter((c) => c === "EMAIL").length },
      unreached,
    };
  });
}
