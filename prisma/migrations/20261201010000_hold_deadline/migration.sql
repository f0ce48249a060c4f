-- A report on hold is due back by a deadline of its own, with a reminder and an escalation
-- like every other stage (HOLD_WORKING_DAYS).
ALTER TABLE "reports" ADD COLUMN "hold_due_at" TIMESTAMPTZ(3);
