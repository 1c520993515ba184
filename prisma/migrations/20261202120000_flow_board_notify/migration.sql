-- The flow board is pushed, not polled (docs/decisions/0013-several-instances-one-database.md):
-- every change that alters what a clinic day's board shows sends
-- pg_notify('clinic_day_flow', <clinic day id>) at commit, and each app
-- instance's one LISTEN connection (lib/db/flow-events.ts) fans it out to the
-- screens watching that day. NOTIFY is transactional: a rolled-back change
-- sends nothing, and one transaction sends each day's id once however many
-- rows it touched. The triggers are per statement, over the statement's
-- transition tables, so a bulk load pays one notification per clinic day, not
-- one trigger call per row.

-- Notifies each distinct clinic day in `day_ids` (NULLs ignored).
CREATE FUNCTION "clinic_day_flow_notify_days"(day_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  day_id uuid;
BEGIN
  FOR day_id IN SELECT DISTINCT d FROM unnest(day_ids) AS d WHERE d IS NOT NULL LOOP
    PERFORM pg_notify('clinic_day_flow', day_id::text);
  END LOOP;
END $$;

-- A change to a patient (their name, a risk, the waitlist) shows on the boards of
-- their clinic days from yesterday on: the boards anyone is watching. Older
-- boards catch up on their next refresh.
CREATE FUNCTION "clinic_day_flow_notify_patients"(patient_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_days"(ARRAY(
    SELECT DISTINCT a."clinicDayId"
    FROM "Appointment" a
    JOIN "ClinicDay" d ON d.id = a."clinicDayId"
    WHERE a."patientId" = ANY(patient_ids)
      AND d.date >= (now() AT TIME ZONE 'Europe/London')::date - 1
  ));
END $$;

-- Appointments: booked, moved, checked in, called in, finished, did not attend, cancelled.
CREATE FUNCTION "appointment_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM "clinic_day_flow_notify_days"(ARRAY(SELECT DISTINCT "clinicDayId" FROM new_rows));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM "clinic_day_flow_notify_days"(ARRAY(SELECT DISTINCT "clinicDayId" FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "appointment_flow_notify_insert" AFTER INSERT ON "Appointment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "appointment_flow_notify"();
CREATE TRIGGER "appointment_flow_notify_update" AFTER UPDATE ON "Appointment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "appointment_flow_notify"();
CREATE TRIGGER "appointment_flow_notify_delete" AFTER DELETE ON "Appointment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "appointment_flow_notify"();

-- A PHQ-4 recorded (or amended) moves the patient on and shows its band to clinical roles.
CREATE FUNCTION "phq4_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_days"(ARRAY(
    SELECT DISTINCT a."clinicDayId" FROM new_rows n JOIN "Appointment" a ON a.id = n."appointmentId"
  ));
  RETURN NULL;
END $$;
CREATE TRIGGER "phq4_flow_notify_insert" AFTER INSERT ON "Phq4Assessment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "phq4_flow_notify"();

-- A final care plan made at a clinic day ("care plan done").
CREATE FUNCTION "care_plan_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_days"(ARRAY(SELECT DISTINCT "clinicDayId" FROM new_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER "care_plan_flow_notify_insert" AFTER INSERT ON "CarePlan"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "care_plan_flow_notify"();
CREATE TRIGGER "care_plan_flow_notify_update" AFTER UPDATE ON "CarePlan"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "care_plan_flow_notify"();

-- Changes that reach the board through the patient: the waitlist, a triage's
-- risks (and their reviews), the patient's name or NHS number.
CREATE FUNCTION "patient_rows_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_patients"(ARRAY(SELECT DISTINCT "patientId" FROM new_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER "waitlist_flow_notify_insert" AFTER INSERT ON "WaitlistEntry"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_rows_flow_notify"();
CREATE TRIGGER "waitlist_flow_notify_update" AFTER UPDATE ON "WaitlistEntry"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_rows_flow_notify"();
CREATE TRIGGER "triage_flow_notify_insert" AFTER INSERT ON "TriageOutcome"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_rows_flow_notify"();
CREATE TRIGGER "triage_flow_notify_update" AFTER UPDATE ON "TriageOutcome"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_rows_flow_notify"();

CREATE FUNCTION "risk_review_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_patients"(ARRAY(
    SELECT DISTINCT t."patientId" FROM new_rows n JOIN "TriageOutcome" t ON t.id = n."triageOutcomeId"
  ));
  RETURN NULL;
END $$;
CREATE TRIGGER "risk_review_flow_notify_insert" AFTER INSERT ON "RiskReview"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "risk_review_flow_notify"();

CREATE FUNCTION "patient_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_patients"(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n."givenName", n."familyName", n."nhsNumber") IS DISTINCT FROM (o."givenName", o."familyName", o."nhsNumber")
  ));
  RETURN NULL;
END $$;
CREATE TRIGGER "patient_flow_notify_update" AFTER UPDATE ON "Patient"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "patient_flow_notify"();

-- The day's shape: session times moved, a rostered clinician swapped (the itinerary names them).
CREATE FUNCTION "clinic_session_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_days"(ARRAY(SELECT DISTINCT "clinicDayId" FROM new_rows));
  RETURN NULL;
END $$;
CREATE TRIGGER "clinic_session_flow_notify_update" AFTER UPDATE ON "ClinicSession"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "clinic_session_flow_notify"();

CREATE FUNCTION "slot_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_days"(ARRAY(
    SELECT DISTINCT s."clinicDayId" FROM new_rows n JOIN "ClinicSession" s ON s.id = n."sessionId"
  ));
  RETURN NULL;
END $$;
CREATE TRIGGER "slot_flow_notify_update" AFTER UPDATE ON "Slot"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "slot_flow_notify"();

-- The clinic's name and waiting limit head every board of its days from yesterday on.
CREATE FUNCTION "clinic_flow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "clinic_day_flow_notify_days"(ARRAY(
    SELECT d.id FROM new_rows n JOIN "ClinicDay" d ON d."clinicId" = n.id
    WHERE d.date >= (now() AT TIME ZONE 'Europe/London')::date - 1
  ));
  RETURN NULL;
END $$;
CREATE TRIGGER "clinic_flow_notify_update" AFTER UPDATE ON "Clinic"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "clinic_flow_notify"();
