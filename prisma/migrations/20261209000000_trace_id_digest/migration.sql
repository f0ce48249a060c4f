-- A report's `submitted` event kept the trace id of the message that sent it: the channel and the
-- platform's id of that message, which on WhatsApp holds the reporter's phone number (in clear in
-- whatsapp-web.js ids, in base64 in a Cloud API wamid, where erasure's scrub cannot find it). The
-- service now traces a message by a digest of its id (traceIdOf in src/core/messages.ts); the
-- ids already kept become that digest. Open311's trace ids name a request token, not a person.
-- Events are append-only; this rewrite is one the trigger allows (see 20261201210000_audit_trail).
SELECT set_config('aduan.event_rewrite', 'on', true);

UPDATE "report_events"
SET "data" = jsonb_set(
  "data",
  '{traceId}',
  to_jsonb(
    split_part("data"->>'traceId', ':', 1) || ':' || left(
      encode(
        sha256(convert_to(substr("data"->>'traceId', strpos("data"->>'traceId', ':') + 1), 'UTF8')),
        'hex'
      ),
      16
    )
  )
)
WHERE "data" ? 'traceId'
  AND split_part("data"->>'traceId', ':', 1) IN ('terminal', 'telegram', 'whatsapp');
