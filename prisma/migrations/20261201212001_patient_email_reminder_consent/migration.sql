-- Consent per reminder channel. Until now the register asked only "Agrees to
-- text message reminders", yet reminders also went by email on that answer.
-- Every existing patient keeps their text consent as it was, and is recorded as
-- not agreeing to email reminders (existing records migrate to text only).

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "consentToEmailReminders" BOOLEAN NOT NULL DEFAULT false;
