-- Intake core: reporters, the catalog (agencies, categories), reports with their attachments
-- and timeline, and the outbox of messages to users.

CREATE TYPE "Channel" AS ENUM ('terminal', 'telegram', 'whatsapp');
CREATE TYPE "Language" AS ENUM ('id', 'en');
CREATE TYPE "ReportKind" AS ENUM ('pengaduan', 'aspirasi', 'informasi');
CREATE TYPE "ReportStatus" AS ENUM (
  'submitted', 'verified', 'routed', 'followed_up', 'done',
  'on_hold', 'not_authority', 'rejected', 'reopened'
);
CREATE TYPE "ActorType" AS ENUM ('reporter', 'staff', 'system');
CREATE TYPE "EventType" AS ENUM (
  'submitted', 'verified', 'routed', 'replied', 'note', 'held', 'rejected', 'not_authority',
  'done', 'reopened', 'info_added', 'rated', 'delivery_failed'
);
CREATE TYPE "AttachmentKind" AS ENUM ('photo', 'document');
CREATE TYPE "OutboxState" AS ENUM ('pending', 'sent', 'failed');

CREATE TABLE "reporters" (
  "id" UUID NOT NULL PRIMARY KEY,
  "channel" "Channel" NOT NULL,
  "external_id" TEXT NOT NULL,
  "chat_id" TEXT NOT NULL,
  "display_name" TEXT,
  "username" TEXT,
  "phone" TEXT,
  "language" "Language" NOT NULL DEFAULT 'id',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX "reporters_channel_external_id_key" ON "reporters" ("channel", "external_id");

CREATE TABLE "agencies" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "updated_at" TIMESTAMPTZ(3) NOT NULL
);

CREATE TABLE "categories" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "name_en" TEXT NOT NULL,
  "agency_id" TEXT NOT NULL REFERENCES "agencies" ("id"),
  "active" BOOLEAN NOT NULL DEFAULT true,
  "updated_at" TIMESTAMPTZ(3) NOT NULL
);

CREATE TABLE "reports" (
  "id" UUID NOT NULL PRIMARY KEY,
  "tracking_code" TEXT NOT NULL,
  "submission_id" UUID NOT NULL,
  "flow_id" TEXT NOT NULL,
  "reporter_id" UUID NOT NULL REFERENCES "reporters" ("id"),
  "kind" "ReportKind" NOT NULL,
  "title" TEXT NOT NULL,
  "description" TEXT NOT NULL,
  "category_id" TEXT REFERENCES "categories" ("id"),
  "agency_id" TEXT REFERENCES "agencies" ("id"),
  "event_date" DATE,
  "latitude" DOUBLE PRECISION,
  "longitude" DOUBLE PRECISION,
  "address" TEXT,
  "anonymous" BOOLEAN NOT NULL,
  "confidential" BOOLEAN NOT NULL,
  "status" "ReportStatus" NOT NULL DEFAULT 'submitted',
  "language" "Language" NOT NULL,
  "submitted_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "reports_location_pair" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)),
  CONSTRAINT "reports_latitude_range" CHECK ("latitude" BETWEEN -90 AND 90),
  CONSTRAINT "reports_longitude_range" CHECK ("longitude" BETWEEN -180 AND 180)
);
CREATE UNIQUE INDEX "reports_tracking_code_key" ON "reports" ("tracking_code");
CREATE UNIQUE INDEX "reports_submission_id_key" ON "reports" ("submission_id");
CREATE INDEX "reports_reporter_id_created_at_idx" ON "reports" ("reporter_id", "created_at");
CREATE INDEX "reports_status_idx" ON "reports" ("status");

CREATE TABLE "attachments" (
  "id" UUID NOT NULL PRIMARY KEY,
  "report_id" UUID NOT NULL REFERENCES "reports" ("id"),
  "kind" "AttachmentKind" NOT NULL,
  "mime" TEXT NOT NULL,
  "size" INTEGER NOT NULL CHECK ("size" >= 0),
  "sha256" TEXT NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
  "storage_path" TEXT NOT NULL,
  "original_name" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "attachments_report_id_idx" ON "attachments" ("report_id");

CREATE TABLE "report_events" (
  "id" BIGSERIAL NOT NULL PRIMARY KEY,
  "report_id" UUID NOT NULL REFERENCES "reports" ("id"),
  "type" "EventType" NOT NULL,
  "actor_type" "ActorType" NOT NULL,
  "actor_id" TEXT,
  "public" BOOLEAN NOT NULL,
  "text" TEXT,
  "data" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "report_events_report_id_created_at_idx" ON "report_events" ("report_id", "created_at");

-- The timeline is the audit trail: rows are never changed or removed.
CREATE FUNCTION "report_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report_events is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "report_events_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "report_events"
  FOR EACH ROW EXECUTE FUNCTION "report_events_append_only"();

CREATE TABLE "outbox_messages" (
  "id" UUID NOT NULL PRIMARY KEY,
  "channel" "Channel" NOT NULL,
  "chat_id" TEXT NOT NULL,
  "purpose" TEXT NOT NULL,
  "payload" JSONB NOT NULL,
  "state" "OutboxState" NOT NULL DEFAULT 'pending',
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "last_error" TEXT,
  "platform_message_id" TEXT,
  "report_id" UUID REFERENCES "reports" ("id"),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "sent_at" TIMESTAMPTZ(3)
);
CREATE INDEX "outbox_messages_state_created_at_idx" ON "outbox_messages" ("state", "created_at");
CREATE INDEX "outbox_messages_report_id_idx" ON "outbox_messages" ("report_id");
