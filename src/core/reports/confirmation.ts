import { t } from "../i18n/index.js";
import type { ChannelName, Language, OutboundMessage } from "../messages.js";
import { joinLines } from "../text.js";

/**
 * The message that tells a reporter their report's number, told in reply to Kirim or sent by
 * the worker, and where the public will read the report once verified (never a rahasia one's).
 */
export function confirmationMessage(
  language: Language,
  code: string,
  options: {
    readonly confidential: boolean;
    /** The address of a report's public page (PUBLIC_BASE_URL); none: no link is told. */
    readonly publicPage?: ((trackingCode: string) => string) | undefined;
    /** The number told at Kirim, when the worker found it taken and used `code` instead. */
    readonly replacing?: string | undefined;
    /** Told at Kirim: its submission, so the channel's message can be recorded once sent. */
    readonly submissionId?: string;
  },
): OutboundMessage {
  const { confidential, publicPage, replacing, submissionId } = options;
  const text = joinLines([
    replacing
      ? t(language, "confirmationChanged", { code, previous: replacing })
      : t(language, "confirmation", { code }),
    ...(publicPage && !confidential
      ? [t(language, "publicLinkConfirmation", { url: publicPage(code) })]
      : []),
  ]);
  return {
    text,
    notice: {
      kind: "confirmation",
      language,
      values: { code },
      ...(submissionId ? { submissionId } : {}),
    },
  };
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
