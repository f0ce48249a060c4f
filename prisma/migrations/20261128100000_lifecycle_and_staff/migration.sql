-- Staff accounts and the report lifecycle: who works on reports, the deadlines the
-- SP4N-LAPOR! timeline sets, when each milestone was reached, and the reporter's rating.

CREATE TYPE "StaffRole" AS ENUM ('admin', 'officer');

ALTER TYPE "EventType" ADD VALUE 'assigned';
ALTER TYPE "EventType" ADD VALUE 'reminded';
ALTER TYPE "EventType" ADD VALUE 'escalated';

CREATE TABLE "staff" (
  "id" UUID NOT NULL PRIMARY KEY,
  "channel" "Channel" NOT NULL,
  "external_id" TEXT NOT NULL,
  "chat_id" TEXT,
  "display_name" TEXT,
  "username" TEXT,
  "role" "StaffRole" NOT NULL,
  "agency_id" TEXT REFERENCES "agencies" ("id"),
  "active" BOOLEAN NOT NULL DEFAULT true,
  "added_by" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "staff_officer_has_agency" CHECK ("role" <> 'officer' OR "agency_id" IS NOT NULL)
);
CREATE UNIQUE INDEX "staff_channel_external_id_key" ON "staff" ("channel", "external_id");
CREATE INDEX "staff_agency_id_idx" ON "staff" ("agency_id");

ALTER TABLE "reports"
  ADD COLUMN "assignee_id" UUID REFERENCES "staff" ("id"),
  ADD COLUMN "verify_due_at" TIMESTAMPTZ(3),
  ADD COLUMN "follow_up_due_at" TIMESTAMPTZ(3),
  ADD COLUMN "auto_close_at" TIMESTAMPTZ(3),
  ADD COLUMN "verified_at" TIMESTAMPTZ(3),
  ADD COLUMN "routed_at" TIMESTAMPTZ(3),
  ADD COLUMN "first_answered_at" TIMESTAMPTZ(3),
  ADD COLUMN "resolved_at" TIMESTAMPTZ(3),
  ADD COLUMN "closed_reason" TEXT,
  ADD COLUMN "rating" INTEGER,
  ADD COLUMN "rating_comment" TEXT,
  ADD CONSTRAINT "reports_rating_range" CHECK ("rating" BETWEEN 1 AND 5);
CREATE INDEX "reports_agency_id_status_idx" ON "reports" ("agency_id", "status");
CREATE INDEX "reports_submitted_at_idx" ON "reports" ("submitted_at");
