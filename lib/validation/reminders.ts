import { z } from "zod";
import { REMINDER_STATUSES } from "@/lib/reminders/statuses";

export const reminderOutboxSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.enum(REMINDER_STATUSES, "Choose a reminder state from the list").optional()),
});
