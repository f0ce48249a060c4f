import { randomBytes } from "node:crypto";
import type { ReporterIdentity } from "../../core/reports/report-queries.js";
import { ERASED_RECIPIENT } from "../../core/reports/outbox.js";
import { redactIdentity } from "../../core/reports/redaction.js";
import type {
  Consent,
  ErasureResult,
  HeldData,
  PrivacyStore,
} from "../../core/privacy/privacy-store.js";
import { identityNeedles, scrubEmails, scrubJson, scrubText } from "../../core/privacy/scrub.js";
import type { Erasure } from "../../core/words.js";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import { askedAccounts } from "./asked-accounts.js";
import { rememberErasureRequest, type AccountPseudonyms } from "./erasure-requests.js";
import { allowEventRewrite } from "./event-rewrite.js";
import { CallBatch, inOrder } from "../call-batch.js";
import { uuidv7 } from "./uuid-v7.js";

type Tx = Prisma.TransactionClient;

const owner = (who: ReporterIdentity) => ({
  channel_externalId: { channel: who.channel, externalId: who.externalId },
});

/** The outbox rows still waiting to reach someone whose identity is now erased. */
const UNSENT = ["pending", "waiting"] as const;

/** What an erased reporter is called in place of their platform ids: random, linking nothing. */
export const erasedReporterName = (): string => `pelapor-${randomBytes(6).toString("hex")}`;

/**
 * A message's ids on the platform, forgotten with its recipient: whatsapp-web.js's carry the
 * phone number (`true_6281…@c.us_…`) and a Cloud wamid carries it in base64, past any scrub.
 * Nothing reads them again: replies and receipts of an erased chat match no one.
 */
const NO_PLATFORM_IDS = { platformMessageId: null, partialMessageId: null, partMessageIds: [] };

/**
 * Erases one reporter's identity inside `tx`: their row keeps only a pseudonym; their name or
 * number written into a report's title, description or address is blanked out; every event
 * and outbox message of their reports (and every message to their chat) has their name,
 * username, phone and platform ids replaced by it, e-mail addresses in system notes too (an
 * Open311 filer's); their files lose their names; messages not yet sent to them are dropped.
 * Returns how many reports carry the pseudonym.
 */
export async function eraseReporter(
  tx: Tx,
  reporterId: string,
  erasure: Erasure,
  at: Date,
): Promise<number> {
  const reporter = await tx.reporter.findUniqueOrThrow({ where: { id: reporterId } });
  const pseudonym = erasedReporterName();
  const reports = await tx.report.findMany({
    where: { reporterId },
    select: { id: true, title: true, description: true, address: true },
  });
  const reportIds = reports.map((report) => report.id);
  // What they wrote of themselves into a report ("…, kata Siti Aminah") is blanked as the public
  // pages blank it: once the identity is gone, nothing would be left to blank it with.
  for (const report of reports) {
    const written = {
      title: redactIdentity(report.title, reporter),
      description: redactIdentity(report.description, reporter),
      address: report.address === null ? null : redactIdentity(report.address, reporter),
    };
    if (
      written.title !== report.title ||
      written.description !== report.description ||
      written.address !== report.address
    ) {
      await tx.report.update({ where: { id: report.id }, data: written });
    }
  }
  // Their files, also those /gabung moved to the report one of theirs was merged into.
  const theirFiles = {
    OR: [{ reportId: { in: reportIds }, mergedFromId: null }, { mergedFromId: { in: reportIds } }],
  };
  // The names their files came with ("KTP_Budi.jpg") go too, from the messages that carried them.
  const files = await tx.attachment.findMany({
    where: { ...theirFiles, originalName: { not: null } },
    select: { originalName: true },
  });
  const needles = identityNeedles([
    reporter.externalId,
    reporter.chatId,
    reporter.displayName,
    reporter.username ? `@${reporter.username}` : null,
    reporter.username,
    reporter.phone,
    ...files.map((file) => file.originalName),
  ]);

  await allowEventRewrite(tx);
  const events = await tx.reportEvent.findMany({
    where: { reportId: { in: reportIds } },
    select: { id: true, type: true, actorType: true, text: true, data: true },
  });
  for (const event of events) {
    let text = event.text === null ? null : scrubText(event.text, needles, pseudonym);
    if (text !== null && event.type === "note" && event.actorType === "system") {
      text = scrubEmails(text, pseudonym);
    }
    const data = event.data === null ? null : scrubJson(event.data, needles, pseudonym);
    const dataChanged = JSON.stringify(data) !== JSON.stringify(event.data);
    if (text === event.text && !dataChanged) continue;
    await tx.reportEvent.update({
      where: { id: event.id },
      data: {
        text,
        ...(dataChanged
          ? { data: data === null ? Prisma.DbNull : (data as Prisma.InputJsonValue) }
          : {}),
      },
    });
  }
  const toThem = { channel: reporter.channel, chatId: reporter.chatId };
  await tx.outboxMessage.updateMany({
    where: { ...toThem, state: { in: [...UNSENT] } },
    data: { state: "failed", lastError: ERASED_RECIPIENT },
  });
  const messages = await tx.outboxMessage.findMany({
    where: { OR: [{ reportId: { in: reportIds } }, toThem] },
    select: { id: true, channel: true, chatId: true, payload: true, lastError: true },
  });
  for (const message of messages) {
    const theirs = message.channel === reporter.channel && message.chatId === reporter.chatId;
    const payload = scrubJson(message.payload, needles, pseudonym) as Prisma.InputJsonValue;
    const lastError =
      message.lastError === null ? null : scrubText(message.lastError, needles, pseudonym);
    await tx.outboxMessage.update({
      where: { id: message.id },
      data: { payload, lastError, ...(theirs ? { chatId: pseudonym, ...NO_PLATFORM_IDS } : {}) },
    });
  }
  // A photo may show who took it: the consent to publish goes with the identity.
  await tx.attachment.updateMany({
    where: theirFiles,
    data: { originalName: null, public: false },
  });
  await tx.report.updateMany({
    where: { id: { in: reportIds }, photosPublic: true },
    data: { photosPublic: false },
  });
  await tx.reporter.update({
    where: { id: reporterId },
    data: {
      externalId: pseudonym,
      chatId: pseudonym,
      displayName: null,
      username: null,
      phone: null,
      erasedAt: at,
      erasure,
    },
  });
  return reportIds.length;
}

