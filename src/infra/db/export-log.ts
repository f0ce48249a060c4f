import type { ExportLog, ExportRecord } from "../../core/reports/csv-export.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/** The data_exports table: every /ekspor, who ran it and what it took. */
export class PrismaExportLog implements ExportLog {
  constructor(private readonly prisma: PrismaClient) {}

  async record(entry: ExportRecord): Promise<void> {
    await this.prisma.dataExport.create({ data: { ...entry } });
  }
}
