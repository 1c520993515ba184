-- CreateTable
CREATE TABLE "KeyWorkerHandover" (
    "id" UUID NOT NULL,
    "carePlanId" UUID NOT NULL,
    "fromKeyWorkerId" UUID NOT NULL,
    "toKeyWorkerId" UUID NOT NULL,
    "handedOverById" UUID NOT NULL,
    "handedOverAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "onDeactivation" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "KeyWorkerHandover_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KeyWorkerHandover_carePlanId_idx" ON "KeyWorkerHandover"("carePlanId");

-- CreateIndex
CREATE INDEX "KeyWorkerHandover_fromKeyWorkerId_idx" ON "KeyWorkerHandover"("fromKeyWorkerId");

-- CreateIndex
CREATE INDEX "KeyWorkerHandover_toKeyWorkerId_idx" ON "KeyWorkerHandover"("toKeyWorkerId");

-- AddForeignKey
ALTER TABLE "KeyWorkerHandover" ADD CONSTRAINT "KeyWorkerHandover_carePlanId_fkey" FOREIGN KEY ("carePlanId") REFERENCES "CarePlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyWorkerHandover" ADD CONSTRAINT "KeyWorkerHandover_fromKeyWorkerId_fkey" FOREIGN KEY ("fromKeyWorkerId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyWorkerHandover" ADD CONSTRAINT "KeyWorkerHandover_toKeyWorkerId_fkey" FOREIGN KEY ("toKeyWorkerId") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyWorkerHandover" ADD CONSTRAINT "KeyWorkerHandover_handedOverById_fkey" FOREIGN KEY ("handedOverById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A handover names someone else, for a reason, and is never changed or removed.
ALTER TABLE "KeyWorkerHandover" ADD CONSTRAINT "KeyWorkerHandover_to_someone_else" CHECK ("toKeyWorkerId" <> "fromKeyWorkerId");
ALTER TABLE "KeyWorkerHandover" ADD CONSTRAINT "KeyWorkerHandover_reason_given" CHECK (length(btrim("reason")) > 0);

CREATE FUNCTION "key_worker_handover_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'KeyWorkerHandover is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "KeyWorkerHandover_append_only"
  BEFORE UPDATE OR DELETE ON "KeyWorkerHandover"
  FOR EACH ROW EXECUTE FUNCTION "key_worker_handover_append_only"();
CREATE TRIGGER "KeyWorkerHandover_no_truncate"
  BEFORE TRUNCATE ON "KeyWorkerHandover"
  FOR EACH STATEMENT EXECUTE FUNCTION "key_worker_handover_append_only"();

-- A final care plan stays locked (20261201080500_care_plan_final_locked), with
-- one narrow exception: its key worker may change from A to B while it is
-- FINAL when this same transaction has written the KeyWorkerHandover row
-- saying so (plan, from A, to B). The earlier key worker stays in that row.
CREATE OR REPLACE FUNCTION "care_plan_final_locked"() RETURNS trigger LANGUAGE plpgsql AS $$
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
     OR NEW."nextReviewDate" IS DISTINCT FROM OLD."nextReviewDate"
     OR NEW."authorId" IS DISTINCT FROM OLD."authorId"
     OR NEW."finalisedById" IS DISTINCT FROM OLD."finalisedById"
     OR NEW."finalisedAt" IS DISTINCT FROM OLD."finalisedAt"
     OR NEW."changeReason" IS DISTINCT FROM OLD."changeReason"
     OR NEW."previousVersionId" IS DISTINCT FROM OLD."previousVersionId"
     OR NOT (NEW."status" = OLD."status" OR (OLD."status" = 'FINAL' AND NEW."status" = 'SUPERSEDED')) THEN
    RAISE EXCEPTION 'A finalised care plan cannot be changed: revise it as a new version' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."keyWorkerId" IS DISTINCT FROM OLD."keyWorkerId" AND NOT (
       OLD."status" = 'FINAL' AND NEW."status" = 'FINAL' AND NEW."keyWorkerId" IS NOT NULL
       AND EXISTS (
         SELECT 1 FROM "KeyWorkerHandover" h
         WHERE h."carePlanId" = OLD."id"
           AND h."fromKeyWorkerId" = OLD."keyWorkerId"
           AND h."toKeyWorkerId" = NEW."keyWorkerId"
           AND h.xmin = pg_current_xact_id()::xid
       )) THEN
    RAISE EXCEPTION 'A finalised care plan''s key worker changes only by a recorded handover' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

-- Nobody stops being able to sign in while a current care plan (final, or a
-- draft in progress) still names them as key worker: hand the patients over
-- first. Accounts already inactive before this migration are left as they are
-- (the clinic lead's caseload overview flags their patients).
CREATE FUNCTION "staff_key_worker_deactivation"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  named integer;
BEGIN
  SELECT count(DISTINCT "patientId") INTO named FROM "CarePlan"
    WHERE "keyWorkerId" = NEW."id" AND "status" IN ('FINAL', 'DRAFT');
  IF named > 0 THEN
    RAISE EXCEPTION 'Key worker to % patient(s): hand them to another key worker before deactivating', named
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "StaffUser_key_worker_deactivation"
  BEFORE UPDATE OF "active" ON "StaffUser"
  FOR EACH ROW WHEN (OLD."active" AND NOT NEW."active")
  EXECUTE FUNCTION "staff_key_worker_deactivation"();
