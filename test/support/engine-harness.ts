import { PendingCodes } from "../../src/core/conversation/pending-codes.js";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { loadCatalog } from "../../src/config/catalog.js";
import {
  ConversationEngine,
  type ConversationMetrics,
} from "../../src/core/conversation/engine.js";
import type { MeToo } from "../../src/core/conversation/me-too.js";
import { SessionStore } from "../../src/core/conversation/session-store.js";
import { UserLimits, type UserLimitsOptions } from "../../src/core/conversation/user-limits.js";
import { loadFlows } from "../../src/core/flows/loader.js";
import { MediaStore } from "../../src/core/media/media-store.js";
import type {
  ChannelCapabilities,
  ChannelName,
  InboundContent,
  IncomingMedia,
  OutboundMessage,
} from "../../src/core/messages.js";
import type { PrivacyNotice } from "../../src/core/privacy/notice.js";
import { PrismaPrivacyStore } from "../../src/infra/db/privacy-store.js";
import { PrismaReportQueries } from "../../src/infra/db/report-queries.js";
import { toPlainText } from "../../src/core/text.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import type { Logger } from "../../src/infra/logger.js";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { IntakeQueue } from "../../src/queues/intake.js";
import {
  testCipher,
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  temporaryDirectory,
  type TestDatabase,
  type TestRedis,
} from "./services.js";

export const catalog = loadCatalog(join(PROJECT_ROOT, "config", "catalog.yaml"));
export const flows = loadFlows(join(PROJECT_ROOT, "flows"));

export interface EngineHarnessOptions {
  clock?: () => Date;
  conversationTimeoutMs?: number;
  maxBytes?: number;
  limits?: Omit<UserLimitsOptions, "prefix" | "timeZone" | "cipher">;
  metrics?: ConversationMetrics;
  logger?: Logger;
  /** The privacy notice asked before a report, as production always has it. */
  privacy?: PrivacyNotice;
  /** "Me too", built on the harness's database. */
  meToo?: (db: TestDatabase) => MeToo;
}

/** The conversation engine wired to real Redis, PostgreSQL and the real intake queue. */
export async function createEngineHarness(options: EngineHarnessOptions = {}) {
  const db: TestDatabase = await createTestDatabase();
  const redis: TestRedis = createTestRedis();
  const mediaDir = temporaryDirectory();
  await syncCatalog(db.database.prisma, catalog);
  const intake = new IntakeQueue(queueSettings(redis, 3));
  const media = new MediaStore({
    dir: mediaDir.path,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    allowedTypes: ["image/jpeg", "image/png", "application/pdf"],
  });
  const build = () =>
    new ConversationEngine({
      store: new SessionStore(redis.redis, redis.scripts, {
        prefix: redis.prefix,
        cipher: testCipher,
        retentionMs: 7 * 24 * 3_600_000,
      }),
      flows,
      catalog,
      media,
      reports: new PrismaReportQueries(db.database.prisma),
      intake,
      logger: options.logger ?? silentLogger,
      defaultLanguage: "id",
      timeZone: "Asia/Jakarta",
      trackingCodePrefix: "ADU",
      pendingCodes: new PendingCodes(redis.redis, redis.scripts, {
        prefix: redis.prefix,
        cipher: testCipher,
      }),
      conversationTimeoutMs: options.conversationTimeoutMs ?? 60 * 60_000,
      maxAttachments: 5,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.privacy
        ? {
            privacy: {
              notice: options.privacy,
              store: new PrismaPrivacyStore(db.database.prisma, testCipher),
            },
          }
        : {}),
      ...(options.meToo ? { meToo: options.meToo(db) } : {}),
      ...(options.limits
        ? {
            limits: new UserLimits(redis.scripts, {
              ...options.limits,
              prefix: redis.prefix,
              cipher: testCipher,
              timeZone: "Asia/Jakarta",
            }),
          }
        : {}),
    });
  let engine = build();
  return {
    db,
    redis,
    intake,
    media,
    mediaDir: mediaDir.path,
    get engine() {
      return engine;
    },
    /** A new engine on the same Redis and database, as after a process restart. */
    restart() {
      engine = build();
    },
    /** Another bot process on the same Redis and database, beside this one. */
    anotherProcess(): ConversationEngine {
      return build();
    },
    citizen(
      id: string,
      channel: ChannelName = "terminal",
      capabilities: ChannelCapabilities = BUTTONS,
    ) {
      return new SimulatedCitizen(() => engine, id, channel, capabilities);
    },
    async close() {
      await intake.close();
      await redis.cleanup();
      await db.drop();
      mediaDir.remove();
    },
  };
}

