-- CreateEnum
CREATE TYPE "PatientLinkPurpose" AS ENUM ('CLINIC_VISIT');

-- AlterEnum
ALTER TYPE "ReminderKind" ADD VALUE 'INVITATION';

-- DropForeignKey
ALTER TABLE "ReminderOutbox" DROP CONSTRAINT "ReminderOutbox_appointmentId_fkey";

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "bookedViaLinkId" UUID,
ADD COLUMN     "selfCheckedIn" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "PreparationCall" ADD COLUMN     "doneViaLinkId" UUID,
ALTER COLUMN "doneById" DROP NOT NULL;

-- AlterTable
ALTER TABLE "ReminderOutbox" ADD COLUMN     "linkToken" TEXT,
ADD COLUMN     "patientLinkId" UUID,
ALTER COLUMN "appointmentId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "PatientLink" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "purpose" "PatientLinkPurpose" NOT NULL DEFAULT 'CLINIC_VISIT',
    "patientId" UUID NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "failedDobAttempts" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" TIMESTAMPTZ(3),
    "sessionHash" TEXT,
    "sessionExpiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "PatientLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PatientLink_tokenHash_key" ON "PatientLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PatientLink_patientId_idx" ON "PatientLink"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderOutbox_patientLinkId_channel_key" ON "ReminderOutbox"("patientLinkId", "channel");

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_bookedViaLinkId_fkey" FOREIGN KEY ("bookedViaLinkId") REFERENCES "PatientLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PreparationCall" ADD CONSTRAINT "PreparationCall_doneViaLinkId_fkey" FOREIGN KEY ("doneViaLinkId") REFERENCES "PatientLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientLink" ADD CONSTRAINT "PatientLink_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientLink" ADD CONSTRAINT "PatientLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_patientLinkId_fkey" FOREIGN KEY ("patientLinkId") REFERENCES "PatientLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A patient link's states, kept consistent by the database (docs/decisions/0016-patient-links.md).
-- Five wrong dates of birth lock it; the count never goes past the limit and a lock needs it reached.
ALTER TABLE "PatientLink" ADD CONSTRAINT "PatientLink_failedDobAttempts_check"
  CHECK ("failedDobAttempts" BETWEEN 0 AND 5 AND (("failedDobAttempts" = 5) = ("lockedAt" IS NOT NULL)));
ALTER TABLE "PatientLink" ADD CONSTRAINT "PatientLink_expiresAt_check" CHECK ("expiresAt" > "createdAt");
-- A SHA-256 in base64url is 43 characters: a raw token can never be stored in its place by mistake of length.
ALTER TABLE "PatientLink" ADD CONSTRAINT "PatientLink_tokenHash_check" CHECK ("tokenHash" ~ '^[A-Za-z0-9_-]{43}$');
ALTER TABLE "PatientLink" ADD CONSTRAINT "PatientLink_session_check" CHECK (("sessionHash" IS NULL) = ("sessionExpiresAt" IS NULL));

-- An outbox row is either an appointment reminder (names its appointment) or an invitation (names its link).
-- Compared through APPOINTMENT only: a value added to an enum cannot be used in the transaction that adds it.
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_subject_check"
  CHECK ((("kind" = 'APPOINTMENT') = ("appointmentId" IS NOT NULL)) AND (("kind" = 'APPOINTMENT') = ("patientLinkId" IS NULL)));
-- An invitation's token is held only while the message waits; once it is sent, failed or cancelled it is gone.
ALTER TABLE "ReminderOutbox" ADD CONSTRAINT "ReminderOutbox_linkToken_check"
  CHECK ("linkToken" IS NULL OR ("patientLinkId" IS NOT NULL AND "status" IN ('QUEUED', 'SENDING')));

-- A preparation is done by a member of staff on the phone or by the patient through their link.
ALTER TABLE "PreparationCall" ADD CONSTRAINT "PreparationCall_doneBy_check" CHECK (("doneById" IS NULL) <> ("doneViaLinkId" IS NULL));
