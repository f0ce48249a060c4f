-- A year config/holidays.yaml knows in part (its fixed-date holidays, before the SKB 3 Menteri)
-- is handed to admins once: its shipped days are stored at most once, or not at all when admins
-- had begun its list. The year is remembered here, so a list admins emptied with /libur hapus
-- stays empty rather than getting the shipped days back at the next start.
CREATE TABLE "holiday_seeded_years" (
    "year" INTEGER NOT NULL,
    "seeded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "holiday_seeded_years_pkey" PRIMARY KEY ("year"),
    CONSTRAINT "holiday_seeded_years_year_check" CHECK ("year" BETWEEN 2000 AND 2100)
);

-- Until now a year not complete was seeded only while it held no holiday: one that holds some
-- was seeded already, or begun by admins.
INSERT INTO "holiday_seeded_years" ("year")
SELECT DISTINCT EXTRACT(YEAR FROM "date")::INTEGER FROM "holidays"
WHERE EXTRACT(YEAR FROM "date")::INTEGER NOT IN (SELECT "year" FROM "holiday_years");
