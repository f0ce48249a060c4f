-- The holidays deadlines skip, kept in the database so admins can enter next year's from the
-- chat (/libur) and every process sees the same list. config/holidays.yaml seeds the years it
-- covers; a year counts as complete (deadlines trust it) once it has a holiday_years row.
CREATE TABLE "holidays" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,
    -- Cuti bersama (collective leave) rather than a national holiday.
    "leave" BOOLEAN NOT NULL DEFAULT false,
    -- The staff id of the admin who entered it, or 'config' for the seed file.
    "added_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "holidays_pkey" PRIMARY KEY ("date"),
    CONSTRAINT "holidays_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100)
);

CREATE TABLE "holiday_years" (
    "year" INTEGER NOT NULL,
    "completed_by" TEXT NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "holiday_years_pkey" PRIMARY KEY ("year"),
    CONSTRAINT "holiday_years_year_check" CHECK ("year" BETWEEN 2000 AND 2100)
);
