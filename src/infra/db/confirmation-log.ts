import { randomUUID } from "node:crypto";
import type { ConfirmationLog, SentConfirmation } from "../../core/reports/confirmation.js";
import type { PrismaClient } from "../../generated/prisma/client.js";

/**
 * Records the confirmation told at Kirim as an outbox row already sent, by its submission: the
 * report it belongs to is linked when already stored, and found by the submission otherwise.
 */
export class PrismaConfirmationLog implements ConfirmationLog {
  constructor(private readonly prisma: PrismaClient) {}

  async record(sent: SentConfirmation): Promise<void> {
    // One statement: the report is linked in the insert when the worker stored it first.
    await this.prisma.$executeRaw`
      INSERT INTO outbox_messages
        (id, channel, chat_id, purpose, payload, state, lane, attempts, platform_message_id,
         submission_id, report_id, created_at, sent_at)
      VALUES
        (${randomUUID()}::uuid, ${sent.channel}::"Channel", ${sent.chatId}, 'confirmation',
         ${JSON.stringify(sent.message)}::jsonb, 'sent', 'interactive', 1,
         ${sent.platformMessageId}, ${sent.submissionId}::uuid,
         (SELECT id FROM reports WHERE submission_id = ${sent.submissionId}::uuid),
         ${sent.sentAt}, ${sent.sentAt})`;
  }
}
