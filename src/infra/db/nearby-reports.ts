import { OPEN_STATUSES } from "../../core/reports/lifecycle.js";
import {
  boundingBox,
  closestSupportable,
  type NearbyQuery,
  type NearbyReport,
  type NearbyReports,
} from "../../core/reports/supporters.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { redactIdentity } from "../../core/reports/redaction.js";

/** More rows than this inside one box are left to the exact distance of the first ones. */
const BOX_ROWS = 200;

/**
 * The "me too" search on PostgreSQL without PostGIS: the index on (category, submitted) and a
 * latitude/longitude box cut the rows, the core's haversine keeps those within the radius.
 */
export class PrismaNearbyReports implements NearbyReports {
  constructor(private readonly prisma: PrismaClient) {}

  async near(query: NearbyQuery): Promise<NearbyReport[]> {
    const box = boundingBox(query, query.radiusMetres);
    const rows = await this.prisma.report.findMany({
      where: {
        categoryId: query.categoryId,
        submittedAt: { gte: query.since },
        status: { in: [...OPEN_STATUSES] },
        confidential: false,
        OR: [{ verifiedAt: { not: null } }, { routedAt: { not: null } }],
        latitude: { gte: box.minLat, lte: box.maxLat },
        longitude: { gte: box.minLon, lte: box.maxLon },
        // Someone's own report is not offered to them as somebody else's.
        ...(query.excludeReporter
          ? {
              NOT: {
                reporter: {
                  channel: query.excludeReporter.channel,
                  externalId: query.excludeReporter.externalId,
                },
              },
            }
          : {}),
      },
      orderBy: { submittedAt: "desc" },
      take: BOX_ROWS,
      select: {
        trackingCode: true,
        title: true,
        status: true,
        categoryId: true,
        submittedAt: true,
        confidential: true,
        verifiedAt: true,
        routedAt: true,
        latitude: true,
        longitude: true,
        // Read only to blank the reporter out of the title, as the public pages do.
        reporter: { select: { displayName: true, username: true, phone: true, externalId: true } },
      },
    });
    return closestSupportable(
      rows.flatMap(({ latitude, longitude, reporter, title, ...row }) =>
        latitude !== null && longitude !== null
          ? [{ ...row, title: redactIdentity(title, reporter), latitude, longitude }]
          : [],
      ),
      query,
    );
  }
}
