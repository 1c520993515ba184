/**
 * The reminder worker's one round: claim the due reminders, send each through
 * GOV.UK Notify, record the outcome. Delivery is at most once
 * (docs/decisions/0006-reminder-outbox.md):
 *
 * - a reminder is claimed (QUEUED → SENDING) by one atomic UPDATE over rows
 *   locked with FOR UPDATE SKIP LOCKED, so two workers never hold the same one;
 * - only a SENDING row is ever sent, and it leaves SENDING only as SENT,
 *   QUEUED (Notify refused it with a retryable error, so it was not sent) or FAILED;
 * - a row still SENDING after SENDING_TIMEOUT_MS belonged to a worker that
 *   stopped between claiming and recording: it may have gone, so it is marked
 *   FAILED for a person to check, never sent again.
 */
import type { NotifyClient } from "notifications-node-client";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { ReminderChannel, ReminderKind } from "@/lib/db/generated/enums";
import { backoffMs, invitationMessage, isRetryable, reminderDueAt, reminderMessage, reminderRefusal } from "@/lib/reminders";
import { linkState, LINK_STATE_MESSAGES } from "@/lib/patient-links";
import { recordAudit } from "@/lib/db/audit";
import type { Catalogue } from "@/lib/messages";
import { loadCatalogues, translatorFor } from "@/lib/services/messages/internal/catalogue-files";

export const SENDING_TIMEOUT_MS = 15 * 60_000;

export type ReminderSender = Pick<NotifyClient, "sendSms" | "sendEmail">;

export type SendDueRemindersOptions = {
  notify: ReminderSender;
  templates: { sms?: string; email?: string; invitationSms?: string; invitationEmail?: string };
  /** The public address patient links are opened at (invitations are sent only with it). */
  linkBaseUrl?: string;
  hoursBefore: number;
  maxAttempts: number;
  now?: Date;
  batchSize?: number;
  /** The message catalogue folder (MESSAGE_CATALOGUE_DIR when not given), read once a round. */
  catalogueDir?: string;
};

export type RoundResult = {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
  /** Found moved to another time: queued again for the new time. */
  requeued: number;
  interrupted: number;
};

type NotifyFailure = { response?: { status?: number; data?: { errors?: Array<{ error?: string; message?: string }> } }; message?: string };

/** What Notify said, without echoing the recipient back into the database. */
function describeFailure(error: unknown): { status?: number; text: string } {
  const e = error as NotifyFailure;
  const status = e?.response?.status;
  const first = e?.response?.data?.errors?.[0];
  const detail = first ? [first.error, first.message].filter(Boolean).join(": ") : (e?.message ?? String(error));
  return { status, text: `${status ? `Notify answered ${status}` : "No answer from Notify"}${detail ? ` (${detail})` : ""}`.slice(0, 500) };
}

