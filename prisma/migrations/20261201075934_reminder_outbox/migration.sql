-- CreateEnum
CREATE TYPE "ReminderChannel" AS ENUM ('SMS', 'EMAIL');

-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('APPOINTMENT');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "ReminderOutbox" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "channel" "ReminderChannel" NOT NULL,
    "kind" "ReminderKind" NOT NULL DEFAULT 'APPOINTMENT',
    "status" "ReminderStatus" NOT NULL DEFAULT 'QUEUED',
    "appointmentAt" TIMESTAMPTZ(3) NOT NULL,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "notifyId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReminderOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReminderOutbox_status_nextAttemptAt_idx" ON "ReminderOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ReminderOutbox_patientId_idx" ON "ReminderOutbox"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderOutbox_appointmentId_channel_kind_key" ON "ReminderOutbox"("appointmentId", "channel", "kind");

-- AddForeignKey
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Invariants of the outbox the worker relies on (docs/decisions/0006-reminder-outbox.md):
-- a sent reminder has its time, a claimed one its claim time, attempts never go negative.
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_sent_has_time"
  CHECK (("status" = 'SENT') = ("sentAt" IS NOT NULL));
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_sending_has_claim"
  CHECK ("status" <> 'SENDING' OR "claimedAt" IS NOT NULL);
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_attempts_non_negative"
  CHECK ("attempts" >= 0);
