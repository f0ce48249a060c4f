-- A message sent as several platform messages (a long text in parts, then its files): how many
-- of its parts the platform took before an attempt failed, and the id the message is kept under
-- so far. A retry, or the release of a message held for the recipient, goes on from there, so
-- nobody gets a part twice. Receipts and replies match platform_message_id only, which is set
-- once the whole message went: a part's status never marks a message still being sent.
ALTER TABLE "outbox_messages" ADD COLUMN "parts_sent" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "outbox_messages" ADD COLUMN "partial_message_id" TEXT;
