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
import { redactReporterText } from "../../core/reports/redaction.js";
import { CallBatch, inOrder } from "../call-batch.js";

/** More rows than this inside one box are left to the exact distance of the first ones. */
const BOX_ROWS = 200;

/**
 * The "me too" search on PostgreSQL without PostGIS: the index on (category, submitted) and a
 * latitude/longitude box cut the rows, the core's haversine keeps those within the radius.
 */
export class PrismaNearbyReports implements NearbyReports {
  // Every report's location step asks: the asks of a busy moment share one statement, each
  // with its own box (a lateral subquery per ask).
  private readonly boxes = new CallBatch<NearbyQuery, BoxRow[]>(async (queries) => {
    const boxes = queries.map((query) => boundingBox(query, query.radiusMetres));
    const rows = await this.prisma.$queryRaw<(BoxRow & { position: number })[]>`
      /* prepared: nearby-reports */
      SELECT ask.position::int AS position, r.*
      FROM unnest(${queries.map((q) => q.categoryId)}::text[],
          ${queries.map((q) => q.since.toISOString())}::timestamptz[],
          ${boxes.map((b) => b.minLat)}::float8[], ${boxes.map((b) => b.maxLat)}::float8[],
          ${boxes.map((b) => b.minLon)}::float8[], ${boxes.map((b) => b.maxLon)}::float8[],
          ${queries.map((q) => q.excludeReporter?.channel ?? null)}::text[],
          ${queries.map((q) => q.excludeReporter?.externalId ?? null)}::text[])
        WITH ORDINALITY AS ask(category_id, since, min_lat, max_lat, min_lon, max_lon,
          excluded_channel, excluded_id, position)
      CROSS JOIN LATERAL (
        SELECT r.tracking_code AS "trackingCode", r.title, r.status::text AS status,
          r.category_id AS "categoryId", r.submitted_at AS "submittedAt", r.confidential,
          r.verified_at AS "verifiedAt", r.routed_at AS "routedAt", r.latitude, r.longitude,
          p.display_name AS "displayName", p.username, p.phone, p.external_id AS "externalId"
        FROM reports r JOIN reporters p ON p.id = r.reporter_id
        WHERE r.category_id = ask.category_id
          AND r.submitted_at >= ask.since
          AND r.status::text IN (${Prisma.join(OPEN_STATUSES)})
          AND NOT r.confidential
          AND (r.verified_at IS NOT NULL OR r.routed_at IS NOT NULL)
          AND r.latitude BETWEEN ask.min_lat AND ask.max_lat
          AND r.longitude BETWEEN ask.min_lon AND ask.max_lon
          -- Someone's own report is not offered to them as somebody else's.
          AND NOT (p.channel::text IS NOT DISTINCT FROM ask.excluded_channel
            AND p.external_id IS NOT DISTINCT FROM ask.excluded_id)
        ORDER BY r.submitted_at DESC
        LIMIT ${BOX_ROWS}
      ) r`;
    return inOrder(queries.length, rows);
  });

  constructor(private readonly prisma: PrismaClient) {}

  async near(query: NearbyQuery): Promise<NearbyReport[]> {
    const rows = await this.boxes.run(query);
    return closestSupportable(
      // The reporter is read only to blank them out of the title, as the public pages do.
      rows.map(({ displayName, username, phone, externalId, title, ...row }) => ({
        ...row,
        title: redactReporterText(title, { displayName, username, phone, externalId }),
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
