import { randomUUID } from "node:crypto";
import type { ConfirmationLog, SentConfirmation } from "../../core/reports/confirmation.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { CallBatch } from "../call-batch.js";

/**
 * Records the confirmation told at Kirim as an outbox row already sent, by its submission: the
 * report it belongs to is linked when already stored, and found by the submission otherwise.
 */
export class PrismaConfirmationLog implements ConfirmationLog {
  // One statement for the confirmations of a busy moment; each report is linked in the insert
  // when the worker stored it first.
  private readonly records = new CallBatch<SentConfirmation, void>(async (sent) => {
    await this.prisma.$executeRaw`
      /* prepared: record-confirmations */
      INSERT INTO outbox_messages
        (id, channel, chat_id, purpose, payload, state, lane, attempts, platform_message_id,
         submission_id, report_id, created_at, sent_at)
      SELECT id, channel::"Channel", chat_id, 'confirmation', payload::jsonb, 'sent',
        'interactive', 1, platform_message_id, submission_id,
        (SELECT r.id FROM reports r WHERE r.submission_id = confirmation.submission_id),
        sent_at, sent_at
      FROM unnest(${sent.map(() => randomUUID())}::uuid[], ${sent.map((s) => s.channel)}::text[],
          ${sent.map((s) => s.chatId)}::text[], ${sent.map((s) => JSON.stringify(s.message))}::text[],
          ${sent.map((s) => s.platformMessageId)}::text[],
          ${sent.map((s) => s.submissionId)}::uuid[],
          ${sent.map((s) => s.sentAt.toISOString())}::timestamptz[])
        AS confirmation(id, channel, chat_id, payload, platform_message_id, submission_id, sent_at)`;
    return sent.map(() => undefined);
  });

  constructor(private readonly prisma: PrismaClient) {}

  async record(sent: SentConfirmation): Promise<void> {
    await this.records.run(sent);
  }
}
