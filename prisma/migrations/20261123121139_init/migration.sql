-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('RECEPTION', 'HEALTH_BUDDY', 'THERAPIST', 'GP', 'CLINIC_LEAD');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "LongTermCondition" AS ENUM ('DIABETES', 'COPD', 'ASTHMA', 'CORONARY_HEART_DISEASE', 'HEART_FAILURE', 'HYPERTENSION', 'CHRONIC_KIDNEY_DISEASE', 'CHRONIC_PAIN', 'IBS', 'LONG_COVID', 'CANCER', 'LEARNING_DISABILITY', 'OTHER');

-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('WRAP_AROUND', 'TALKING_THERAPIES', 'GP');

-- CreateEnum
CREATE TYPE "ClinicDayStatus" AS ENUM ('SCHEDULED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('BOOKED', 'ARRIVED', 'FULFILLED', 'CANCELLED', 'NOSHOW', 'ENTERED_IN_ERROR');

-- CreateEnum
CREATE TYPE "TriageOutcomeKind" AS ENUM ('REFER', 'REVIEW_LATER', 'STANDALONE_SUPPORT', 'SIGNPOST');

-- CreateEnum
CREATE TYPE "ReferralPathway" AS ENUM ('STEP_2', 'STEP_3', 'LONG_TERM_CONDITIONS');

-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('REFERRED', 'ACCEPTED', 'ENTERED_TREATMENT', 'DECLINED', 'DID_NOT_ENGAGE');

-- CreateEnum
CREATE TYPE "CarePlanStatus" AS ENUM ('DRAFT', 'FINAL', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "ContactMethod" AS ENUM ('PHONE', 'VISIT', 'MESSAGE');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'DENIED', 'FAILURE');

-- CreateTable
CREATE TABLE "Pcn" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "odsCode" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pcn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Practice" (
    "id" UUID NOT NULL,
    "odsCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pcnId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Practice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Site" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "pcnId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Room" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "siteId" UUID NOT NULL,

    CONSTRAINT "Room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffUser" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT,
    "roles" "Role"[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "pcnId" UUID NOT NULL,
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StaffUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" UUID NOT NULL,
    "nhsNumber" CHAR(10) NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "preferredLanguage" TEXT NOT NULL DEFAULT 'English',
    "interpreterNeeded" BOOLEAN NOT NULL DEFAULT false,
    "accessibilityNeeds" TEXT,
    "longTermConditions" "LongTermCondition"[],
    "consentToTextReminders" BOOLEAN NOT NULL DEFAULT false,
    "practiceId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Clinic" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "pcnId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "phq4Threshold" INTEGER NOT NULL DEFAULT 3,
    "handoverGapMinutes" INTEGER NOT NULL DEFAULT 10,
    "waitingLimitMinutes" INTEGER NOT NULL DEFAULT 30,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Clinic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicTemplate" (
    "id" UUID NOT NULL,
    "clinicId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sessions" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClinicTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicDay" (
    "id" UUID NOT NULL,
    "clinicId" UUID NOT NULL,
    "templateId" UUID,
    "date" DATE NOT NULL,
    "status" "ClinicDayStatus" NOT NULL DEFAULT 'SCHEDULED',
    "cancelReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClinicDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicSession" (
    "id" UUID NOT NULL,
    "clinicDayId" UUID NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "slotMinutes" INTEGER NOT NULL,
    "roomId" UUID,

    CONSTRAINT "ClinicSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionStaff" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "column" INTEGER NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SessionStaff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Slot" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "column" INTEGER NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "staffId" UUID,
    "roomId" UUID,

    CONSTRAINT "Slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "clinicDayId" UUID NOT NULL,
    "slotId" UUID NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'BOOKED',
    "activeSlotId" UUID,
    "activeMorningDayId" UUID,
    "bookedById" UUID,
    "bookedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkedInAt" TIMESTAMPTZ(3),
    "noShowAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "reason" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PreparationCall" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "formatExplained" BOOLEAN NOT NULL DEFAULT false,
    "fastingAdvised" BOOLEAN NOT NULL DEFAULT false,
    "bringMedicinesList" BOOLEAN NOT NULL DEFAULT false,
    "interpreterArranged" BOOLEAN NOT NULL DEFAULT false,
    "accessNeedsNoted" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "doneById" UUID NOT NULL,
    "doneAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PreparationCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WrapAroundCheck" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "systolic" INTEGER,
    "diastolic" INTEGER,
    "pulse" INTEGER,
    "weightKg" DECIMAL(5,1),
    "heightCm" DECIMAL(4,1),
    "bloodsTaken" BOOLEAN NOT NULL DEFAULT false,
    "footCheck" TEXT,
    "spirometry" TEXT,
    "inhalerCheck" TEXT,
    "otherTests" TEXT,
    "notes" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WrapAroundCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Phq4Assessment" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "nervous" INTEGER NOT NULL,
    "worrying" INTEGER NOT NULL,
    "littleInterest" INTEGER NOT NULL,
    "feelingDown" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amendsId" UUID,
    "amendReason" TEXT,

    CONSTRAINT "Phq4Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriageOutcome" (
    "id" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "presentingProblems" TEXT NOT NULL,
    "riskToSelf" BOOLEAN NOT NULL DEFAULT false,
    "riskToOthers" BOOLEAN NOT NULL DEFAULT false,
    "riskFromOthers" BOOLEAN NOT NULL DEFAULT false,
    "riskActionTaken" TEXT,
    "outcome" "TriageOutcomeKind" NOT NULL,
    "pathway" "ReferralPathway",
    "signpostTo" TEXT,
    "consentToReferral" BOOLEAN NOT NULL DEFAULT false,
    "recommendations" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriageOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "triageOutcomeId" UUID NOT NULL,
    "pathway" "ReferralPathway" NOT NULL,
    "status" "ReferralStatus" NOT NULL DEFAULT 'REFERRED',
    "referredAt" DATE NOT NULL,
    "acceptedAt" DATE,
    "enteredTreatmentAt" DATE,
    "closedAt" DATE,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CarePlan" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "clinicDayId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "CarePlanStatus" NOT NULL DEFAULT 'DRAFT',
    "whatMatters" TEXT,
    "goals" TEXT,
    "actions" JSONB NOT NULL DEFAULT '[]',
    "recommendations" JSONB NOT NULL DEFAULT '[]',
    "keyWorkerId" UUID,
    "nextReviewDate" DATE,
    "authorId" UUID NOT NULL,
    "finalisedAt" TIMESTAMPTZ(3),
    "previousVersionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CarePlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpContact" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "carePlanId" UUID NOT NULL,
    "keyWorkerId" UUID NOT NULL,
    "method" "ContactMethod" NOT NULL,
    "notes" TEXT,
    "contactedAt" TIMESTAMPTZ(3) NOT NULL,
    "nextContactDue" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUpContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "outcome" "AuditOutcome" NOT NULL DEFAULT 'SUCCESS',
    "patientId" UUID,
    "entityType" TEXT,
    "entityId" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "details" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientImport" (
    "id" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "alreadyRegistered" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'PREVIEWED',
    "problems" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PatientImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Pcn_odsCode_key" ON "Pcn"("odsCode");

-- CreateIndex
CREATE UNIQUE INDEX "Practice_odsCode_key" ON "Practice"("odsCode");

-- CreateIndex
CREATE INDEX "Practice_pcnId_idx" ON "Practice"("pcnId");

-- CreateIndex
CREATE INDEX "Site_pcnId_idx" ON "Site"("pcnId");

-- CreateIndex
CREATE UNIQUE INDEX "Room_siteId_name_key" ON "Room"("siteId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");

-- CreateIndex
CREATE INDEX "StaffUser_pcnId_idx" ON "StaffUser"("pcnId");

-- CreateIndex
CREATE INDEX "AuthSession_userId_idx" ON "AuthSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_nhsNumber_key" ON "Patient"("nhsNumber");

-- CreateIndex
CREATE INDEX "Patient_familyName_givenName_idx" ON "Patient"("familyName", "givenName");

-- CreateIndex
CREATE INDEX "Patient_dateOfBirth_idx" ON "Patient"("dateOfBirth");

-- CreateIndex
CREATE INDEX "Patient_practiceId_idx" ON "Patient"("practiceId");

-- CreateIndex
CREATE INDEX "Clinic_pcnId_idx" ON "Clinic"("pcnId");

-- CreateIndex
CREATE INDEX "ClinicDay_date_idx" ON "ClinicDay"("date");

-- CreateIndex
CREATE UNIQUE INDEX "ClinicDay_clinicId_date_key" ON "ClinicDay"("clinicId", "date");

-- CreateIndex
CREATE INDEX "ClinicSession_clinicDayId_idx" ON "ClinicSession"("clinicDayId");

-- CreateIndex
CREATE INDEX "SessionStaff_staffId_idx" ON "SessionStaff"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "SessionStaff_sessionId_column_key" ON "SessionStaff"("sessionId", "column");

-- CreateIndex
CREATE UNIQUE INDEX "SessionStaff_sessionId_staffId_key" ON "SessionStaff"("sessionId", "staffId");

-- CreateIndex
CREATE INDEX "Slot_startsAt_idx" ON "Slot"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Slot_sessionId_column_startsAt_key" ON "Slot"("sessionId", "column", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_activeSlotId_key" ON "Appointment"("activeSlotId");

-- CreateIndex
CREATE INDEX "Appointment_clinicDayId_idx" ON "Appointment"("clinicDayId");

-- CreateIndex
CREATE INDEX "Appointment_patientId_idx" ON "Appointment"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_patientId_activeMorningDayId_key" ON "Appointment"("patientId", "activeMorningDayId");

-- CreateIndex
CREATE UNIQUE INDEX "PreparationCall_appointmentId_key" ON "PreparationCall"("appointmentId");

-- CreateIndex
CREATE UNIQUE INDEX "WrapAroundCheck_appointmentId_key" ON "WrapAroundCheck"("appointmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Phq4Assessment_amendsId_key" ON "Phq4Assessment"("amendsId");

-- CreateIndex
CREATE INDEX "Phq4Assessment_appointmentId_idx" ON "Phq4Assessment"("appointmentId");

-- CreateIndex
CREATE INDEX "Phq4Assessment_patientId_idx" ON "Phq4Assessment"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "TriageOutcome_appointmentId_key" ON "TriageOutcome"("appointmentId");

-- CreateIndex
CREATE INDEX "TriageOutcome_patientId_idx" ON "TriageOutcome"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_triageOutcomeId_key" ON "Referral"("triageOutcomeId");

-- CreateIndex
CREATE INDEX "Referral_patientId_idx" ON "Referral"("patientId");

-- CreateIndex
CREATE INDEX "Referral_status_idx" ON "Referral"("status");

-- CreateIndex
CREATE UNIQUE INDEX "CarePlan_previousVersionId_key" ON "CarePlan"("previousVersionId");

-- CreateIndex
CREATE INDEX "CarePlan_patientId_idx" ON "CarePlan"("patientId");

-- CreateIndex
CREATE INDEX "CarePlan_keyWorkerId_idx" ON "CarePlan"("keyWorkerId");

-- CreateIndex
CREATE INDEX "FollowUpContact_keyWorkerId_idx" ON "FollowUpContact"("keyWorkerId");

-- CreateIndex
CREATE INDEX "FollowUpContact_patientId_idx" ON "FollowUpContact"("patientId");

-- CreateIndex
CREATE INDEX "AuditEvent_patientId_at_idx" ON "AuditEvent"("patientId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "PatientImport_fileHash_idx" ON "PatientImport"("fileHash");

-- AddForeignKey
ALTER TABLE "Practice" ADD CONSTRAINT "Practice_pcnId_fkey" FOREIGN KEY ("pcnId") REFERENCES "Pcn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_pcnId_fkey" FOREIGN KEY ("pcnId") REFERENCES "Pcn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Room" ADD CONSTRAINT "Room_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffUser" ADD CONSTRAINT "StaffUser_pcnId_fkey" FOREIGN KEY ("pcnId") REFERENCES "Pcn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "Practice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clinic" ADD CONSTRAINT "Clinic_pcnId_fkey" FOREIGN KEY ("pcnId") REFERENCES "Pcn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Clinic" ADD CONSTRAINT "Clinic_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicTemplate" ADD CONSTRAINT "ClinicTemplate_clinicId_fkey" FOREIGN KEY ("clinicId") REFERENCES "Clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicDay" ADD CONSTRAINT "ClinicDay_clinicId_fkey" FOREIGN KEY ("clinicId") REFERENCES "Clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicDay" ADD CONSTRAINT "ClinicDay_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ClinicTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicSession" ADD CONSTRAINT "ClinicSession_clinicDayId_fkey" FOREIGN KEY ("clinicDayId") REFERENCES "ClinicDay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicSession" ADD CONSTRAINT "ClinicSession_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ClinicSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slot" ADD CONSTRAINT "Slot_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ClinicSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slot" ADD CONSTRAINT "Slot_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slot" ADD CONSTRAINT "Slot_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_clinicDayId_fkey" FOREIGN KEY ("clinicDayId") REFERENCES "ClinicDay"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "Slot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PreparationCall" ADD CONSTRAINT "PreparationCall_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WrapAroundCheck" ADD CONSTRAINT "WrapAroundCheck_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WrapAroundCheck" ADD CONSTRAINT "WrapAroundCheck_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Phq4Assessment" ADD CONSTRAINT "Phq4Assessment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Phq4Assessment" ADD CONSTRAINT "Phq4Assessment_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Phq4Assessment" ADD CONSTRAINT "Phq4Assessment_amendsId_fkey" FOREIGN KEY ("amendsId") REFERENCES "Phq4Assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_triageOutcomeId_fkey" FOREIGN KEY ("triageOutcomeId") REFERENCES "TriageOutcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_keyWorkerId_fkey" FOREIGN KEY ("keyWorkerId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_previousVersionId_fkey" FOREIGN KEY ("previousVersionId") REFERENCES "CarePlan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpContact" ADD CONSTRAINT "FollowUpContact_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpContact" ADD CONSTRAINT "FollowUpContact_carePlanId_fkey" FOREIGN KEY ("carePlanId") REFERENCES "CarePlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpContact" ADD CONSTRAINT "FollowUpContact_keyWorkerId_fkey" FOREIGN KEY ("keyWorkerId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Invariants Prisma's schema language cannot declare. A later schema diff
-- leaves check constraints and triggers alone.

-- An appointment holds a slot only as itself: activeSlotId is NULL or its own slotId.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_activeSlotId_own_slot"
  CHECK ("activeSlotId" IS NULL OR "activeSlotId" = "slotId");
-- An active slot hold means an active status.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_active_status"
  CHECK ("activeSlotId" IS NULL OR "status" NOT IN ('CANCELLED', 'ENTERED_IN_ERROR'));
-- activeMorningDayId is only ever the appointment's own clinic day, and only for a morning appointment.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_activeMorningDayId_own_day"
  CHECK ("activeMorningDayId" IS NULL OR ("activeMorningDayId" = "clinicDayId" AND "kind" = 'WRAP_AROUND'));

-- PHQ-4 answers are 0-3 and the total is their sum.
ALTER TABLE "Phq4Assessment" ADD CONSTRAINT "Phq4Assessment_answers_range"
  CHECK ("nervous" BETWEEN 0 AND 3 AND "worrying" BETWEEN 0 AND 3 AND "littleInterest" BETWEEN 0 AND 3 AND "feelingDown" BETWEEN 0 AND 3);
ALTER TABLE "Phq4Assessment" ADD CONSTRAINT "Phq4Assessment_total_is_sum"
  CHECK ("total" = "nervous" + "worrying" + "littleInterest" + "feelingDown");

-- Slots and sessions end after they start; NHS numbers are ten digits.
ALTER TABLE "Slot" ADD CONSTRAINT "Slot_ends_after_start" CHECK ("endsAt" > "startsAt");
ALTER TABLE "ClinicSession" ADD CONSTRAINT "ClinicSession_ends_after_start" CHECK ("endsAt" > "startsAt");
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_nhsNumber_digits" CHECK ("nhsNumber" ~ '^[0-9]{10}$');
ALTER TABLE "Clinic" ADD CONSTRAINT "Clinic_rules_in_range"
  CHECK ("phq4Threshold" BETWEEN 1 AND 12 AND "handoverGapMinutes" BETWEEN 0 AND 120 AND "waitingLimitMinutes" > 0);

-- The audit trail is append-only: no UPDATE, no DELETE, no TRUNCATE, whoever asks.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- Nobody is rostered in two overlapping sessions.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_no_overlap"
  EXCLUDE USING gist ("staffId" WITH =, tstzrange("startsAt", "endsAt") WITH &&);
