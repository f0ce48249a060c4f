-- Personal data (UU 27/2022): the privacy notice version a reporter agreed to, the erasure of
-- their identity (on request or when the retention period ended), and media deleted by
-- retention while their rows stay for the statistics.
CREATE TYPE "Erasure" AS ENUM ('request', 'retention');

ALTER TABLE "reporters"
  ADD COLUMN "consent_version" TEXT,
  ADD COLUMN "consent_at" TIMESTAMPTZ(3),
  ADD COLUMN "erased_at" TIMESTAMPTZ(3),
  ADD COLUMN "erasure" "Erasure";

ALTER TABLE "attachments" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);

-- The timeline stays append-only with one documented exception (src/infra/db/event-rewrite.ts):
-- erasing an identity, on request or when its retention ended, rewrites the events that
-- carried it. Only a transaction that ran
--   SELECT set_config('aduan.event_rewrite', 'on', true)
-- may update or delete rows; the setting lasts until that transaction ends.
CREATE OR REPLACE FUNCTION "report_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('aduan.event_rewrite', true) = 'on' THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  RAISE EXCEPTION 'report_events is append-only (% refused)', TG_OP;
END;
$$;
