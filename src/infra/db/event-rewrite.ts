import type { Prisma } from "../../generated/prisma/client.js";

/**
 * The one exception to the append-only event tables: erasing an identity (on request, or when
 * its retention period ended) rewrites the events and messages that carried it. PostgreSQL's
 * trigger on those tables refuses UPDATE and DELETE unless the transaction set
 * `aduan.event_rewrite`; this sets it for the rest of `tx` only (set_config's third argument),
 * so nothing else in the service, and no later transaction on the connection, can rewrite
 * history. Call it first in the transaction that rewrites, and nowhere else.
 */
export async function allowEventRewrite(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$queryRaw`SELECT set_config('aduan.event_rewrite', 'on', true)`;
}
