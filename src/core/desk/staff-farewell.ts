import { t } from "../i18n/index.js";
import type { ChannelName, Language } from "../messages.js";
import type { ReportQueries } from "../reports/report-queries.js";
import type { ReportStore } from "../reports/report-store.js";
import { enqueueCommitted, type OutboxQueue } from "../reports/outbox.js";
import type { Logger } from "../logger.js";
import { maskedAccount } from "../privacy/masked-account.js";

export interface FarewellDependencies {
  readonly reports: Pick<ReportStore, "transaction">;
  readonly languages: Pick<ReportQueries, "languageOf">;
  readonly outbox: OutboxQueue;
  readonly staffLanguage: Language;
  readonly logger: Logger;
}

/**
 * Tells a member who is no longer staff, in their private chat, why their cards went still:
 * they are no longer redrawn, and a closing redraw of each would be a new message per card on
 * WhatsApp. Called once the removal is committed, so a failure here is logged, never thrown:
 * the removal stands either way, and a row written but not queued goes when a worker starts.
 */
export async function tellStaffRemoved(
  deps: FarewellDependencies,
  account: { readonly channel: ChannelName; readonly externalId: string; readonly chatId: string },
): Promise<void> {
  const { channel, externalId, chatId } = account;
  try {
    const language =
      (await deps.languages.languageOf({ channel, externalId })) ?? deps.staffLanguage;
    const rows = await deps.reports.transaction((unit) =>
      unit.appendOutbox([
        {
          to: { channel, chatId },
          purpose: "staff_removed",
          message: { text: t(language, "deskStaffRemovedNotice") },
          reportId: null,
          lane: "interactive",
        },
      ]),
    );
    await enqueueCommitted(deps.outbox, deps.logger, rows);
  } catch (error) {
    deps.logger.error(
      { err: error, account: maskedAccount(externalId) },
      "could not tell a removed staff member",
    );
  }
}
