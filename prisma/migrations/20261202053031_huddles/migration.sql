-- CreateEnum
CREATE TYPE "MentalHealthService" AS ENUM ('CMHT', 'SECONDARY_CARE_PSYCHOTHERAPY', 'STEP_4_INTERFACE', 'PERINATAL', 'OTHER');

-- CreateEnum
CREATE TYPE "HuddleDestination" AS ENUM ('TALKING_THERAPIES', 'CMHT', 'SECONDARY_CARE_PSYCHOTHERAPY', 'STEP_4_INTERFACE', 'PERINATAL', 'OTHER_SERVICE', 'BACK_TO_GP', 'SOCIAL_PRESCRIBING', 'DEFERRED');

-- CreateEnum
CREATE TYPE "HuddleCaseStatus" AS ENUM ('OPEN', 'DECIDED', 'DEFERRED', 'ROLLED_OVER');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'MENTAL_HEALTH_PARTNER';

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "acceptBy" DATE,
ADD COLUMN     "ownerId" UUID,
ADD COLUMN     "service" "MentalHealthService",
ADD COLUMN     "serviceName" TEXT,
ALTER COLUMN "triageOutcomeId" DROP NOT NULL,
ALTER COLUMN "pathway" DROP NOT NULL;

-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "partnerService" "MentalHealthService",
ADD COLUMN     "partnerServiceName" TEXT;

