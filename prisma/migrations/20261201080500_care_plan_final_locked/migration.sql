-- A final (or superseded) care plan is locked: its content, authorship and
-- finalisation never change; changing the plan means a new version. Only these
-- may still change on it: FINAL -> SUPERSEDED when a later version is finalised,
-- reviewedAt (the review happened, or that check-in was undone), the booked
-- review day (set NULL if its clinic day is removed) and updatedAt.
CREATE FUNCTION "care_plan_final_locked"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'A finalised care plan cannot be deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."patientId" IS DISTINCT FROM OLD."patientId"
     OR NEW."version" IS DISTINCT FROM OLD."version"
     OR NEW."clinicDayId" IS DISTINCT FROM OLD."clinicDayId"
     OR NEW."whatMatters" IS DISTINCT FROM OLD."whatMatters"
     OR NEW."goals" IS DISTINCT FROM OLD."goals"
     OR NEW."actions" IS DISTINCT FROM OLD."actions"
     OR NEW."recommendations" IS DISTINCT FROM OLD."recommendations"
     OR NEW."keyWorkerId" IS DISTINCT FROM OLD."keyWorkerId"
     OR NEW."nextReviewDate" IS DISTINCT FROM OLD."nextReviewDate"
     OR NEW."authorId" IS DISTINCT FROM OLD."authorId"
     OR NEW."finalisedById" IS DISTINCT FROM OLD."finalisedById"
     OR NEW."finalisedAt" IS DISTINCT FROM OLD."finalisedAt"
     OR NEW."changeReason" IS DISTINCT FROM OLD."changeReason"
     OR NEW."previousVersionId" IS DISTINCT FROM OLD."previousVersionId"
     OR NOT (NEW."status" = OLD."status" OR (OLD."status" = 'FINAL' AND NEW."status" = 'SUPERSEDED')) THEN
    RAISE EXCEPTION 'A finalised care plan cannot be changed: revise it as a new version' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "CarePlan_final_locked"
  BEFORE UPDATE OR DELETE ON "CarePlan"
  FOR EACH ROW WHEN (OLD."status" <> 'DRAFT')
  EXECUTE FUNCTION "care_plan_final_locked"();
