import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

/** Keyed pseudonyms of accounts: RedisCipher's, under the installation's key. */
export interface AccountPseudonyms {
  pseudonym(value: string): string;
}

const accountOf = (accounts: AccountPseudonyms, who: ReporterIdentity) =>
  accounts.pseudonym(`erasure:${who.channel}:${who.externalId}`);

/** Remembers that this person asked for erasure at `at` (a later request replaces it). */
export async function rememberErasureRequest(
  tx: Prisma.TransactionClient,
  accounts: AccountPseudonyms,
  who: ReporterIdentity,
  at: Date,
): Promise<void> {
  const account = accountOf(accounts, who);
  await tx.erasureRequest.upsert({
    where: { account },
    create: { account, requestedAt: at },
    update: { requestedAt: at },
  });
}

/** When this person asked for erasure, if they did at or after `since`. */
export async function erasureRequestedSince(
  client: Prisma.TransactionClient | PrismaClient,
  accounts: AccountPseudonyms,
  who: ReporterIdentity,
  since: Date,
): Promise<Date | undefined> {
  const request = await client.erasureRequest.findFirst({
    where: { account: accountOf(accounts, who), requestedAt: { gte: since } },
  });
  return request?.requestedAt;
}
