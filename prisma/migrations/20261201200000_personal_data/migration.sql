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
