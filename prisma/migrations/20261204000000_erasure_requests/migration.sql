-- A person's /hapusdata, remembered for a while as a keyed pseudonym of their account (an
-- HMAC under REDIS_ENCRYPTION_KEY, never the account itself): a report they submitted before
-- asking but that the worker stores after (a burst, PostgreSQL away) would otherwise be stored
-- with the identity they asked to erase. The retention job forgets requests older than a
-- queued report can be.
CREATE TABLE "erasure_requests" (
    "account" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "erasure_requests_pkey" PRIMARY KEY ("account")
);
CREATE INDEX "erasure_requests_requested_at_idx" ON "erasure_requests" ("requested_at");

-- The advisory lock an erasure takes exclusively and the intake of each report of the same
-- account takes shared, so the two never pass each other: a report being stored commits
-- before the erasure reads what to erase, and a report stored after the erasure sees it.
CREATE FUNCTION "erasure_lock_key"(p_account TEXT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended('erasure_requests:' || p_account, 0) $$;

-- Called by the intake's statement for each new report, before its reporter row is written:
-- waits for an erasure of the account under way, then reads with a snapshot of its own (in
-- READ COMMITTED, the service's isolation level, a VOLATILE function's query sees what
-- committed after the calling statement began), and keeps the lock until the report commits.
-- Returns when the account asked for erasure, if at or after `p_since` (the report's
-- submission); null otherwise.
CREATE FUNCTION "erasure_requested_since"(p_account TEXT, p_since TIMESTAMPTZ)
RETURNS TIMESTAMPTZ
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(erasure_lock_key(p_account));
  RETURN (
    SELECT requested_at FROM erasure_requests
    WHERE account = p_account AND requested_at >= p_since
  );
END
$$;