/** PrivacyStore on PostgreSQL. */
export class PrismaPrivacyStore implements PrivacyStore {
  /** `accounts` keys the erasure requests remembered for reports still queued. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly accounts: AccountPseudonyms,
  ) {}

  // Consent is read at every /lapor and written at every Setuju: the reads, and the writes, of
  // a busy moment share one statement each.
  private readonly consents = new CallBatch<ReporterIdentity, Consent | null>(async (accounts) => {
    const rows = await this.prisma.$queryRaw<(Consent & { position: number })[]>`
      /* prepared: read-consents */
      SELECT account.position::int AS position, r.consent_version AS version, r.consent_at AS at
      FROM ${askedAccounts(accounts)}
      JOIN reporters r ON r.channel = account.channel::"Channel"
        AND r.external_id = account.external_id
      WHERE r.consent_version <> '' AND r.consent_at IS NOT NULL`;
    return inOrder(accounts.length, rows).map(([consent]) => consent ?? null);
  });

  private readonly consentRecords = new CallBatch<
    { who: ReporterIdentity; chatId: string; consent: Consent },
    void
  >(async (records) => {
    // One row per account (ON CONFLICT cannot touch a row twice): the latest consent counts.
    const latest = [
      ...new Map(records.map((r) => [`${r.who.channel}:${r.who.externalId}`, r])).values(),
    ];
    const now = new Date().toISOString();
    await this.prisma.$executeRaw`
      /* prepared: record-consents */
      INSERT INTO reporters
        (id, channel, external_id, chat_id, consent_version, consent_at, created_at, updated_at)
      SELECT id, channel::"Channel", external_id, chat_id, version, at,
        ${now}::timestamptz, ${now}::timestamptz
      FROM unnest(${latest.map(() => uuidv7())}::uuid[], ${latest.map((r) => r.who.channel)}::text[],
          ${latest.map((r) => r.who.externalId)}::text[], ${latest.map((r) => r.chatId)}::text[],
          ${latest.map((r) => r.consent.version)}::text[],
          ${latest.map((r) => r.consent.at.toISOString())}::timestamptz[])
        AS consent(id, channel, external_id, chat_id, version, at)
      ON CONFLICT (channel, external_id) DO UPDATE SET
        consent_version = EXCLUDED.consent_version,
        consent_at = EXCLUDED.consent_at,
        updated_at = EXCLUDED.updated_at`;
    return records.map(() => undefined);
  });

  async consentOf(who: ReporterIdentity): Promise<Consent | null> {
    return this.consents.run(who);
  }

  async recordConsent(who: ReporterIdentity, chatId: string, consent: Consent): Promise<void> {
    await this.consentRecords.run({ who, chatId, consent });
  }

  async heldAbout(who: ReporterIdentity): Promise<HeldData | undefined> {
    const row = await this.prisma.reporter.findUnique({
      where: owner(who),
      include: {
        reports: {
          orderBy: { createdAt: "asc" },
          select: { trackingCode: true, status: true },
        },
        supports: {
          // As /laporan and /status show them: a merge may have made them a supporter of a
          // confidential report, which is not for them to follow.
          where: { report: { confidential: false } },
          orderBy: { createdAt: "asc" },
          select: { report: { select: { trackingCode: true, status: true } } },
        },
      },
    });
    if (!row) return undefined;
    const files = await this.prisma.attachment.count({
      where: { report: { reporterId: row.id }, deletedAt: null },
    });
    return {
      account: {
        channel: row.channel,
        displayName: row.displayName,
        username: row.username,
        phone: row.phone,
        language: row.language,
        since: row.createdAt,
      },
      consent:
        row.consentVersion && row.consentAt
          ? { version: row.consentVersion, at: row.consentAt }
          : null,
      reports: row.reports,
      supported: row.supports.map((support) => support.report),
      files,
    };
  }

  async erase(who: ReporterIdentity, at: Date): Promise<ErasureResult | undefined> {
    return this.prisma.$transaction(async (tx) => {
      // First, and whatever is held now: it waits for a report of theirs being stored, and a
      // report they submitted that is still queued is stored erased.
      await rememberErasureRequest(tx, this.accounts, who, at);
      const row = await tx.reporter.findUnique({ where: owner(who), select: { id: true } });
      if (!row) return undefined;
      return { reports: await eraseReporter(tx, row.id, "request", at) };
    });
  }

  async unusedFiles(storagePaths: readonly string[]): Promise<string[]> {
    if (storagePaths.length === 0) return [];
    const used = await this.prisma.attachment.findMany({
      where: { storagePath: { in: [...storagePaths] }, deletedAt: null },
      select: { storagePath: true },
    });
    const kept = new Set(used.map((row) => row.storagePath));
    return [...new Set(storagePaths)].filter((path) => !kept.has(path));
  }
}
