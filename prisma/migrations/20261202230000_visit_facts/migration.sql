-- CreateTable
CREATE TABLE "VisitFact" (
    "clinicDayId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "morningId" UUID NOT NULL,
    "practiceId" UUID NOT NULL,
    "status" "AppointmentStatus" NOT NULL,
    "phq4Total" INTEGER,
    "seen" BOOLEAN NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "treated" BOOLEAN NOT NULL,
    "stayMinutes" DOUBLE PRECISION,
    "waitMorningMinutes" DOUBLE PRECISION,
    "waitTalkingTherapiesMinutes" DOUBLE PRECISION,
    "waitGpMinutes" DOUBLE PRECISION,

    CONSTRAINT "VisitFact_pkey" PRIMARY KEY ("clinicDayId","patientId")
);

-- CreateTable
CREATE TABLE "VisitFactPending" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "clinicDayId" UUID,

    CONSTRAINT "VisitFactPending_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VisitFactPending_clinicDayId_patientId_idx" ON "VisitFactPending"("clinicDayId", "patientId");

-- Hand-written from here (docs/decisions/0017-visit-facts.md).
--
-- The reports count visits from VisitFact, kept in step lazily: every change to
-- a row a visit's facts are computed from adds the visits it may change to
-- VisitFactPending, in the same transaction, so the mark commits (or rolls
-- back) with the change. Writers only insert (no row is shared, nothing waits);
-- a report takes its PCN's marks away and recomputes those visits
-- (lib/services/reports/internal/visit-facts.ts). The triggers are per
-- statement, over transition tables, so a bulk load marks in bulk.
--
-- An appointment's own row names its visit (patient and clinic day, before and
-- after the change). Rows reached through an appointment (a PHQ-4, a
-- wrap-around check, a triage, a referral) and the patient's practice mark all
-- of the patient's visits (clinicDayId NULL): the report finds them when it
-- recomputes, so no trigger reads another table that a concurrent transaction
-- may be changing.

-- A restore with every check on (npm run db:restore as the database's owner;
-- lib/db/backup.ts sets clinic_day.restoring for its transaction) loads the
-- facts and marks as they were in the backup's one snapshot: the rows it loads
-- add no marks of their own.
CREATE FUNCTION "visit_fact_restoring"() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('clinic_day.restoring', true), '') = 'on'
$$;

-- Appointments: what a visit is (the morning appointment that stands), its
-- status and times, and the afternoon appointments of the same patient and day.
CREATE FUNCTION "visit_fact_pending_appointment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF "visit_fact_restoring"() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "VisitFactPending" ("patientId", "clinicDayId") SELECT DISTINCT "patientId", "clinicDayId" FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "VisitFactPending" ("patientId", "clinicDayId") SELECT DISTINCT "patientId", "clinicDayId" FROM old_rows;
  ELSE
    -- Only the columns a visit's facts read; a reminder, a note or the slot hold alone changes no fact.
    INSERT INTO "VisitFactPending" ("patientId", "clinicDayId")
    SELECT DISTINCT k."patientId", k."clinicDayId"
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (o."patientId", o."clinicDayId"), (n."patientId", n."clinicDayId")) AS k ("patientId", "clinicDayId")
    WHERE (n."patientId", n."clinicDayId", n."slotId", n.kind, n.status, n."bookedAt", n."checkedInAt", n."startedAt", n."endedAt")
      IS DISTINCT FROM (o."patientId", o."clinicDayId", o."slotId", o.kind, o.status, o."bookedAt", o."checkedInAt", o."startedAt", o."endedAt");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Appointment_visit_fact_insert" AFTER INSERT ON "Appointment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment"();
CREATE TRIGGER "Appointment_visit_fact_update" AFTER UPDATE ON "Appointment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment"();
CREATE TRIGGER "Appointment_visit_fact_delete" AFTER DELETE ON "Appointment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment"();

-- PHQ-4s (the current one's total; the first one's time), wrap-around checks
-- (their time), triages (seen) and referrals (accepted, in treatment): every
-- visit of the patient they name and of the patient whose appointment they
-- hang from (the same person; marking both does not rely on it).
CREATE FUNCTION "visit_fact_pending_appointment_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF "visit_fact_restoring"() THEN RETURN NULL; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "VisitFactPending" ("patientId")
    SELECT n."patientId" FROM new_rows n
    UNION SELECT a."patientId" FROM new_rows n JOIN "Appointment" a ON a.id = n."appointmentId";
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "VisitFactPending" ("patientId")
    SELECT o."patientId" FROM old_rows o
    UNION SELECT a."patientId" FROM old_rows o JOIN "Appointment" a ON a.id = o."appointmentId";
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Phq4Assessment_visit_fact_insert" AFTER INSERT ON "Phq4Assessment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "Phq4Assessment_visit_fact_update" AFTER UPDATE ON "Phq4Assessment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "Phq4Assessment_visit_fact_delete" AFTER DELETE ON "Phq4Assessment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "WrapAroundCheck_visit_fact_insert" AFTER INSERT ON "WrapAroundCheck"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "WrapAroundCheck_visit_fact_update" AFTER UPDATE ON "WrapAroundCheck"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "WrapAroundCheck_visit_fact_delete" AFTER DELETE ON "WrapAroundCheck"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "TriageOutcome_visit_fact_insert" AFTER INSERT ON "TriageOutcome"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "TriageOutcome_visit_fact_update" AFTER UPDATE ON "TriageOutcome"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();
CREATE TRIGGER "TriageOutcome_visit_fact_delete" AFTER DELETE ON "TriageOutcome"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_appointment_rows"();

