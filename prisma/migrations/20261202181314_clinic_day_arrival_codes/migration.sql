-- CreateTable
CREATE TABLE "ClinicDayArrivalCode" (
    "id" UUID NOT NULL,
    "clinicDayId" UUID NOT NULL,
    "seed" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replacedAt" TIMESTAMPTZ(3),
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ClinicDayArrivalCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClinicDayArrivalCode_codeHash_key" ON "ClinicDayArrivalCode"("codeHash");

-- CreateIndex
CREATE INDEX "ClinicDayArrivalCode_clinicDayId_idx" ON "ClinicDayArrivalCode"("clinicDayId");

-- AddForeignKey
ALTER TABLE "ClinicDayArrivalCode" ADD CONSTRAINT "ClinicDayArrivalCode_clinicDayId_fkey" FOREIGN KEY ("clinicDayId") REFERENCES "ClinicDay"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicDayArrivalCode" ADD CONSTRAINT "ClinicDayArrivalCode_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma cannot declare these).
-- One current code per clinic day: replacing one marks the old row replaced in the same transaction.
CREATE UNIQUE INDEX "ClinicDayArrivalCode_one_current_per_day" ON "ClinicDayArrivalCode"("clinicDayId") WHERE "replacedAt" IS NULL;
-- Seed and hash are 256-bit values in base64url (43 characters), never a code itself.
ALTER TABLE "ClinicDayArrivalCode" ADD CONSTRAINT "ClinicDayArrivalCode_seed_check" CHECK ("seed" ~ '^[A-Za-z0-9_-]{43}$');
ALTER TABLE "ClinicDayArrivalCode" ADD CONSTRAINT "ClinicDayArrivalCode_codeHash_check" CHECK ("codeHash" ~ '^[A-Za-z0-9_-]{43}$' AND "codeHash" <> "seed");
ALTER TABLE "ClinicDayArrivalCode" ADD CONSTRAINT "ClinicDayArrivalCode_failedAttempts_check" CHECK ("failedAttempts" >= 0);
ALTER TABLE "ClinicDayArrivalCode" ADD CONSTRAINT "ClinicDayArrivalCode_replacedAt_check" CHECK ("replacedAt" IS NULL OR "replacedAt" >= "createdAt");
-- A replaced code stays replaced: it can never be made current again (the printed copy must stay dead).
CREATE FUNCTION "ClinicDayArrivalCode_keep_replaced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."replacedAt" IS NOT NULL AND NEW."replacedAt" IS DISTINCT FROM OLD."replacedAt" THEN
    RAISE EXCEPTION 'A replaced check-in code cannot be brought back' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."seed" <> OLD."seed" OR NEW."codeHash" <> OLD."codeHash" OR NEW."clinicDayId" <> OLD."clinicDayId" THEN
    RAISE EXCEPTION 'A check-in code is replaced by a new row, never changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "ClinicDayArrivalCode_keep_replaced" BEFORE UPDATE ON "ClinicDayArrivalCode"
  FOR EACH ROW EXECUTE FUNCTION "ClinicDayArrivalCode_keep_replaced"();
