-- CreateEnum
CREATE TYPE "SignpostKind" AS ENUM ('SECONDARY_CARE', 'COMMUNITY_MENTAL_HEALTH_TEAM', 'SOCIAL_PRESCRIBING', 'VOLUNTARY_SECTOR', 'OTHER');

-- AlterTable
ALTER TABLE "CarePlan" ADD COLUMN     "changeReason" TEXT,
ADD COLUMN     "finalisedById" UUID,
ADD COLUMN     "reviewClinicDayId" UUID,
ADD COLUMN     "reviewedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "FollowUpContact" ADD COLUMN     "recordedById" UUID;

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "closedReason" TEXT,
ADD COLUMN     "updatedById" UUID;

-- AlterTable
ALTER TABLE "TriageOutcome" ADD COLUMN     "reviewAppointmentId" UUID,
ADD COLUMN     "reviewClinicDayId" UUID,
ADD COLUMN     "signpostKind" "SignpostKind",
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
DROP COLUMN "recommendations",
ADD COLUMN     "recommendations" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "WaitlistEntry" ADD COLUMN     "forClinicDayId" UUID;

-- CreateIndex
CREATE INDEX "CarePlan_reviewClinicDayId_idx" ON "CarePlan"("reviewClinicDayId");

-- CreateIndex
CREATE INDEX "CarePlan_nextReviewDate_idx" ON "CarePlan"("nextReviewDate");

-- CreateIndex
CREATE UNIQUE INDEX "TriageOutcome_reviewAppointmentId_key" ON "TriageOutcome"("reviewAppointmentId");

-- CreateIndex
CREATE INDEX "TriageOutcome_reviewClinicDayId_idx" ON "TriageOutcome"("reviewClinicDayId");

-- AddForeignKey
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_reviewClinicDayId_fkey" FOREIGN KEY ("reviewClinicDayId") REFERENCES "ClinicDay"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_reviewAppointmentId_fkey" FOREIGN KEY ("reviewAppointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_clinicDayId_fkey" FOREIGN KEY ("clinicDayId") REFERENCES "ClinicDay"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_reviewClinicDayId_fkey" FOREIGN KEY ("reviewClinicDayId") REFERENCES "ClinicDay"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_finalisedById_fkey" FOREIGN KEY ("finalisedById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_forClinicDayId_fkey" FOREIGN KEY ("forClinicDayId") REFERENCES "ClinicDay"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Prisma's @updatedAt has no database default; the one above only fills existing rows.
ALTER TABLE "TriageOutcome" ALTER COLUMN "updatedAt" DROP DEFAULT;

-- Invariants the database guards itself (Prisma cannot declare these).

-- A recorded risk always carries the action taken.
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_risk_needs_action"
  CHECK (NOT ("riskToSelf" OR "riskToOthers" OR "riskFromOthers")
         OR ("riskActionTaken" IS NOT NULL AND length(btrim("riskActionTaken")) > 0));
-- Each outcome carries what it needs.
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_refer_needs_pathway_and_consent"
  CHECK ("outcome" <> 'REFER' OR ("pathway" IS NOT NULL AND "consentToReferral"));
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_signpost_needs_where"
  CHECK ("outcome" <> 'SIGNPOST' OR ("signpostKind" IS NOT NULL AND "signpostTo" IS NOT NULL AND length(btrim("signpostTo")) > 0));
ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_review_needs_day"
  CHECK ("outcome" <> 'REVIEW_LATER' OR "reviewClinicDayId" IS NOT NULL);

-- Referral dates follow its status, in order.
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_dates_follow_status"
  CHECK (
    ("status" <> 'ACCEPTED' OR "acceptedAt" IS NOT NULL)
    AND ("status" <> 'ENTERED_TREATMENT' OR ("acceptedAt" IS NOT NULL AND "enteredTreatmentAt" IS NOT NULL))
    AND ("status" NOT IN ('DECLINED', 'DID_NOT_ENGAGE') OR "closedAt" IS NOT NULL)
    AND ("acceptedAt" IS NULL OR "acceptedAt" >= "referredAt")
    AND ("enteredTreatmentAt" IS NULL OR ("acceptedAt" IS NOT NULL AND "enteredTreatmentAt" >= "acceptedAt"))
    AND ("closedAt" IS NULL OR "closedAt" >= "referredAt")
  );

-- A final (or superseded) plan names its key worker and next review, and who finalised it when.
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_final_is_complete"
  CHECK ("status" = 'DRAFT' OR ("keyWorkerId" IS NOT NULL AND "nextReviewDate" IS NOT NULL
                                AND "finalisedAt" IS NOT NULL AND "finalisedById" IS NOT NULL));
ALTER TABLE "CarePlan" ADD CONSTRAINT "CarePlan_version_chain"
  CHECK ("version" >= 1 AND (("version" = 1) = ("previousVersionId" IS NULL)));
-- At most one draft and one current final plan per patient.
CREATE UNIQUE INDEX "CarePlan_one_draft_per_patient" ON "CarePlan"("patientId") WHERE "status" = 'DRAFT';
CREATE UNIQUE INDEX "CarePlan_one_final_per_patient" ON "CarePlan"("patientId") WHERE "status" = 'FINAL';