CREATE FUNCTION "visit_fact_pending_referral"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF "visit_fact_restoring"() THEN RETURN NULL; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "VisitFactPending" ("patientId")
    SELECT n."patientId" FROM new_rows n
    UNION SELECT a."patientId" FROM new_rows n JOIN "TriageOutcome" t ON t.id = n."triageOutcomeId" JOIN "Appointment" a ON a.id = t."appointmentId";
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "VisitFactPending" ("patientId")
    SELECT o."patientId" FROM old_rows o
    UNION SELECT a."patientId" FROM old_rows o JOIN "TriageOutcome" t ON t.id = o."triageOutcomeId" JOIN "Appointment" a ON a.id = t."appointmentId";
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Referral_visit_fact_insert" AFTER INSERT ON "Referral"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_referral"();
CREATE TRIGGER "Referral_visit_fact_update" AFTER UPDATE ON "Referral"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_referral"();
CREATE TRIGGER "Referral_visit_fact_delete" AFTER DELETE ON "Referral"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_referral"();

-- The patient's practice (a visit counts for the practice the patient is registered with now).
CREATE FUNCTION "visit_fact_pending_patient"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF "visit_fact_restoring"() THEN RETURN NULL; END IF;
  INSERT INTO "VisitFactPending" ("patientId")
  SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n."practiceId" IS DISTINCT FROM o."practiceId";
  RETURN NULL;
END $$;
CREATE TRIGGER "Patient_visit_fact_update" AFTER UPDATE ON "Patient"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_patient"();

-- A slot's time (the waits start from it). The services lay out only slots
-- without bookings again, but the database does not rely on that.
CREATE FUNCTION "visit_fact_pending_slot"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF "visit_fact_restoring"() THEN RETURN NULL; END IF;
  INSERT INTO "VisitFactPending" ("patientId", "clinicDayId")
  SELECT DISTINCT a."patientId", a."clinicDayId"
  FROM new_rows n
  JOIN old_rows o ON o.id = n.id
  JOIN "ClinicSession" cs ON cs.id = n."sessionId"
  JOIN "Appointment" a ON a."clinicDayId" = cs."clinicDayId" AND a."slotId" = n.id
  WHERE n."startsAt" IS DISTINCT FROM o."startsAt";
  RETURN NULL;
END $$;
CREATE TRIGGER "Slot_visit_fact_update" AFTER UPDATE ON "Slot"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "visit_fact_pending_slot"();

-- An appointment is on its slot's clinic day and of its slot's session's kind
-- (the services always kept both; the slot use report counts a period's held
-- slots from its days' appointments through them, and the slot trigger above
-- finds a slot's appointments on its day). A slot stays in its session, and a
-- session on its day and of its kind.
CREATE FUNCTION "appointment_matches_its_slot"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM new_rows n
    JOIN "Slot" s ON s.id = n."slotId"
    JOIN "ClinicSession" cs ON cs.id = s."sessionId"
    WHERE cs."clinicDayId" <> n."clinicDayId" OR cs.kind <> n.kind
  ) THEN
    RAISE EXCEPTION 'An appointment must be on its slot''s clinic day and of its session''s kind'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'Appointment_matches_its_slot';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Appointment_matches_its_slot_insert" AFTER INSERT ON "Appointment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "appointment_matches_its_slot"();
CREATE TRIGGER "Appointment_matches_its_slot_update" AFTER UPDATE ON "Appointment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "appointment_matches_its_slot"();

CREATE FUNCTION "slot_stays_in_its_session"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."sessionId" IS DISTINCT FROM OLD."sessionId" THEN
    RAISE EXCEPTION 'A slot stays in its session' USING ERRCODE = 'check_violation', CONSTRAINT = 'Slot_session_fixed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Slot_session_fixed" BEFORE UPDATE OF "sessionId" ON "Slot"
  FOR EACH ROW EXECUTE FUNCTION "slot_stays_in_its_session"();

CREATE FUNCTION "session_stays_on_its_day"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."clinicDayId", NEW.kind) IS DISTINCT FROM (OLD."clinicDayId", OLD.kind) THEN
    RAISE EXCEPTION 'A session stays on its clinic day, of its kind' USING ERRCODE = 'check_violation', CONSTRAINT = 'ClinicSession_day_fixed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "ClinicSession_day_fixed" BEFORE UPDATE OF "clinicDayId", kind ON "ClinicSession"
  FOR EACH ROW EXECUTE FUNCTION "session_stays_on_its_day"();

-- The slots a period's appointments hold, by kind and status, read from this
-- index alone (the slot use report; a partial index, which Prisma's schema
-- cannot declare and its diff leaves alone).
CREATE INDEX "Appointment_held_slots_idx" ON "Appointment" ("clinicDayId", kind, status) WHERE "activeSlotId" IS NOT NULL;

-- The marks come and go: analyse and vacuum the table after every thousand
-- changes, not a fifth of its size, so its plans stay index look-ups.
ALTER TABLE "VisitFactPending" SET (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000
);

-- Existing visits: every one is pending, so each PCN's first report computes its facts.
INSERT INTO "VisitFactPending" ("patientId", "clinicDayId")
SELECT DISTINCT "patientId", "clinicDayId" FROM "Appointment" WHERE kind = 'WRAP_AROUND';
