-- AlterTable
ALTER TABLE "Phq4Assessment" ADD COLUMN     "confirmsHomeId" UUID;

-- CreateTable
CREATE TABLE "HomePhq4Response" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "appointmentId" UUID NOT NULL,
    "patientLinkId" UUID NOT NULL,
    "nervous" INTEGER NOT NULL,
    "worrying" INTEGER NOT NULL,
    "littleInterest" INTEGER NOT NULL,
    "feelingDown" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HomePhq4Response_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HomePhq4Response_appointmentId_idx" ON "HomePhq4Response"("appointmentId");

-- CreateIndex
CREATE INDEX "HomePhq4Response_patientId_idx" ON "HomePhq4Response"("patientId");

-- AddForeignKey
ALTER TABLE "Phq4Assessment" ADD CONSTRAINT "Phq4Assessment_confirmsHomeId_fkey" FOREIGN KEY ("confirmsHomeId") REFERENCES "HomePhq4Response"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomePhq4Response" ADD CONSTRAINT "HomePhq4Response_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomePhq4Response" ADD CONSTRAINT "HomePhq4Response_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomePhq4Response" ADD CONSTRAINT "HomePhq4Response_patientLinkId_fkey" FOREIGN KEY ("patientLinkId") REFERENCES "PatientLink"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what Prisma cannot express.
ALTER TABLE "HomePhq4Response" ADD CONSTRAINT "HomePhq4Response_answers_range"
  CHECK ("nervous" BETWEEN 0 AND 3 AND "worrying" BETWEEN 0 AND 3 AND "littleInterest" BETWEEN 0 AND 3 AND "feelingDown" BETWEEN 0 AND 3);
ALTER TABLE "HomePhq4Response" ADD CONSTRAINT "HomePhq4Response_total_is_sum"
  CHECK ("total" = "nervous" + "worrying" + "littleInterest" + "feelingDown");

-- What the patient sent is kept as sent: answering again adds a row.
CREATE FUNCTION "home_phq4_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER "HomePhq4Response_append_only" BEFORE UPDATE OR DELETE ON "HomePhq4Response"
  FOR EACH ROW EXECUTE FUNCTION "home_phq4_append_only"();
CREATE TRIGGER "HomePhq4Response_no_truncate" BEFORE TRUNCATE ON "HomePhq4Response"
  FOR EACH STATEMENT EXECUTE FUNCTION "home_phq4_append_only"();

-- Home answers belong to a morning (wrap-around) appointment of the same patient, made through that patient's own link.
CREATE FUNCTION "home_phq4_fits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM "Appointment" a JOIN "PatientLink" l ON l."id" = NEW."patientLinkId"
    WHERE a."id" = NEW."appointmentId" AND a."patientId" = NEW."patientId" AND l."patientId" = NEW."patientId"
      AND a."kind"::text = 'WRAP_AROUND'
  ) THEN
    RAISE EXCEPTION 'Home PHQ-4 answers belong to the patient''s own morning appointment, through their own link' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "HomePhq4Response_fits" BEFORE INSERT ON "HomePhq4Response"
  FOR EACH ROW EXECUTE FUNCTION "home_phq4_fits"();

-- A PHQ-4 that confirms home answers is recorded at the same appointment the patient answered for.
CREATE FUNCTION "phq4_confirms_own_home_answers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."confirmsHomeId" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "HomePhq4Response" h WHERE h."id" = NEW."confirmsHomeId" AND h."appointmentId" = NEW."appointmentId"
  ) THEN
    RAISE EXCEPTION 'A PHQ-4 confirms home answers given for its own appointment' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Phq4Assessment_confirms_own_home_answers" BEFORE INSERT OR UPDATE OF "confirmsHomeId", "appointmentId" ON "Phq4Assessment"
  FOR EACH ROW EXECUTE FUNCTION "phq4_confirms_own_home_answers"();