export type EngineHarness = Awaited<ReturnType<typeof createEngineHarness>>;

/** A channel with buttons, location sharing and uploads, as Telegram offers. */
export const BUTTONS: ChannelCapabilities = {
  buttons: true,
  locationSharing: true,
  files: "upload",
};
/** A text-only channel where files are named by path, as the terminal is. */
export const TEXT_ONLY: ChannelCapabilities = {
  buttons: false,
  locationSharing: false,
  files: "path",
};

export function media(
  bytes: Buffer,
  fileName?: string,
  kind: IncomingMedia["kind"] = "photo",
): IncomingMedia {
  return {
    kind,
    ...(fileName ? { fileName } : {}),
    declaredSize: bytes.length,
    download: async () => bytes,
  };
}

/** Someone chatting with the engine: sends messages, keeps the last replies. */
export class SimulatedCitizen {
  last: OutboundMessage[] = [];

  constructor(
    private readonly engine: () => ConversationEngine,
    readonly id: string,
    readonly channel: ChannelName,
    readonly capabilities: ChannelCapabilities = BUTTONS,
  ) {}

  async deliver(
    content: InboundContent,
    messageId: string = randomUUID(),
  ): Promise<OutboundMessage[]> {
    this.last = await this.engine().handle({
      channel: this.channel,
      capabilities: this.capabilities,
      chatId: this.id,
      messageId,
      user: { id: this.id, displayName: `Warga ${this.id}` },
      content,
      receivedAt: new Date(),
    });
    return this.last;
  }

  send(text: string): Promise<OutboundMessage[]> {
    return this.deliver({ kind: "text", text });
  }

  /** Presses the button whose label contains `label` among the last replies. */
  press(label: string): Promise<OutboundMessage[]> {
    const choice = this.last
      .flatMap((message) => (message.choices ?? []).flat())
      .find((candidate) => candidate.label.toLowerCase().includes(label.toLowerCase()));
    if (!choice) throw new Error(`no button '${label}' in: ${this.lastText()}`);
    return this.deliver({ kind: "choice", value: choice.value });
  }

  lastText(): string {
    return this.last.map((message) => toPlainText(message.text)).join("\n---\n");
  }

  lastLabels(): string[] {
    return this.last.flatMap((message) =>
      (message.choices ?? []).flat().map((choice) => choice.label),
    );
  }

  /** Walks the whole complaint flow with valid answers, up to the summary. */
  async fillComplaint(
    overrides: { title?: string; anonymous?: boolean; skipLocation?: boolean } = {},
  ): Promise<void> {
    await this.send("/lapor");
    await this.press("Pengaduan");
    await this.send(overrides.title ?? "Jalan berlubang di depan Pasar Baru");
    await this.send(
      "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
    );
    await this.press("Jalan dan jembatan");
    if (overrides.skipLocation) await this.press("Lewati");
    else await this.deliver({ kind: "location", latitude: -6.2088, longitude: 106.8456 });
    await this.send("kemarin");
    await this.press("Lewati");
    await this.press(overrides.anonymous ? "Ya" : "Tidak");
    await this.press("Tidak");
  }
}

/** A 1×1 PNG, a JPEG header and a PDF header: enough for type detection by content. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** A 1×1 PNG whose one pixel's colour is `n`: photos that differ, as a citizen's several do. */
export function pngNumbered(n: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt8(8, 8); // bits per sample
  header.writeUInt8(2, 9); // RGB
  const pixel = Buffer.from([0, (n >> 16) & 255, (n >> 8) & 255, n & 255]); // filter, R, G, B
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixel)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
export const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  Buffer.alloc(64),
]);
