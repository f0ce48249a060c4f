-- The tracking code is told in the reply to Kirim, before the worker stores the report. The
-- bot records that reply as a sent confirmation, beside the report's other messages (for the
-- desk's delivery view, read receipts and replies to it), by the submission it belongs to: the
-- report may not be stored yet when it is sent.
ALTER TABLE "outbox_messages" ADD COLUMN "submission_id" UUID;
CREATE INDEX "outbox_messages_submission_id_idx" ON "outbox_messages" ("submission_id");
