-- A practice's named Talking Therapies practitioner (the monthly newsletter) is a
-- Talking Therapies clinician of the practice's own PCN, whatever code writes it.
-- (Whether they are still active is shown where they are named: a leaver stays
-- named until the clinic lead names someone else.)
CREATE FUNCTION "practice_practitioner_is_therapist"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."talkingTherapiesPractitionerId" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "StaffUser" s
    WHERE s."id" = NEW."talkingTherapiesPractitionerId" AND s."pcnId" = NEW."pcnId" AND 'THERAPIST'::"Role" = ANY(s."roles")
  ) THEN
    RAISE EXCEPTION 'A practice''s Talking Therapies practitioner must be a Talking Therapies clinician of its PCN' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "Practice_practitioner_is_therapist"
  BEFORE INSERT OR UPDATE OF "talkingTherapiesPractitionerId", "pcnId" ON "Practice"
  FOR EACH ROW EXECUTE FUNCTION "practice_practitioner_is_therapist"();
