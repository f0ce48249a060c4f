-- The report a file was filed with, when /gabung moved the file to the report that report was
-- merged into (null: it is on the report it was filed with). Erasing the identity of the
-- person who sent it, on request or at the end of retention, must take their photo off the
-- public page and its file name away wherever the file is now. Files moved before this
-- migration were not recorded as moved.
ALTER TABLE "attachments" ADD COLUMN "merged_from_report_id" UUID REFERENCES "reports" ("id");
CREATE INDEX "attachments_merged_from_report_id_idx" ON "attachments" ("merged_from_report_id");
