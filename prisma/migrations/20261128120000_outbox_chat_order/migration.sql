-- Messages to one chat are delivered in the order they were written, whichever worker takes
-- them. A sequence orders them: uuid v7 ids and created_at tie within one transaction.
ALTER TABLE "outbox_messages" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "outbox_messages_channel_chat_id_state_seq_idx"
  ON "outbox_messages" ("channel", "chat_id", "state", "seq");
