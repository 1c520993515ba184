/** A reminder's states in the outbox, in the order a reminder passes through them (CANCELLED: withdrawn before sending). Pure. */
export const REMINDER_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "CANCELLED"] as const;
