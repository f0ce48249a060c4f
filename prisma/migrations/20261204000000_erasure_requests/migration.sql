-- A person's /hapusdata, remembered for a while as a keyed pseudonym of their account (an
-- HMAC under REDIS_ENCRYPTION_KEY, never the account itself): a report they submitted before
-- asking but that the worker stores after (a burst, PostgreSQL away) would otherwise create a
-- new reporter row carrying the identity they asked to erase. The retention job forgets
-- requests older than a queued report can be.
CREATE TABLE "erasure_requests" (
    "account" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "erasure_requests_pkey" PRIMARY KEY ("account")
);
CREATE INDEX "erasure_requests_requested_at_idx" ON "erasure_requests" ("requested_at");
