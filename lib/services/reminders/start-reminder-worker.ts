/**
 * The reminder worker's loop: a round every REMINDER_WORKER_INTERVAL_SECONDS
 * until stopped. Stopping waits for the round in progress, so a claimed
 * reminder is always recorded as sent or not before the process ends.
 */
import type { Db } from "@/lib/db/client";
import type { ReminderEnv } from "@/lib/env";
import { sendDueReminders, type ReminderSender, type RoundResult } from "@/lib/services/reminders/send-due-reminders";
import { notifyClientFor } from "@/lib/services/reminders/internal/notify-client";

export type ReminderWorker = { stop: () => Promise<void>; rounds: () => number };

export function startReminderWorker(
  db: Db,
  settings: ReminderEnv,
  options: { log?: (message: string) => void; notify?: ReminderSender } = {},
): ReminderWorker | null {
  const notify = options.notify ?? notifyClientFor(settings);
  if (!notify) return null;
  const log = options.log ?? (() => undefined);
  let stopped = false;
  let rounds = 0;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const round = async () => {
    try {
      const result: RoundResult = await sendDueReminders(db, {
        notify,
        templates: {
          sms: settings.NOTIFY_SMS_TEMPLATE_ID,
          email: settings.NOTIFY_EMAIL_TEMPLATE_ID,
          invitationSms: settings.NOTIFY_INVITATION_SMS_TEMPLATE_ID,
          invitationEmail: settings.NOTIFY_INVITATION_EMAIL_TEMPLATE_ID,
        },
        linkBaseUrl: settings.PATIENT_LINK_BASE_URL,
        hoursBefore: settings.REMINDER_HOURS_BEFORE,
        maxAttempts: settings.REMINDER_MAX_ATTEMPTS,
      });
      if (result.claimed || result.interrupted) {
        log(
          `reminders: ${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed, ${result.cancelled} cancelled, ${result.requeued} moved, ${result.interrupted} interrupted`,
        );
      }
    } catch (error) {
      // A round that fails (database briefly away) is tried again next time; claimed rows keep their state.
      log(`reminders: round failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      rounds += 1;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = round().then(schedule);
    }, settings.REMINDER_WORKER_INTERVAL_SECONDS * 1000);
  };
  current = round().then(schedule);

  return {
    rounds: () => rounds,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
