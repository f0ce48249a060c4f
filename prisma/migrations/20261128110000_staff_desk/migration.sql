-- The staff desk: canned answers the desk keeps, and edits of staff cards in place. A card is
-- an outbox row (purpose "card"); a later row that `replaces_id` it edits the message the card
-- became, so a crash between a change and its card update loses nothing.

CREATE TABLE "answer_templates" (
  "name" TEXT NOT NULL PRIMARY KEY,
  "text" TEXT NOT NULL,
  "created_by" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL
);

ALTER TABLE "outbox_messages" ADD COLUMN "replaces_id" UUID REFERENCES "outbox_messages" ("id");
CREATE INDEX "outbox_messages_replaces_id_idx" ON "outbox_messages" ("replaces_id");
-- Replies to a bot message (a card, an update) are resolved through the message they quote.
CREATE INDEX "outbox_messages_channel_chat_id_platform_message_id_idx"
  ON "outbox_messages" ("channel", "chat_id", "platform_message_id");
