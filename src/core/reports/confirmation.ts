import { t } from "../i18n/index.js";
import type { ChannelName, Language, OutboundMessage } from "../messages.js";
import { joinLines, type RichText } from "../text.js";

/**
 * What tells a reporter their report's number, and where the public will read it once
 * verified (never for a rahasia report). `replacing` is the number told at *Kirim* when the
 * worker found it taken and stored the report under `code` instead.
 */
export function confirmationText(
  language: Language,
  code: string,
  options: { readonly publicPage?: string; readonly replacing?: string } = {},
): RichText {
  const { publicPage, replacing } = options;
  return joinLines([
    replacing
      ? t(language, "confirmationChanged", { code, previous: replacing })
      : t(language, "confirmation", { code }),
    ...(publicPage ? [t(language, "publicLinkConfirmation", { url: publicPage })] : []),
  ]);
}

/** The confirmation told in reply to Kirim, as its channel sent it. */
export interface SentConfirmation {
  readonly channel: ChannelName;
  readonly chatId: string;
  readonly submissionId: string;
  readonly message: OutboundMessage;
  readonly platformMessageId: string;
  readonly sentAt: Date;
}

/**
 * Keeps a confirmation sent in the conversation with the messages the outbox sent, so the desk
 * sees whether it arrived and was read, and a reply to it adds to the report, though the
 * report may not be stored yet when it goes out (it is found by its submission).
 */
export interface ConfirmationLog {
  record(sent: SentConfirmation): Promise<void>;
}