/** Claims up to `limit` due reminders of the given kinds and channels ("KIND:CHANNEL") for this worker. */
async function claimDue(db: Db, channels: string[], now: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    UPDATE "ReminderOutbox" AS r
       SET "status" = 'SENDING', "claimedAt" = ${now}, "attempts" = r."attempts" + 1, "updatedAt" = ${now}
     WHERE r."id" IN (
       SELECT "id" FROM "ReminderOutbox"
        WHERE "status" = 'QUEUED' AND "nextAttemptAt" <= ${now} AND ("kind"::text || ':' || "channel"::text) = ANY(${channels}::text[])
        ORDER BY "nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
       AND r."status" = 'QUEUED'
    RETURNING r."id"`;
  return rows.map((r) => r.id);
}

export async function sendDueReminders(db: Db, options: SendDueRemindersOptions): Promise<RoundResult> {
  const now = options.now ?? new Date();
  const result: RoundResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, cancelled: 0, requeued: 0, interrupted: 0 };

  const stale = await db.reminderOutbox.updateMany({
    where: { status: "SENDING", claimedAt: { lt: new Date(now.getTime() - SENDING_TIMEOUT_MS) } },
    data: {
      status: "FAILED",
      lastError: "Interrupted while sending: it may or may not have reached the patient, so it was not sent again. Check GOV.UK Notify.",
    },
  });
  result.interrupted = stale.count;

  const channels = sendable(options).map(([kind, channel]) => `${kind}:${channel}`);
  if (channels.length === 0) return result;

  const ids = await claimDue(db, channels, now, options.batchSize ?? 50);
  result.claimed = ids.length;
  const catalogues = ids.length > 0 ? loadCatalogues(options.catalogueDir) : new Map<string, Catalogue>();
  for (const id of ids) {
    const outcome = await sendOne(db, id, options, now, catalogues);
    result[outcome] += 1;
  }
  return result;
}

type Outcome = "sent" | "retrying" | "failed" | "cancelled" | "requeued";

/** The kinds and channels this worker has a template for (and, for invitations, the address links open at). */
function sendable(options: SendDueRemindersOptions): Array<[ReminderKind, ReminderChannel]> {
  const pairs: Array<[ReminderKind, ReminderChannel, string | undefined]> = [
    ["APPOINTMENT", "SMS", options.templates.sms],
    ["APPOINTMENT", "EMAIL", options.templates.email],
    ["INVITATION", "SMS", options.linkBaseUrl && options.templates.invitationSms],
    ["INVITATION", "EMAIL", options.linkBaseUrl && options.templates.invitationEmail],
  ];
  return pairs.filter(([, , template]) => Boolean(template)).map(([kind, channel]) => [kind, channel]);
}

async function sendOne(db: Db, id: string, options: SendDueRemindersOptions, now: Date, catalogues: Map<string, Catalogue>): Promise<Outcome> {
  const row = await db.reminderOutbox.findUniqueOrThrow({
    where: { id },
    include: {
      patient: {
        select: { givenName: true, phone: true, email: true, consentToTextReminders: true, consentToEmailReminders: true, preferredLanguage: true },
      },
      patientLink: { select: { expiresAt: true, usedAt: true, cancelledAt: true, lockedAt: true } },
      appointment: {
        select: {
          status: true,
          slot: { select: { startsAt: true } },
          clinicDay: { select: { clinic: { select: { site: { select: { name: true, address: true } } } } } },
        },
      },
    },
  });
  // An invitation's token is kept only while it may still be sent (a check constraint holds it to that).
  const settle = (data: Prisma.ReminderOutboxUpdateManyMutationInput) =>
    db.reminderOutbox.updateMany({
      where: { id, status: "SENDING" },
      data: { ...data, claimedAt: null, ...(data.status === "QUEUED" ? {} : { linkToken: null }) },
    });
  if (row.kind === "INVITATION") return sendInvitation(db, row, options, now, settle);
  if (!row.appointment) {
    await settle({ status: "FAILED", lastError: "An appointment reminder without its appointment" });
    return "failed";
  }

  // The booking may have changed since the reminder was queued by a path that did not move it.
  const appointment = row.appointment;
  const startsAt = appointment.slot.startsAt;
  if (appointment.status !== "BOOKED") {
    await settle({ status: "CANCELLED", lastError: "The appointment is no longer booked" });
    return "cancelled";
  }
  if (startsAt <= now) {
    await settle({ status: "CANCELLED", lastError: "The appointment time passed before the reminder could go" });
    return "cancelled";
  }
  if (startsAt.getTime() !== row.appointmentAt.getTime()) {
    await settle({ status: "QUEUED", appointmentAt: startsAt, nextAttemptAt: reminderDueAt(startsAt, options.hoursBefore, now), attempts: 0 });
    return "requeued";
  }
  // This channel's own consent and contact detail, as they are now: a withdrawn consent is honoured.
  const refusal = reminderRefusal(row.patient, row.channel);
  if (refusal) {
    await settle({ status: "CANCELLED", lastError: refusal });
    return "cancelled";
  }

  const site = appointment.clinicDay.clinic.site;
  // In the patient's language as their record says it now, message by message from its catalogue.
  const { personalisation, locale } = reminderMessage(
    { givenName: row.patient.givenName, appointmentAt: startsAt, siteName: site.name, siteAddress: site.address },
    translatorFor(row.patient.preferredLanguage, catalogues),
  );
  try {
    const response =
      row.channel === "SMS"
        ? await options.notify.sendSms(options.templates.sms!, row.patient.phone!, { personalisation, reference: row.id })
        : await options.notify.sendEmail(options.templates.email!, row.patient.email!, { personalisation, reference: row.id });
    await db.$transaction(async (tx) => {
      await tx.reminderOutbox.updateMany({
        where: { id, status: "SENDING" },
        data: { status: "SENT", sentAt: new Date(), notifyId: response.data.id, lastError: null, claimedAt: null },
      });
      await recordAudit(tx, {
        actorEmail: "reminder-worker",
        action: "reminder.send",
        patientId: row.patientId,
        entityType: "Appointment",
        entityId: row.appointmentId ?? undefined,
        details: { channel: row.channel, outboxId: row.id, notifyId: response.data.id, locale },
      });
    });
    return "sent";
  } catch (error) {
    const failure = describeFailure(error);
    if (isRetryable(failure.status) && row.attempts < options.maxAttempts) {
      await settle({ status: "QUEUED", lastError: failure.text, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)) });
      return "retrying";
    }
    await settle({ status: "FAILED", lastError: failure.text });
    return "failed";
  }
}

type ClaimedRow = {
  id: string;
  patientId: string;
  channel: ReminderChannel;
  attempts: number;
  linkToken: string | null;
  patientLinkId: string | null;
  patient: { phone: string | null; email: string | null; consentToTextReminders: boolean; consentToEmailReminders: boolean };
  patientLink: { expiresAt: Date; usedAt: Date | null; cancelledAt: Date | null; lockedAt: Date | null } | null;
};

/**
 * An invitation: the link must still be open, the channel's consent given, and its token still held; the message
 * carries only the link and whom to contact (lib/reminders invitationMessage). Sent at most once, as reminders are.
 */
async function sendInvitation(
  db: Db,
  row: ClaimedRow,
  options: SendDueRemindersOptions,
  now: Date,
  settle: (data: Prisma.ReminderOutboxUpdateManyMutationInput) => Promise<unknown>,
): Promise<Outcome> {
  const link = row.patientLink;
  const state = link ? linkState(link, now) : "CANCELLED";
  if (state !== "OPEN" || !row.linkToken) {
    await settle({ status: "CANCELLED", lastError: state === "OPEN" ? "The invitation's link is no longer held" : LINK_STATE_MESSAGES[state] });
    return "cancelled";
  }
  const refusal = reminderRefusal(row.patient, row.channel);
  if (refusal) {
    await settle({ status: "CANCELLED", lastError: refusal });
    return "cancelled";
  }
  const url = `${options.linkBaseUrl!.replace(/\/+$/, "")}/p/${row.linkToken}`;
  const { personalisation } = invitationMessage({ url });
  try {
    const response =
      row.channel === "SMS"
        ? await options.notify.sendSms(options.templates.invitationSms!, row.patient.phone!, { personalisation, reference: row.id })
        : await options.notify.sendEmail(options.templates.invitationEmail!, row.patient.email!, { personalisation, reference: row.id });
    await db.$transaction(async (tx) => {
      await tx.reminderOutbox.updateMany({
        where: { id: row.id, status: "SENDING" },
        data: { status: "SENT", sentAt: new Date(), notifyId: response.data.id, lastError: null, claimedAt: null, linkToken: null },
      });
      await recordAudit(tx, {
        actorEmail: "reminder-worker",
        action: "patient.link.send",
        patientId: row.patientId,
        entityType: "PatientLink",
        entityId: row.patientLinkId ?? undefined,
        details: { channel: row.channel, outboxId: row.id, notifyId: response.data.id },
      });
    });
    return "sent";
  } catch (error) {
    const failure = describeFailure(error);
    if (isRetryable(failure.status) && row.attempts < options.maxAttempts) {
      await settle({ status: "QUEUED", lastError: failure.text, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)) });
      return "retrying";
    }
    await settle({ status: "FAILED", lastError: failure.text });
    return "failed";
  }
}
