-- CreateTable
CREATE TABLE "RoutingDecision" (
    "id" UUID NOT NULL,
    "clinicDayId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "phq4AssessmentId" UUID,
    "talkingTherapies" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "override" BOOLEAN NOT NULL DEFAULT false,
    "actorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoutingDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" UUID NOT NULL,
    "clinicId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "fromClinicDayId" UUID NOT NULL,
    "openClinicId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,
    "resolution" TEXT,

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoutingDecision_clinicDayId_patientId_createdAt_idx" ON "RoutingDecision"("clinicDayId", "patientId", "createdAt");

-- CreateIndex
CREATE INDEX "WaitlistEntry_clinicId_resolvedAt_idx" ON "WaitlistEntry"("clinicId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_patientId_kind_openClinicId_key" ON "WaitlistEntry"("patientId", "kind", "openClinicId");

-- AddForeignKey
ALTER TABLE "RoutingDecision" ADD CONSTRAINT "RoutingDecision_clinicDayId_fkey" FOREIGN KEY ("clinicDayId") REFERENCES "ClinicDay"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoutingDecision" ADD CONSTRAINT "RoutingDecision_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_clinicId_fkey" FOREIGN KEY ("clinicId") REFERENCES "Clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_fromClinicDayId_fkey" FOREIGN KEY ("fromClinicDayId") REFERENCES "ClinicDay"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- An open waitlist entry is open for its own clinic only.
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_open_own_clinic"
  CHECK ("openClinicId" IS NULL OR ("openClinicId" = "clinicId" AND "resolvedAt" IS NULL));