-- CreateTable
CREATE TABLE "Huddle" (
    "id" UUID NOT NULL,
    "pcnId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL DEFAULT 20,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Huddle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HuddleAttendee" (
    "id" UUID NOT NULL,
    "huddleId" UUID NOT NULL,
    "staffId" UUID NOT NULL,
    "present" BOOLEAN,
    "markedAt" TIMESTAMPTZ(3),
    "markedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HuddleAttendee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HuddleCase" (
    "id" UUID NOT NULL,
    "huddleId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "broughtById" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "broughtAt" TIMESTAMPTZ(3) NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "HuddleCaseStatus" NOT NULL DEFAULT 'OPEN',
    "rolledFromId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HuddleCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HuddleDecision" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "destination" "HuddleDestination" NOT NULL,
    "reason" TEXT NOT NULL,
    "pathway" "ReferralPathway",
    "serviceName" TEXT,
    "acceptedById" UUID,
    "whatIsNeeded" TEXT,
    "referralId" UUID,
    "recordedById" UUID NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HuddleDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Huddle_date_idx" ON "Huddle"("date");

-- CreateIndex
CREATE UNIQUE INDEX "Huddle_pcnId_date_key" ON "Huddle"("pcnId", "date");

-- CreateIndex
CREATE INDEX "HuddleAttendee_staffId_idx" ON "HuddleAttendee"("staffId");

-- CreateIndex
CREATE UNIQUE INDEX "HuddleAttendee_huddleId_staffId_key" ON "HuddleAttendee"("huddleId", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "HuddleCase_rolledFromId_key" ON "HuddleCase"("rolledFromId");

-- CreateIndex
CREATE INDEX "HuddleCase_patientId_idx" ON "HuddleCase"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "HuddleCase_huddleId_position_key" ON "HuddleCase"("huddleId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "HuddleDecision_caseId_key" ON "HuddleDecision"("caseId");

-- CreateIndex
CREATE INDEX "HuddleDecision_referralId_idx" ON "HuddleDecision"("referralId");

-- CreateIndex
CREATE INDEX "Referral_ownerId_idx" ON "Referral"("ownerId");

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Huddle" ADD CONSTRAINT "Huddle_pcnId_fkey" FOREIGN KEY ("pcnId") REFERENCES "Pcn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Huddle" ADD CONSTRAINT "Huddle_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleAttendee" ADD CONSTRAINT "HuddleAttendee_huddleId_fkey" FOREIGN KEY ("huddleId") REFERENCES "Huddle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleAttendee" ADD CONSTRAINT "HuddleAttendee_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleCase" ADD CONSTRAINT "HuddleCase_huddleId_fkey" FOREIGN KEY ("huddleId") REFERENCES "Huddle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleCase" ADD CONSTRAINT "HuddleCase_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleCase" ADD CONSTRAINT "HuddleCase_broughtById_fkey" FOREIGN KEY ("broughtById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleCase" ADD CONSTRAINT "HuddleCase_rolledFromId_fkey" FOREIGN KEY ("rolledFromId") REFERENCES "HuddleCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleDecision" ADD CONSTRAINT "HuddleDecision_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "HuddleCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleDecision" ADD CONSTRAINT "HuddleDecision_acceptedById_fkey" FOREIGN KEY ("acceptedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleDecision" ADD CONSTRAINT "HuddleDecision_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuddleDecision" ADD CONSTRAINT "HuddleDecision_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what Prisma cannot declare.

-- A mental health partner names the service they represent, and only a partner does;
-- "other" is named. (roles compared as text: the enum value is new in this migration.)
ALTER TABLE "StaffUser" ADD CONSTRAINT "StaffUser_partner_names_service"
  CHECK (("partnerService" IS NOT NULL) = ('MENTAL_HEALTH_PARTNER' = ANY ("roles"::text[]))
         AND ("partnerService" IS DISTINCT FROM 'OTHER' OR length(btrim(coalesce("partnerServiceName", ''))) > 0)
         AND ("partnerServiceName" IS NULL OR "partnerService" = 'OTHER'));

-- A referral is into Talking Therapies (with a pathway) or into a named service past it;
-- one not made at triage (that is, at a huddle) has an owner and a date by which it should be accepted.
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_pathway_or_service"
  CHECK (("service" IS NULL) = ("pathway" IS NOT NULL)
         AND ("service" IS DISTINCT FROM 'OTHER' OR length(btrim(coalesce("serviceName", ''))) > 0)
         AND ("serviceName" IS NULL OR "service" = 'OTHER'));
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_followed_through"
  CHECK (("triageOutcomeId" IS NOT NULL OR ("ownerId" IS NOT NULL AND "acceptBy" IS NOT NULL))
         AND ("acceptBy" IS NULL OR "acceptBy" >= "referredAt"));

ALTER TABLE "Huddle" ADD CONSTRAINT "Huddle_duration"
  CHECK ("durationMinutes" BETWEEN 5 AND 120);

ALTER TABLE "HuddleAttendee" ADD CONSTRAINT "HuddleAttendee_marked"
  CHECK (("present" IS NULL) = ("markedAt" IS NULL) AND ("present" IS NULL) = ("markedById" IS NULL));

ALTER TABLE "HuddleCase" ADD CONSTRAINT "HuddleCase_question_and_position"
  CHECK (length(btrim("question")) > 0 AND "position" >= 1);

-- A patient is on at most one open huddle case at a time (waiting for a decision,
-- or deferred and waiting to be carried to the next huddle).
CREATE UNIQUE INDEX "HuddleCase_one_open_per_patient" ON "HuddleCase"("patientId") WHERE "status" IN ('OPEN', 'DEFERRED');

-- Each destination carries what it needs: Talking Therapies its pathway and who
-- accepted; another service its name; a deferral what is needed; every referral
-- destination its referral, and nothing else has one.
ALTER TABLE "HuddleDecision" ADD CONSTRAINT "HuddleDecision_needs"
  CHECK (length(btrim("reason")) > 0
         AND (("destination" = 'TALKING_THERAPIES') = ("pathway" IS NOT NULL))
         AND ("destination" <> 'TALKING_THERAPIES' OR "acceptedById" IS NOT NULL)
         AND (("destination" = 'OTHER_SERVICE') = (length(btrim(coalesce("serviceName", ''))) > 0))
         AND (("destination" = 'DEFERRED') = (length(btrim(coalesce("whatIsNeeded", ''))) > 0))
         AND (("destination" IN ('TALKING_THERAPIES', 'CMHT', 'SECONDARY_CARE_PSYCHOTHERAPY', 'STEP_4_INTERFACE', 'PERINATAL', 'OTHER_SERVICE'))
              = ("referralId" IS NOT NULL)));

-- A decision is history: never changed or removed.
CREATE FUNCTION "huddle_decision_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'HuddleDecision is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "HuddleDecision_append_only"
  BEFORE UPDATE OR DELETE ON "HuddleDecision"
  FOR EACH ROW EXECUTE FUNCTION "huddle_decision_append_only"();
CREATE TRIGGER "HuddleDecision_no_truncate"
  BEFORE TRUNCATE ON "HuddleDecision"
  FOR EACH STATEMENT EXECUTE FUNCTION "huddle_decision_append_only"();

-- A decision is made only on a case still open on its huddle, and moves it on in
-- the same statement's transaction: DEFERRED for a deferral, DECIDED otherwise.
-- A restore with every check on (npm run db:restore as the database's owner, not a
-- superuser; lib/db/backup.ts sets clinic_day.restoring for its transaction) loads
-- each case as it was, already moved on (decided, deferred, or deferred and then
-- carried over), before its decision: there the decision is taken as it was.
CREATE FUNCTION "huddle_decision_closes_case"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target "HuddleCaseStatus" := (CASE WHEN NEW."destination" = 'DEFERRED' THEN 'DEFERRED' ELSE 'DECIDED' END)::"HuddleCaseStatus";
  moved integer;
BEGIN
  UPDATE "HuddleCase" SET "status" = target WHERE "id" = NEW."caseId" AND "status" = 'OPEN';
  GET DIAGNOSTICS moved = ROW_COUNT;
  IF moved = 1 THEN
    RETURN NEW;
  END IF;
  IF coalesce(current_setting('clinic_day.restoring', true), '') = 'on' AND EXISTS (
    SELECT 1 FROM "HuddleCase" WHERE "id" = NEW."caseId"
       AND ("status" = target OR (target = 'DEFERRED' AND "status" = 'ROLLED_OVER'))
  ) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'A decision needs a case still open on its huddle' USING ERRCODE = 'check_violation';
END
$$;
CREATE TRIGGER "HuddleDecision_closes_case"
  BEFORE INSERT ON "HuddleDecision"
  FOR EACH ROW EXECUTE FUNCTION "huddle_decision_closes_case"();
