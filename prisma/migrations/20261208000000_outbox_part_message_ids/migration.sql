-- A message sent as several platform messages (a card or notice longer than the platform takes,
-- then its files) is kept under its last text part's id, yet a person may answer it by quoting
-- any part: staff often reply to a long card's first part, the one that names the report. Every
-- part's id is kept here, in order, so the desk matches a reply to any of them. Written as the
-- parts go, so a reply to a part already on the phone counts while later ones wait; receipts
-- still match platform_message_id only.
ALTER TABLE "outbox_messages" ADD COLUMN "part_message_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

CREATE INDEX "outbox_messages_part_message_ids_idx" ON "outbox_messages" USING GIN ("part_message_ids");
