-- CreateEnum
CREATE TYPE "RiskReviewOutcome" AS ENUM ('REVIEWED', 'RESOLVED');

-- AlterTable
ALTER TABLE "TriageOutcome" ADD COLUMN     "changeReason" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "TriageVersion" (
    "id" UUID NOT NULL,
    "triageOutcomeId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "presentingProblems" TEXT NOT NULL,
    "riskToSelf" BOOLEAN NOT NULL,
    "riskToOthers" BOOLEAN NOT NULL,
    "riskFromOthers" BOOLEAN NOT NULL,
    "riskActionTaken" TEXT,
    "outcome" "TriageOutcomeKind" NOT NULL,
    "pathway" "ReferralPathway",
    "signpostKind" "SignpostKind",
    "signpostTo" TEXT,
    "reviewClinicDayId" UUID,
    "consentToReferral" BOOLEAN NOT NULL,
    "recommendations" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changeReason" TEXT,

    CONSTRAINT "TriageVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskReview" (
    "id" UUID NOT NULL,
    "triageOutcomeId" UUID NOT NULL,
    "triageVersion" INTEGER NOT NULL,
    "outcome" "RiskReviewOutcome" NOT NULL,
    "reason" TEXT NOT NULL,
    "reviewedById" UUID NOT NULL,
    "reviewedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TriageVersion_triageOutcomeId_version_key" ON "TriageVersion"("triageOutcomeId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "RiskReview_triageOutcomeId_triageVersion_key" ON "RiskReview"("triageOutcomeId", "triageVersion");

-- AddForeignKey
ALTER TABLE "TriageVersion" ADD CONSTRAINT "TriageVersion_triageOutcomeId_fkey" FOREIGN KEY ("triageOutcomeId") REFERENCES "TriageOutcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageVersion" ADD CONSTRAINT "TriageVersion_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskReview" ADD CONSTRAINT "RiskReview_triageOutcomeId_fkey" FOREIGN KEY ("triageOutcomeId") REFERENCES "TriageOutcome"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskReview" ADD CONSTRAINT "RiskReview_triageOutcomeId_triageVersion_fkey" FOREIGN KEY ("triageOutcomeId", "triageVersion") REFERENCES "TriageVersion"("triageOutcomeId", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskReview" ADD CONSTRAINT "RiskReview_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "StaffUser"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing triages become version 1: the content as it stands, by whoever saved
-- it last, when it was last changed (earlier saves were overwritten in place and
-- cannot be recovered). A triage with a risk and no review is an open risk.
INSERT INTO "TriageVersion" ("id", "triageOutcomeId", "version", "presentingProblems", "riskToSelf", "riskToOthers", "riskFromOthers",
                             "riskActionTaken", "outcome", "pathway", "signpostKind", "signpostTo", "reviewClinicDayId", "consentToReferral",
                             "recommendations", "recordedById", "recordedAt", "changeReason")
SELECT gen_random_uuid(), t."id", 1, t."presentingProblems", t."riskToSelf", t."riskToOthers", t."riskFromOthers",
       t."riskActionTaken", t."outcome", t."pathway", t."signpostKind", t."signpostTo", t."reviewClinicDayId", t."consentToReferral",
       t."recommendations", t."recordedById", t."updatedAt", NULL
  FROM "TriageOutcome" t;

-- Invariants the database guards itself (Prisma cannot declare these).

ALTER TABLE "TriageOutcome" ADD CONSTRAINT "TriageOutcome_version_positive" CHECK ("version" >= 1);
-- A version keeps what every triage must carry, as TriageOutcome does.
ALTER TABLE "TriageVersion" ADD CONSTRAINT "TriageVersion_version_positive" CHECK ("version" >= 1);
ALTER TABLE "TriageVersion" ADD CONSTRAINT "TriageVersion_risk_needs_action"
  CHECK (NOT ("riskToSelf" OR "riskToOthers" OR "riskFromOthers")
         OR ("riskActionTaken" IS NOT NULL AND length(btrim("riskActionTaken")) > 0));
-- A review or resolution of a risk says why (who and when are NOT NULL columns).
ALTER TABLE "RiskReview" ADD CONSTRAINT "RiskReview_needs_reason" CHECK (length(btrim("reason")) > 0);

-- History is append-only: no UPDATE, DELETE or TRUNCATE of a kept version or a risk review.
CREATE FUNCTION "triage_history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "TriageVersion_append_only" BEFORE UPDATE OR DELETE ON "TriageVersion"
  FOR EACH ROW EXECUTE FUNCTION "triage_history_append_only"();
CREATE TRIGGER "TriageVersion_no_truncate" BEFORE TRUNCATE ON "TriageVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION "triage_history_append_only"();
CREATE TRIGGER "RiskReview_append_only" BEFORE UPDATE OR DELETE ON "RiskReview"
  FOR EACH ROW EXECUTE FUNCTION "triage_history_append_only"();
CREATE TRIGGER "RiskReview_no_truncate" BEFORE TRUNCATE ON "RiskReview"
  FOR EACH STATEMENT EXECUTE FUNCTION "triage_history_append_only"();

-- A risk review is of a version that recorded a risk.
CREATE FUNCTION "risk_review_of_a_risk"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "TriageVersion" v
                  WHERE v."triageOutcomeId" = NEW."triageOutcomeId" AND v."version" = NEW."triageVersion"
                    AND (v."riskToSelf" OR v."riskToOthers" OR v."riskFromOthers")) THEN
    RAISE EXCEPTION 'Version % of triage % records no risk to review', NEW."triageVersion", NEW."triageOutcomeId"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'RiskReview_of_a_risk';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "RiskReview_of_a_risk" BEFORE INSERT ON "RiskReview"
  FOR EACH ROW EXECUTE FUNCTION "risk_review_of_a_risk"();

-- A triage's content (and who saved it, and why) changes only as the next
-- version, so the one before stays readable; unticking a recorded risk needs a
-- reason. The review booking columns are left to the routing that keeps them.
CREATE FUNCTION "triage_outcome_versioned"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."version" <> OLD."version" AND NEW."version" <> OLD."version" + 1 THEN
    RAISE EXCEPTION 'A triage moves on one version at a time (% after %)', NEW."version", OLD."version"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'TriageOutcome_versioned';
  END IF;
  IF NEW."version" = OLD."version"
     AND ROW(NEW."presentingProblems", NEW."riskToSelf", NEW."riskToOthers", NEW."riskFromOthers", NEW."riskActionTaken",
             NEW."outcome", NEW."pathway", NEW."signpostKind", NEW."signpostTo", NEW."consentToReferral", NEW."recommendations",
             NEW."recordedById", NEW."changeReason")
         IS DISTINCT FROM
         ROW(OLD."presentingProblems", OLD."riskToSelf", OLD."riskToOthers", OLD."riskFromOthers", OLD."riskActionTaken",
             OLD."outcome", OLD."pathway", OLD."signpostKind", OLD."signpostTo", OLD."consentToReferral", OLD."recommendations",
             OLD."recordedById", OLD."changeReason") THEN
    RAISE EXCEPTION 'A triage is changed only as a new version: the earlier one is kept'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'TriageOutcome_versioned';
  END IF;
  IF ((OLD."riskToSelf" AND NOT NEW."riskToSelf") OR (OLD."riskToOthers" AND NOT NEW."riskToOthers") OR (OLD."riskFromOthers" AND NOT NEW."riskFromOthers"))
     AND length(btrim(coalesce(NEW."changeReason", ''))) = 0 THEN
    RAISE EXCEPTION 'Unticking a recorded risk needs a reason'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'TriageOutcome_untick_needs_reason';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "TriageOutcome_versioned" BEFORE UPDATE ON "TriageOutcome"
  FOR EACH ROW EXECUTE FUNCTION "triage_outcome_versioned"();

-- At commit, TriageVersion holds the triage's current version with the same
-- content: a save that forgot its version (or kept a different one) is refused.
CREATE FUNCTION "triage_outcome_version_kept"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "TriageOutcome" t WHERE t."id" = NEW."id")
     AND NOT EXISTS (
       SELECT 1 FROM "TriageOutcome" t JOIN "TriageVersion" v ON v."triageOutcomeId" = t."id" AND v."version" = t."version"
        WHERE t."id" = NEW."id"
          AND ROW(v."presentingProblems", v."riskToSelf", v."riskToOthers", v."riskFromOthers", v."riskActionTaken",
                  v."outcome", v."pathway", v."signpostKind", v."signpostTo", v."consentToReferral", v."recommendations",
                  v."recordedById", v."changeReason")
              IS NOT DISTINCT FROM
              ROW(t."presentingProblems", t."riskToSelf", t."riskToOthers", t."riskFromOthers", t."riskActionTaken",
                  t."outcome", t."pathway", t."signpostKind", t."signpostTo", t."consentToReferral", t."recommendations",
                  t."recordedById", t."changeReason")) THEN
    RAISE EXCEPTION 'Triage % has no kept version matching its content: save triages as a new version', NEW."id"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'TriageOutcome_version_kept';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER "TriageOutcome_version_kept"
  AFTER INSERT OR UPDATE OF "version", "presentingProblems", "riskToSelf", "riskToOthers", "riskFromOthers", "riskActionTaken",
                            "outcome", "pathway", "signpostKind", "signpostTo", "consentToReferral", "recommendations",
                            "recordedById", "changeReason"
  ON "TriageOutcome" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "triage_outcome_version_kept"();
