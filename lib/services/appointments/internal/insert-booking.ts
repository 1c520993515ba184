import { Prisma } from "@/lib/db/generated/client";
import type { DbTx } from "@/lib/db/client";
import type { ReminderChannel } from "@/lib/db/generated/enums";
import { auditRow, type AuditEntry } from "@/lib/db/audit";
import { uuidV7 } from "@/lib/db/ids";

export type NewBooking = {
  patientId: string;
  clinicDayId: string;
  slotId: string;
  startsAt: Date;
  /** The member of staff who booked, or null when the patient booked through their link (bookedViaLinkId). */
  bookedById: string | null;
  bookedViaLinkId?: string | null;
  now: Date;
  reminders: Array<{ channel: ReminderChannel; nextAttemptAt: Date }>;
  audit: (appointmentId: string) => AuditEntry;
};

/**
 * A morning booking in ONE statement: the appointment, its reminders and its audit event. A single statement is a
 * transaction of its own, so all three rows are stored or none is; and it is one round trip to PostgreSQL instead
 * of five (BEGIN, three inserts, COMMIT), which is most of what a booking costs. The unique indexes on the
 * appointment (activeSlotId, and activeMorningDayId with patientId) still decide a race: the statement fails with
 * 23505 like the insert it replaces. Columns and defaults follow prisma/schema.prisma (Appointment, ReminderOutbox,
 * AuditEvent); tests/integration/booking.test.ts checks the rows against what the services read.
 */
export async function insertBooking(tx: DbTx, booking: NewBooking): Promise<string> {
  // Written now, whatever clock the booking runs on (as Prisma fills @default(now()) and @updatedAt).
  const writtenAt = new Date();
  const id = uuidV7(writtenAt.getTime());
  const audit = auditRow(booking.audit(id));
  const reminderIds = booking.reminders.map(() => uuidV7(writtenAt.getTime()));
  await tx.$executeRaw(Prisma.sql`
    WITH appointment AS (
      INSERT INTO "Appointment" ("id", "patientId", "clinicDayId", "slotId", "kind", "status", "activeSlotId", "activeMorningDayId",
                                 "bookedById", "bookedViaLinkId", "bookedAt", "origin", "leftBeforeSeen", "updatedAt")
      VALUES (${id}::uuid, ${booking.patientId}::uuid, ${booking.clinicDayId}::uuid, ${booking.slotId}::uuid, 'WRAP_AROUND', 'BOOKED',
              ${booking.slotId}::uuid, ${booking.clinicDayId}::uuid, ${booking.bookedById}::uuid, ${booking.bookedViaLinkId ?? null}::uuid, ${booking.now}, 'BOOKING', false, ${writtenAt})
      RETURNING "id", "patientId"
    ), reminders AS (
      INSERT INTO "ReminderOutbox" ("id", "appointmentId", "patientId", "channel", "kind", "status", "appointmentAt", "nextAttemptAt", "attempts",
                                    "createdAt", "updatedAt")
      SELECT r."id", appointment."id", appointment."patientId", r."channel"::"ReminderChannel", 'APPOINTMENT', 'QUEUED', ${booking.startsAt},
             r."nextAttemptAt", 0, ${writtenAt}, ${writtenAt}
      FROM appointment, unnest(${reminderIds}::uuid[], ${booking.reminders.map((r) => r.channel)}::text[],
                               ${booking.reminders.map((r) => r.nextAttemptAt)}::timestamptz[]) AS r("id", "channel", "nextAttemptAt")
    )
    INSERT INTO "AuditEvent" ("at", "actorId", "actorEmail", "action", "outcome", "patientId", "entityType", "entityId", "ip", "userAgent", "details")
    SELECT ${writtenAt}, ${audit.actorId}::uuid, ${audit.actorEmail}, ${audit.action}, ${audit.outcome}::"AuditOutcome", appointment."patientId",
           ${audit.entityType ?? null}, ${audit.entityId ?? null}, ${audit.ip}, ${audit.userAgent},
           ${audit.details === undefined ? null : JSON.stringify(audit.details)}::jsonb
    FROM appointment`);
  return id;
}
