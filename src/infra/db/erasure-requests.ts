import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import type { Prisma } from "../../generated/prisma/client.js";

/** Keyed pseudonyms of accounts: RedisCipher's, under the installation's key. */
export interface AccountPseudonyms {
  pseudonym(value: string): string;
}

/** The key erasure requests know an account by (see the erasure_requests migration). */
export const erasureAccount = (accounts: AccountPseudonyms, who: ReporterIdentity): string =>
  accounts.pseudonym(`erasure:${who.channel}:${who.externalId}`);

/**
 * Holds this person's erasure lock shared until `tx` ends, after an erasure under way (which
 * holds it exclusively) committed: as the intake statement does for each report.
 */
export async function holdErasureLock(
  tx: Prisma.TransactionClient,
  accounts: AccountPseudonyms,
  who: ReporterIdentity,
): Promise<void> {
  const account = erasureAccount(accounts, who);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(erasure_lock_key(${account}))`;
}

/**
 * Remembers that this person asked for erasure at `at` (a later request replaces it), holding
 * their account's erasure lock until `tx` ends: a report of theirs being stored right now
 * commits first (and is erased with the rest), one stored later is stored erased.
 */
export async function rememberErasureRequest(
  tx: Prisma.TransactionClient,
  accounts: AccountPseudonyms,
  who: ReporterIdentity,
  at: Date,
): Promise<void> {
  const account = erasureAccount(accounts, who);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(erasure_lock_key(${account}))`;
  await tx.erasureRequest.upsert({
    where: { account },
    create: { account, requestedAt: at },
    update: { requestedAt: at },
  });
}
