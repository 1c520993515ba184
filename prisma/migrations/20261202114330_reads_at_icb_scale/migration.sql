-- Hand-written: the trigram operator classes the two name indexes below use
-- (pg_trgm, a contrib extension shipped with PostgreSQL). Prisma declares the
-- indexes but not the extension (docs/decisions/0014-reads-at-icb-scale.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Appointment_clinicDayId_idx";

-- CreateIndex
CREATE INDEX "Appointment_clinicDayId_patientId_idx" ON "Appointment"("clinicDayId", "patientId");

-- CreateIndex
CREATE INDEX "CarePlan_clinicDayId_idx" ON "CarePlan"("clinicDayId");

-- CreateIndex
CREATE INDEX "Patient_givenName_trgm_idx" ON "Patient" USING GIN ("givenName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Patient_familyName_trgm_idx" ON "Patient" USING GIN ("familyName" gin_trgm_ops);
