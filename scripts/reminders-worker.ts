/**
 * `npm run reminders:worker`: sends due appointment reminders through GOV.UK
 * Notify until stopped (Ctrl+C or SIGTERM finish the round in progress first).
 * Needs DATABASE_URL; `npm start` runs the same worker itself when
 * NOTIFY_API_KEY is set, for the embedded database.
 */
import { createDb } from "@/lib/db/client";
import { reminderEnv } from "@/lib/env";
import { startReminderWorker } from "@/lib/services/reminders/start-reminder-worker";
import { loadDotEnv } from "./launch-env";

const log = (message: string) => console.log(`[clinic-day] ${message}`);

async function main(): Promise<void> {
  loadDotEnv();
  const settings = reminderEnv();
  if (!settings.NOTIFY_API_KEY) {
    log("NOTIFY_API_KEY is not set, so no reminders are sent: the clinic lead's Reminders page shows the outbox.");
    return;
  }
  if (!process.env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. With the embedded database, `npm start` runs the reminder worker itself.");
  }
  const db = createDb(process.env.DATABASE_URL, 2);
  const worker = startReminderWorker(db, settings, { log })!;
  log(`Reminder worker started: every ${settings.REMINDER_WORKER_INTERVAL_SECONDS} s, ${settings.REMINDER_HOURS_BEFORE} h before each appointment.`);
  const stop = async (code: number) => {
    log("Stopping the reminder worker after the round in progress…");
    await worker.stop();
    await db.$disconnect();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(`[clinic-day] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
