import type { PrismaClient } from "../../generated/prisma/client.js";
import { PrismaAuditStore } from "./audit-store.js";
import { PrismaDeskStore } from "./desk-store.js";
import type { AccountPseudonyms } from "./erasure-requests.js";
import { PrismaExportLog } from "./export-log.js";
import { PrismaHolidayStore } from "./holiday-store.js";
import { PrismaPrivacyStore } from "./privacy-store.js";
import { PrismaNearbyReports } from "./nearby-reports.js";
import { PrismaReportQueries } from "./report-queries.js";
import { PrismaReportStore } from "./report-store.js";
import { PrismaRetentionStore } from "./retention-store.js";
import { PrismaStaffStore } from "./staff-store.js";
import { PrismaTimelineSource } from "./timeline-source.js";

/** Every persistence port of the core, on one database. */
export interface Stores {
  readonly reports: PrismaReportStore;
  readonly reportQueries: PrismaReportQueries;
  readonly staff: PrismaStaffStore;
  readonly desk: PrismaDeskStore;
  readonly timelines: PrismaTimelineSource;
  readonly holidays: PrismaHolidayStore;
  readonly privacy: PrismaPrivacyStore;
  readonly retention: PrismaRetentionStore;
  readonly exports: PrismaExportLog;
  readonly nearby: PrismaNearbyReports;
  readonly audit: PrismaAuditStore;
}

/** `accounts` keys the erasure requests (RedisCipher, under the installation's key). */
export function createStores(prisma: PrismaClient, accounts: AccountPseudonyms): Stores {
  return {
    reports: new PrismaReportStore(prisma, accounts),
    reportQueries: new PrismaReportQueries(prisma),
    staff: new PrismaStaffStore(prisma),
    desk: new PrismaDeskStore(prisma),
    timelines: new PrismaTimelineSource(prisma),
    holidays: new PrismaHolidayStore(prisma),
    privacy: new PrismaPrivacyStore(prisma, accounts),
    retention: new PrismaRetentionStore(prisma),
    exports: new PrismaExportLog(prisma),
    nearby: new PrismaNearbyReports(prisma),
    audit: new PrismaAuditStore(prisma),
  };
}
