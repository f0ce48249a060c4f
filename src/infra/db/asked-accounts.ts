import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import { Prisma } from "../../generated/prisma/client.js";

/**
 * The accounts a batched statement asks about, as rows `account(channel, external_id,
 * position)` to join on: `position` counts the asks from 1, as `inOrder` reads it back.
 */
export function askedAccounts(accounts: readonly ReporterIdentity[]): Prisma.Sql {
  return Prisma.sql`unnest(${accounts.map((a) => a.channel)}::text[],
      ${accounts.map((a) => a.externalId)}::text[])
    WITH ORDINALITY AS account(channel, external_id, position)`;
}
