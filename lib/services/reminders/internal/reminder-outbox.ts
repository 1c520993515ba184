/**
 * The booking side of the reminder outbox (docs/decisions/0006-reminder-outbox.md):
 * queue, move and cancel reminders inside the transaction that books, moves or
 * cancels the appointment, so a booking and its reminders are stored together.
 */
import type { DbTx } from "@/lib/db/client";
import type { ReminderChannel } from "@/lib/db/generated/enums";
import { reminderEnv } from "@/lib/env";
import { reminderChannels, reminderDueAt, reminderRefusal, type ConsentFacts } from "@/lib/reminders";

/** What the reminder rule needs to know about a patient. */
export const CONSENT_FACTS = { consentToTextReminders: true, consentToEmailReminders: true, phone: true, email: true } as const;

/** The reminders a booking queues: one per channel the patient agreed to, none for an appointment already started. */
export function remindersFor(startsAt: Date, now: Date, consent: ConsentFacts): Array<{ channel: ReminderChannel; nextAttemptAt: Date }> {
  if (startsAt <= now) return [];
  const nextAttemptAt = reminderDueAt(startsAt, reminderEnv().REMINDER_HOURS_BEFORE, now);
  return reminderChannels(consent).map((channel) => ({ channel, nextAttemptAt }));
}

export async function queueReminders(tx: DbTx, appointment: { id: string; patientId: string; startsAt: Date }, now: Date): Promise<number> {
  if (appointment.startsAt <= now) return 0;
  const patient = await tx.patient.findUniqueOrThrow({ where: { id: appointment.patientId }, select: CONSENT_FACTS });
  const reminders = remindersFor(appointment.startsAt, now, patient);
  if (reminders.length === 0) return 0;
  // The unique (appointment, channel, kind) key makes a second queueing a no-op.
  const { count } = await tx.reminderOutbox.createMany({
    data: reminders.map(({ channel, nextAttemptAt }) => ({
      appointmentId: appointment.id,
      patientId: appointment.patientId,
      channel,
      appointmentAt: appointment.startsAt,
      nextAttemptAt,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** The appointment is off: reminders not yet handed to a worker will not go. */
export async function cancelReminders(tx: DbTx, appointmentId: string, reason: string): Promise<number> {
  const { count } = await tx.reminderOutbox.updateMany({
    where: { appointmentId, status: "QUEUED" },
    data: { status: "CANCELLED", lastError: reason },
  });
  return count;
}

/**
 * The appointment moved to a new time: its reminders are for the new time.
 * One already sent for the old time is queued again, since the patient now
 * needs the new time; one being sent right now is left to finish.
 */
export async function moveReminders(tx: DbTx, appointmentId: string, startsAt: Date, now: Date): Promise<number> {
  const existing = await tx.reminderOutbox.count({ where: { appointmentId } });
  if (existing === 0) {
    const appointment = await tx.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { patientId: true } });
    return queueReminders(tx, { id: appointmentId, patientId: appointment.patientId, startsAt }, now);
  }
  if (startsAt <= now) return cancelReminders(tx, appointmentId, "Moved to a time already passed");
  // Only on the channels the patient agrees to now: a channel whose consent was
  // withdrawn is not revived by the move, and one still queued is cancelled.
  const { patient } = await tx.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { patient: { select: CONSENT_FACTS } } });
  const allowed = reminderChannels(patient);
  for (const channel of (["SMS", "EMAIL"] as const).filter((c) => !allowed.includes(c))) {
    await tx.reminderOutbox.updateMany({
      where: { appointmentId, channel, status: "QUEUED" },
      data: { status: "CANCELLED", lastError: reminderRefusal(patient, channel) },
    });
  }
  const { count } = await tx.reminderOutbox.updateMany({
    where: { appointmentId, channel: { in: allowed }, status: { not: "SENDING" } },
    data: {
      status: "QUEUED",
      appointmentAt: startsAt,
      nextAttemptAt: reminderDueAt(startsAt, reminderEnv().REMINDER_HOURS_BEFORE, now),
      attempts: 0,
      claimedAt: null,
      sentAt: null,
      lastError: null,
    },
  });
  return count;
}

/**
 * A change to the patient's record took channels away (consent withdrawn, the
 * number or address removed): their reminders not yet handed to a worker will
 * not go, each marked with the reason. One being sent right now is left to
 * finish; the worker checked the consent when it claimed it.
 * Returns how many were cancelled on each channel.
 */
export async function cancelWithdrawnReminders(
  tx: DbTx,
  patientId: string,
  channels: readonly ReminderChannel[],
  patient: ConsentFacts,
): Promise<Partial<Record<ReminderChannel, number>>> {
  const cancelled: Partial<Record<ReminderChannel, number>> = {};
  for (const channel of channels) {
    const { count } = await tx.reminderOutbox.updateMany({
      where: { patientId, channel, status: "QUEUED" },
      data: { status: "CANCELLED", lastError: reminderRefusal(patient, channel) },
    });
    if (count > 0) cancelled[channel] = count;
  }
  return cancelled;
}
