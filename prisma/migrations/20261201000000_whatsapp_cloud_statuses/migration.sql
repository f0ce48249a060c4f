-- WhatsApp Cloud API: notices kept until the reporter writes again (outside the 24-hour
-- window, with no approved template), and the delivery receipts Meta reports.
ALTER TYPE "OutboxState" ADD VALUE 'waiting';
ALTER TYPE "EventType" ADD VALUE 'delivery_waiting';
ALTER TABLE "outbox_messages" ADD COLUMN "delivered_at" TIMESTAMPTZ(3);
ALTER TABLE "outbox_messages" ADD COLUMN "read_at" TIMESTAMPTZ(3);
