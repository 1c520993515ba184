-- Hand-written: btree_gin (a contrib extension shipped with PostgreSQL, like
-- pg_trgm) gives GIN an operator class for uuid, so one trigram index can lead
-- with the practice: a name search within a PCN's practices reads only their
-- matching patients, not every PCN's (docs/decisions/0014-reads-at-icb-scale.md).
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- DropIndex
DROP INDEX "Patient_familyName_trgm_idx";

-- DropIndex
DROP INDEX "Patient_givenName_trgm_idx";

-- CreateIndex
CREATE INDEX "Patient_practiceId_givenName_trgm_idx" ON "Patient" USING GIN ("practiceId" uuid_ops, "givenName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Patient_practiceId_familyName_trgm_idx" ON "Patient" USING GIN ("practiceId" uuid_ops, "familyName" gin_trgm_ops);
