import { z } from "zod";

export const REMINDER_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "CANCELLED"] as const;

export const reminderOutboxSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.enum(REMINDER_STATUSES, "Choose a reminder state from the list").optional()),
});
