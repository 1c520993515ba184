import { NotifyClient } from "notifications-node-client";
import type { ReminderEnv } from "@/lib/env";
import { type ReminderSender } from "@/lib/services/reminders/send-due-reminders";

export function notifyClientFor(settings: Pick<ReminderEnv, "NOTIFY_API_KEY" | "NOTIFY_BASE_URL">): ReminderSender | null {
  if (!settings.NOTIFY_API_KEY) return null;
  return settings.NOTIFY_BASE_URL ? new NotifyClient(settings.NOTIFY_BASE_URL, settings.NOTIFY_API_KEY) : new NotifyClient(settings.NOTIFY_API_KEY);
}
