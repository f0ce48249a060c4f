-- Which installation this database belongs to. Its Redis prefix is the default for every
-- process using the database, so two installations sharing one Redis never take each other's
-- jobs or conversations. A database that already holds reports keeps the former default
-- prefix, so an upgrade finds its queued jobs and drafts where they were.
CREATE TABLE "installation" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "redis_prefix" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);
INSERT INTO "installation" ("redis_prefix")
SELECT CASE
  WHEN EXISTS (SELECT 1 FROM "reports") THEN 'aduan'
  ELSE 'aduan-' || substr(md5(gen_random_uuid()::text), 1, 10)
END;
