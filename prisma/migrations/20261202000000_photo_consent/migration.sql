-- Whether the reporter agreed, during /lapor, that the report's photos may be shown on its
-- public page. Asked only when photos were attached and the report is not rahasia; every
-- report filed before the question existed keeps its photos private.
ALTER TABLE "reports" ADD COLUMN "photos_public" BOOLEAN NOT NULL DEFAULT false;

-- What the public page shows is decided per file: the photos the reporter sent with the
-- report they agreed for. A photo added later (/tambah), an officer's proof, or a photo moved
-- in from another report by /gabung keeps its own answer.
ALTER TABLE "attachments" ADD COLUMN "public" BOOLEAN NOT NULL DEFAULT false;
