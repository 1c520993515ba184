-- CreateEnum
CREATE TYPE "StandardMeasure" AS ENUM ('PHQ4', 'PHQ9', 'GAD7');

-- CreateEnum
CREATE TYPE "CompletedBy" AS ENUM ('PATIENT', 'PATIENT_WITH_CARER', 'READ_ALOUD_BY_PRACTITIONER');

-- CreateEnum
CREATE TYPE "TherapyContactKind" AS ENUM ('ASSESSMENT', 'TREATMENT');

-- CreateEnum
CREATE TYPE "TherapyAttendance" AS ENUM ('ATTENDED', 'DID_NOT_ATTEND', 'CANCELLED');

-- AlterEnum
ALTER TYPE "ReferralStatus" ADD VALUE 'FINISHED_TREATMENT';

-- AlterTable
ALTER TABLE "Practice" ADD COLUMN     "talkingTherapiesPractitionerId" UUID;

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "ltcCondition" "LongTermCondition";

-- CreateTable
CREATE TABLE "InstrumentVersion" (
    "id" UUID NOT NULL,
    "pcnId" UUID,
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "mapsTo" "StandardMeasure",
    "validatedForOutcomes" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "stem" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "bands" JSONB NOT NULL,
    "maxTotal" INTEGER NOT NULL,
    "caseness" INTEGER,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstrumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TherapyContact" (
    "id" UUID NOT NULL,
    "referralId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "kind" "TherapyContactKind" NOT NULL,
    "attendance" "TherapyAttendance" NOT NULL,
    "practitionerId" UUID NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersedesId" UUID,
    "correctionReason" TEXT,

    CONSTRAINT "TherapyContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeasureResponse" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "contactId" UUID,
    "instrumentVersionId" UUID NOT NULL,
    "answers" INTEGER[],
    "total" INTEGER NOT NULL,
    "completedBy" "CompletedBy" NOT NULL,
    "adjustment" TEXT,
    "riskResponse" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeasureResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InstrumentVersion_pcnId_idx" ON "InstrumentVersion"("pcnId");

-- CreateIndex
CREATE UNIQUE INDEX "TherapyContact_supersedesId_key" ON "TherapyContact"("supersedesId");

-- CreateIndex
CREATE INDEX "TherapyContact_referralId_date_idx" ON "TherapyContact"("referralId", "date");

-- CreateIndex
CREATE INDEX "MeasureResponse_contactId_idx" ON "MeasureResponse"("contactId");

-- CreateIndex
CREATE INDEX "MeasureResponse_patientId_idx" ON "MeasureResponse"("patientId");

-- CreateIndex
CREATE INDEX "MeasureResponse_instrumentVersionId_idx" ON "MeasureResponse"("instrumentVersionId");

-- AddForeignKey
ALTER TABLE "Practice" ADD CONSTRAINT "Practice_talkingTherapiesPractitionerId_fkey" FOREIGN KEY ("talkingTherapiesPractitionerId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstrumentVersion" ADD CONSTRAINT "InstrumentVersion_pcnId_fkey" FOREIGN KEY ("pcnId") REFERENCES "Pcn"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstrumentVersion" ADD CONSTRAINT "InstrumentVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyContact" ADD CONSTRAINT "TherapyContact_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyContact" ADD CONSTRAINT "TherapyContact_practitionerId_fkey" FOREIGN KEY ("practitionerId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyContact" ADD CONSTRAINT "TherapyContact_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyContact" ADD CONSTRAINT "TherapyContact_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "TherapyContact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasureResponse" ADD CONSTRAINT "MeasureResponse_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasureResponse" ADD CONSTRAINT "MeasureResponse_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "TherapyContact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasureResponse" ADD CONSTRAINT "MeasureResponse_instrumentVersionId_fkey" FOREIGN KEY ("instrumentVersionId") REFERENCES "InstrumentVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasureResponse" ADD CONSTRAINT "MeasureResponse_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- By hand: what Prisma cannot express.
-- ALTER TYPE … ADD VALUE runs in this transaction, and PostgreSQL refuses to use
-- the new value in the transaction that added it: the checks below compare
-- "status"::text rather than naming 'FINISHED_TREATMENT' as an enum literal.

-- Referral dates follow its status, in order; a finished course is closed after entering treatment.
ALTER TABLE "Referral" DROP CONSTRAINT "Referral_dates_follow_status";
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_dates_follow_status"
  CHECK (
    ("status"::text <> 'ACCEPTED' OR "acceptedAt" IS NOT NULL)
    AND ("status"::text NOT IN ('ENTERED_TREATMENT', 'FINISHED_TREATMENT') OR ("acceptedAt" IS NOT NULL AND "enteredTreatmentAt" IS NOT NULL))
    AND ("status"::text NOT IN ('DECLINED', 'DID_NOT_ENGAGE', 'FINISHED_TREATMENT') OR "closedAt" IS NOT NULL)
    AND ("acceptedAt" IS NULL OR "acceptedAt" >= "referredAt")
    AND ("enteredTreatmentAt" IS NULL OR ("acceptedAt" IS NOT NULL AND "enteredTreatmentAt" >= "acceptedAt"))
    AND ("closedAt" IS NULL OR "closedAt" >= "referredAt")
    AND ("closedAt" IS NULL OR "enteredTreatmentAt" IS NULL OR "closedAt" >= "enteredTreatmentAt")
  );
-- The long-term condition is named only on the long-term-conditions pathway.
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_ltc_condition_on_ltc_pathway"
  CHECK ("ltcCondition" IS NULL OR "pathway" = 'LONG_TERM_CONDITIONS');

-- Instrument versions: unique (code, version) per PCN and among the built-in ones (NULL is distinct in a unique index).
CREATE UNIQUE INDEX "InstrumentVersion_builtin_code_version" ON "InstrumentVersion"("code", "version") WHERE "pcnId" IS NULL;
CREATE UNIQUE INDEX "InstrumentVersion_pcn_code_version" ON "InstrumentVersion"("pcnId", "code", "version") WHERE "pcnId" IS NOT NULL;
ALTER TABLE "InstrumentVersion" ADD CONSTRAINT "InstrumentVersion_shape"
  CHECK ("code" ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'
         AND "version" >= 1
         AND length(btrim("name")) > 0 AND length(btrim("source")) > 0 AND length(btrim("stem")) > 0
         AND jsonb_typeof("items") = 'array' AND jsonb_array_length("items") BETWEEN 1 AND 50
         AND jsonb_typeof("options") = 'array' AND jsonb_array_length("options") BETWEEN 2 AND 11
         AND jsonb_typeof("bands") = 'array' AND jsonb_array_length("bands") >= 1
         AND "maxTotal" >= 1
         AND ("caseness" IS NULL OR "caseness" BETWEEN 1 AND "maxTotal")
         AND (NOT "validatedForOutcomes" OR "mapsTo" IS NOT NULL));
-- Its highest total is what its items and options can reach (a sum of each item's highest answer).
CREATE FUNCTION "instrument_version_reaches_max"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  top integer;
  low integer;
BEGIN
  SELECT max((o->>'value')::integer), min((o->>'value')::integer) INTO top, low FROM jsonb_array_elements(NEW."options") o;
  IF low IS DISTINCT FROM 0 OR top IS NULL OR top * jsonb_array_length(NEW."items") <> NEW."maxTotal" THEN
    RAISE EXCEPTION 'Instrument version %/%: answers must start at 0 and items × highest answer must equal the highest total %',
      NEW."code", NEW."version", NEW."maxTotal" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "InstrumentVersion_reaches_max"
  BEFORE INSERT ON "InstrumentVersion"
  FOR EACH ROW EXECUTE FUNCTION "instrument_version_reaches_max"();

-- Versions, contacts and responses are history: never changed or removed (a
-- change of an instrument is a new version; a wrong contact is superseded by a
-- new row with its reason).
CREATE FUNCTION "outcome_history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "InstrumentVersion_append_only" BEFORE UPDATE OR DELETE ON "InstrumentVersion"
  FOR EACH ROW EXECUTE FUNCTION "outcome_history_append_only"();
CREATE TRIGGER "InstrumentVersion_no_truncate" BEFORE TRUNCATE ON "InstrumentVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION "outcome_history_append_only"();
CREATE TRIGGER "TherapyContact_append_only" BEFORE UPDATE OR DELETE ON "TherapyContact"
  FOR EACH ROW EXECUTE FUNCTION "outcome_history_append_only"();
CREATE TRIGGER "TherapyContact_no_truncate" BEFORE TRUNCATE ON "TherapyContact"
  FOR EACH STATEMENT EXECUTE FUNCTION "outcome_history_append_only"();
CREATE TRIGGER "MeasureResponse_append_only" BEFORE UPDATE OR DELETE ON "MeasureResponse"
  FOR EACH ROW EXECUTE FUNCTION "outcome_history_append_only"();
CREATE TRIGGER "MeasureResponse_no_truncate" BEFORE TRUNCATE ON "MeasureResponse"
  FOR EACH STATEMENT EXECUTE FUNCTION "outcome_history_append_only"();

-- A correction names its reason and corrects a contact of the same referral.
ALTER TABLE "TherapyContact" ADD CONSTRAINT "TherapyContact_correction_has_reason"
  CHECK (("supersedesId" IS NULL) = ("correctionReason" IS NULL)
         AND ("correctionReason" IS NULL OR length(btrim("correctionReason")) > 0)
         AND ("supersedesId" IS NULL OR "supersedesId" <> "id"));
CREATE FUNCTION "therapy_contact_in_course"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  referred date;
BEGIN
  SELECT "referredAt" INTO referred FROM "Referral" WHERE "id" = NEW."referralId";
  IF NEW."date" < referred THEN
    RAISE EXCEPTION 'A contact cannot be before its referral (%)', referred USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."supersedesId" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "TherapyContact" WHERE "id" = NEW."supersedesId" AND "referralId" = NEW."referralId"
  ) THEN
    RAISE EXCEPTION 'A correction must supersede a contact of the same referral' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "TherapyContact_in_course"
  BEFORE INSERT ON "TherapyContact"
  FOR EACH ROW EXECUTE FUNCTION "therapy_contact_in_course"();

-- A response fits its instrument version: one answer per item, each one of the
-- version's answer values, the total their sum; a risk item answered above 0
-- has its risk response; a response at a contact is the referral's patient's,
-- and measures are taken only at an attended contact.
ALTER TABLE "MeasureResponse" ADD CONSTRAINT "MeasureResponse_text"
  CHECK (("adjustment" IS NULL OR length(btrim("adjustment")) > 0)
         AND ("riskResponse" IS NULL OR length(btrim("riskResponse")) > 0));
CREATE FUNCTION "measure_response_fits_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v "InstrumentVersion"%ROWTYPE;
  n integer := coalesce(array_length(NEW."answers", 1), 0);
  i integer;
BEGIN
  SELECT * INTO v FROM "InstrumentVersion" WHERE "id" = NEW."instrumentVersionId";
  IF n <> jsonb_array_length(v."items") THEN
    RAISE EXCEPTION '% v% needs % answers, got %', v."name", v."version", jsonb_array_length(v."items"), n USING ERRCODE = 'check_violation';
  END IF;
  FOR i IN 1..n LOOP
    IF NEW."answers"[i] IS NULL OR NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements(v."options") o WHERE (o->>'value')::integer = NEW."answers"[i]
    ) THEN
      RAISE EXCEPTION 'Answer % of % is not one of its answer options', i, v."name" USING ERRCODE = 'check_violation';
    END IF;
    IF NEW."answers"[i] > 0 AND coalesce((v."items"->(i - 1)->>'risk')::boolean, false) AND NEW."riskResponse" IS NULL THEN
      RAISE EXCEPTION 'Item % of % was answered above 0: it needs a risk response', i, v."name" USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  IF NEW."total" IS DISTINCT FROM (SELECT sum(a) FROM unnest(NEW."answers") a) THEN
    RAISE EXCEPTION 'The total of % must be the sum of its answers', v."name" USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."contactId" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "TherapyContact" c JOIN "Referral" r ON r."id" = c."referralId"
     WHERE c."id" = NEW."contactId" AND r."patientId" = NEW."patientId" AND c."attendance" = 'ATTENDED'
  ) THEN
    RAISE EXCEPTION 'Measures are taken at an attended contact of the patient''s own referral' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "MeasureResponse_fits_version"
  BEFORE INSERT ON "MeasureResponse"
  FOR EACH ROW EXECUTE FUNCTION "measure_response_fits_version"();
