-- The audit trail: who added, removed or changed the role of a staff account, who edited or
-- deleted an answer template, and who saw which report (its view, its files, an export).
-- Changes to reports themselves are their report_events.
CREATE TYPE "AuditAction" AS ENUM (
  'staff_added',
  'staff_role_changed',
  'staff_removed',
  'template_saved',
  'template_removed',
  'report_viewed'
);

CREATE TABLE "audit_events" (
  "id" BIGSERIAL NOT NULL PRIMARY KEY,
  "action" "AuditAction" NOT NULL,
  -- The staff id of who did it, or 'config' (as staff.added_by).
  "actor_id" TEXT NOT NULL,
  "report_id" UUID REFERENCES "reports" ("id"),
  -- What it was about: the staff account (channel:id), the template's name, or what of the
  -- report was seen (report, files, export).
  "subject" TEXT NOT NULL,
  "data" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "audit_events_report_id_created_at_idx" ON "audit_events" ("report_id", "created_at");
CREATE INDEX "audit_events_created_at_idx" ON "audit_events" ("created_at");

-- Event tables are append-only, enforced here rather than trusted to the application. The one
-- exception is the retention and erasure job (UU 27/2022: identities erased on request or after
-- the retention period), which runs SELECT set_config('aduan.event_rewrite', 'on', true) in its
-- own transaction first; the setting ends with that transaction.
CREATE FUNCTION "event_tables_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('aduan.event_rewrite', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% are append-only; % on % refused', TG_ARGV[0], TG_OP, TG_TABLE_NAME
    -- The default SQLSTATE (P0001): Prisma passes its message on, where it would turn a
    -- restrict_violation into a misleading "foreign key constraint violated".
    USING HINT = 'only the retention and erasure job rewrites them, in a transaction that ran '
            || 'SELECT set_config(''aduan.event_rewrite'', ''on'', true)';
END;
$$;

DROP TRIGGER "report_events_no_update_or_delete" ON "report_events";
DROP FUNCTION "report_events_append_only"();

CREATE TRIGGER "report_events_append_only"
  BEFORE UPDATE OR DELETE ON "report_events"
  FOR EACH ROW EXECUTE FUNCTION "event_tables_append_only"('report events');
CREATE TRIGGER "report_events_no_truncate"
  BEFORE TRUNCATE ON "report_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "event_tables_append_only"('report events');
CREATE TRIGGER "audit_events_append_only"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "event_tables_append_only"('audit events');
CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "event_tables_append_only"('audit events');
