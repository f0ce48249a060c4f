-- "Me too": citizens who support an open public report instead of filing the same problem
-- again (during /lapor, or moved there by /gabung). A supporter is a reporter account; the
-- same person supports a report once. Personal data: erased with the reporter.
CREATE TABLE "report_supporters" (
    "report_id" UUID NOT NULL REFERENCES "reports" ("id"),
    "reporter_id" UUID NOT NULL REFERENCES "reporters" ("id"),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_supporters_pkey" PRIMARY KEY ("report_id", "reporter_id")
);

CREATE INDEX "report_supporters_reporter_id_idx" ON "report_supporters" ("reporter_id");

-- Reports nearby of the same category and recent: the "me too" question's search.
CREATE INDEX "reports_category_id_submitted_at_idx" ON "reports" ("category_id", "submitted_at");

-- A report merged into another by /gabung: closed as a duplicate (status rejected), the
-- event names the report it went into.
ALTER TYPE "EventType" ADD VALUE 'merged';
