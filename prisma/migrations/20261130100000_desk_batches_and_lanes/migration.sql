-- A burst of new reports reaches a busy desk as one batch message instead of one card each,
-- and what staff do is delivered before bulk messages (new cards, batches, reminders).
CREATE TYPE "OutboxLane" AS ENUM ('interactive', 'bulk');
ALTER TABLE "outbox_messages" ADD COLUMN "lane" "OutboxLane" NOT NULL DEFAULT 'bulk';
-- Set while a report filed when the desk was busy waits, without a card, for the next batch.
ALTER TABLE "reports" ADD COLUMN "desk_batch_pending" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "reports_desk_batch_pending_idx" ON "reports" ("submitted_at") WHERE "desk_batch_pending";
