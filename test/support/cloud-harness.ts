import type { StoredFiles } from "../../src/channels/channel.js";
import Fastify, { type FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import type { MessageHandler } from "../../src/channels/channel.js";
import {
  cloudSettings,
  whatsappCloudEnvSchema,
  type CloudSettings,
} from "../../src/channels/whatsapp/cloud/config.js";
import { RedisLastInbound } from "../../src/channels/whatsapp/cloud/last-inbound.js";
import type { CloudStatusEvent } from "../../src/channels/whatsapp/cloud/statuses.js";
import type { TemplateBook } from "../../src/channels/whatsapp/cloud/templates.js";
import { WhatsAppCloudChannel } from "../../src/channels/whatsapp/cloud/whatsapp-cloud-channel.js";
import type { InboundMessage, OutboundMessage } from "../../src/core/messages.js";
import type { Clock } from "../../src/core/time/clock.js";
import { FakeGraphApi } from "./fake-graph-api.js";
import { createTestRedis, silentLogger, testCipher, type TestRedis } from "./services.js";

/** The Cloud API settings that point at the fake, read through the real configuration schema. */
export function settingsFor(fake: FakeGraphApi, env: Record<string, string> = {}): CloudSettings {
  const settings = cloudSettings(
    whatsappCloudEnvSchema.parse({
      WHATSAPP_TRANSPORT: "cloud",
      WHATSAPP_CLOUD_ACCESS_TOKEN: fake.accessToken,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: fake.phoneNumberId,
      WHATSAPP_CLOUD_APP_SECRET: fake.appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: fake.verifyToken,
      WHATSAPP_CLOUD_API_ROOT: fake.apiRoot,
      ...env,
    }),
  );
  if (!settings) throw new Error("cloud settings expected");
  return settings;
}

export interface CloudHarness {
  readonly fake: FakeGraphApi;
  readonly channel: WhatsAppCloudChannel;
  readonly redis: TestRedis;
  readonly lastInbound: RedisLastInbound;
  /** What the channel handed to the engine, in order. */
  readonly inbound: InboundMessage[];
  readonly statuses: CloudStatusEvent[];
  readonly server: FastifyInstance;
  readonly webhookUrl: string;
  stop(): Promise<void>;
}

export interface CloudHarnessOptions {
  readonly templates?: TemplateBook;
  readonly clock?: Clock;
  readonly maxMediaBytes?: number;
  /** The engine's replies to each inbound message; none by default. */
  readonly reply?: (message: InboundMessage) => OutboundMessage[];
  readonly env?: Record<string, string>;
  /** Where the files of sent messages are read from; none by default. */
  readonly files?: StoredFiles;
}

/**
 * The Cloud API channel as the bot process runs it: its webhook served over HTTP, subscribed
 * at the fake Graph API, the last-inbound times in real Redis, and a recording engine.
 */
export async function startCloudHarness(options: CloudHarnessOptions = {}): Promise<CloudHarness> {
  const fake = new FakeGraphApi();
  await fake.start();
  const redis = createTestRedis();
  const lastInbound = new RedisLastInbound(redis.redis, redis.prefix, testCipher);
  const inbound: InboundMessage[] = [];
  const statuses: CloudStatusEvent[] = [];
  const channel = new WhatsAppCloudChannel({
    settings: settingsFor(fake, options.env),
    templates: options.templates ?? {},
    lastInbound,
    maxMediaBytes: options.maxMediaBytes ?? 1024 * 1024,
    language: "id",
    files: options.files ?? { read: () => Promise.reject(new Error("this test sends no files")) },
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
    onStatus: async (event) => {
      statuses.push(event);
    },
  });
  const server = Fastify();
  await server.register(channel.webhookRoute());
  await server.listen({ host: "127.0.0.1", port: 0 });
  const webhookUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/whatsapp/webhook`;
  fake.subscribe(webhookUrl);
  const handler: MessageHandler = {
    async handle(message) {
      inbound.push(message);
      return options.reply?.(message) ?? [];
    },
  };
  await channel.start(handler);
  return {
    fake,
    channel,
    redis,
    lastInbound,
    inbound,
    statuses,
    server,
    webhookUrl,
    async stop() {
      await channel.stop();
      await server.close();
      await fake.stop();
      await redis.cleanup();
    },
  };
}
