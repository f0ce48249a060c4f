-- Whether the reporter agreed, during /lapor, that the report's photos may be shown on its
-- public page. Asked only when photos were attached and the report is not rahasia; every
-- report filed before the question existed keeps its photos private.
ALTER TABLE "reports" ADD COLUMN "photos_public" BOOLEAN NOT NULL DEFAULT false;
