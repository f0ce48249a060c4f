import { OPEN_STATUSES } from "../../core/reports/lifecycle.js";
import {
  boundingBox,
  closestSupportable,
  type NearbyQuery,
  type NearbyReport,
  type NearbyReports,
} from "../../core/reports/supporters.js";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { ReportStatus } from "../../core/words.js";
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
    const excluded = query.excludeReporter;
    // One statement with its reporter joined, where Prisma's include takes a second.
    const rows = await this.prisma.$queryRaw<BoxRow[]>`
      SELECT r.tracking_code AS "trackingCode", r.title, r.status::text AS status,
        r.category_id AS "categoryId", r.submitted_at AS "submittedAt", r.confidential,
        r.verified_at AS "verifiedAt", r.routed_at AS "routedAt", r.latitude, r.longitude,
        p.display_name AS "displayName", p.username, p.phone, p.external_id AS "externalId"
      FROM reports r JOIN reporters p ON p.id = r.reporter_id
      WHERE r.category_id = ${query.categoryId}
        AND r.submitted_at >= ${query.since}::timestamptz
        AND r.status::text IN (${Prisma.join(OPEN_STATUSES)})
        AND NOT r.confidential
        AND (r.verified_at IS NOT NULL OR r.routed_at IS NOT NULL)
        AND r.latitude BETWEEN ${box.minLat}::float8 AND ${box.maxLat}::float8
        AND r.longitude BETWEEN ${box.minLon}::float8 AND ${box.maxLon}::float8
        -- Someone's own report is not offered to them as somebody else's.
        ${
          excluded
            ? Prisma.sql`AND NOT (p.channel = ${excluded.channel}::"Channel"
                AND p.external_id = ${excluded.externalId})`
            : Prisma.empty
        }
      ORDER BY r.submitted_at DESC
      LIMIT ${BOX_ROWS}`;
    return closestSupportable(
      // The reporter is read only to blank them out of the title, as the public pages do.
      rows.map(({ displayName, username, phone, externalId, title, ...row }) => ({
        ...row,
        title: redactIdentity(title, { displayName, username, phone, externalId }),
      })),
      query,
    );
  }
}

/** A report inside the box, with the reporter its title is redacted of. */
interface BoxRow {
  readonly trackingCode: string;
  readonly title: string;
  readonly status: ReportStatus;
  readonly categoryId: string;
  readonly submittedAt: Date;
  readonly confidential: boolean;
  readonly verifiedAt: Date | null;
  readonly routedAt: Date | null;
  readonly latitude: number;
  readonly longitude: number;
  readonly displayName: string | null;
  readonly username: string | null;
  readonly phone: string | null;
  readonly externalId: string;
}
