-- Every CSV export from the chat (/ekspor): who took which reports out of the system, when.
-- Rows are only ever added.
CREATE TABLE "data_exports" (
    "id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    -- The period as typed (bulan-ini, 2026-11…) and the span it named.
    "period" TEXT NOT NULL,
    "from" TIMESTAMPTZ(3) NOT NULL,
    "to" TIMESTAMPTZ(3) NOT NULL,
    "rows" INTEGER NOT NULL,
    -- Rahasia reports of the period that were left out.
    "confidential_left_out" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "data_exports_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "data_exports_staff_id_idx" ON "data_exports"("staff_id");

ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
