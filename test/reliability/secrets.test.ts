import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { OutboundQueues } from "../../src/queues/outbound.js";
import { createEngineHarness, PDF } from "../support/engine-harness.js";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { ServiceProcess } from "../support/process.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { testCipher, type TestDatabase } from "../support/services.js";
import { eventually } from "../support/wait.js";

/**
 * Guarantee 7: the bot token and the webhook secret never reach logs, error output, outbox
 * rows or timeline events, even when every call fails and Telegram's errors quote them.
 */
let running: ServiceUnderTest<FakeTelegram>;
let db: TestDatabase;
let fake: FakeTelegram;
let service: ServiceProcess;
let endpoint: string;
const secret = randomBytes(24).toString("hex");

beforeAll(async () => {
  running = await startService({
    platform: "telegram",
    database: "migrated",
    process: { roles: "all", webhook: { secret }, env: { LOG_LEVEL: "debug" } },
  });
  ({ db, fake, process: service } = running);
  endpoint = service.webhookUrl;
}, 90_000);

afterAll(() => running.stop());

const leak = (text: string) => [fake.token, secret].filter((value) => text.includes(value));

describe("secrets", () => {
  it("never appear in logs, error output, outbox rows or events when calls fail", async () => {
    // Telegram's failures quote the token and the secret, the worst case for a log line.
    const quoting = `internal error at /bot${fake.token}/sendMessage (secret ${secret})`;

    const post = (body: object, token = secret) =>
      fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": token },
        body: JSON.stringify(body),
      });
    expect((await post({ update_id: 1 }, `${secret}x`)).status).toBe(401);

    // An immediate reply that Telegram refuses.
    fake.failNext("sendMessage", { status: 400, description: `Bad Request: ${quoting}` });
    const update = {
      update_id: 2,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: 4242, type: "private", first_name: "Rina" },
        from: { id: 4242, is_bot: false, first_name: "Rina" },
        text: "/bantuan",
      },
    };
    expect((await post(update)).status).toBe(200);
    await service.waitFor("failed to handle a Telegram update", 60_000);

    // A later message the user can no longer receive: recorded on the outbox row and timeline.
    const [reporter] = await Promise.all([
      db.database.prisma.reporter.create({
        data: { channel: "telegram", externalId: "4242", chatId: "4242", language: "id" },
      }),
    ]);
    const report = await db.database.prisma.report.create({
      data: {
        trackingCode: "ADU-SECRET",
        submissionId: randomUUID(),
        flowId: "lapor",
        reporterId: reporter.id,
        kind: "pengaduan",
        title: "Uji",
        description: "Uji kebocoran rahasia",
        anonymous: false,
        confidential: false,
        language: "id",
        submittedAt: new Date(),
      },
    });
    const outbox = await db.database.prisma.outboxMessage.create({
      data: {
        channel: "telegram",
        chatId: "4242",
        purpose: "notification",
        payload: { text: [{ text: "Halo" }] },
        reportId: report.id,
      },
    });
    fake.failNext("sendMessage", { status: 403, description: `Forbidden: ${quoting}` });
    const queues = new OutboundQueues({
      connection: running.redis,
      prefix: `${running.redisPrefix}:q`,
      attempts: 3,
      cipher: testCipher,
    });
    await queues.enqueue([{ id: outbox.id, channel: "telegram", lane: "bulk" }]);
    await queues.close();
    const failed = await eventually(
      async () =>
        (await db.database.prisma.outboxMessage.findFirst({
          where: { id: outbox.id, state: "failed" },
        })) ?? undefined,
      { timeoutMs: 30_000, what: "the outbox row to be marked failed" },
    );
    expect(failed.lastError).toContain("[redacted]");
    expect(leak(failed.lastError ?? "")).toEqual([]);
    const events = await db.database.prisma.reportEvent.findMany({
      where: { reportId: report.id },
    });
    expect(events.map((event) => event.type)).toContain("delivery_failed");
    expect(leak(JSON.stringify(events.map(({ text, data }) => ({ text, data }))))).toEqual([]);

    // A second process that Telegram refuses at start prints why, without the token.
    const refused = await running.start({
      roles: "bot",
      env: { TELEGRAM_BOT_TOKEN: `987654321:${randomBytes(18).toString("hex")}` },
      waitUntilRunning: false,
    });
    expect(await refused.exited()).toBe(1);
    expect(refused.stderr).toContain("Telegram refused the bot token");

    const output = [service.stdout, service.stderr, refused.stdout, refused.stderr].join("\n");
    expect(output).toContain("[redacted]");
    expect(output.split("\n").filter((line) => leak(line).length > 0)).toEqual([]);
    const refusedToken = /9876\d+:[0-9a-f]+/.exec(output);
    expect(refusedToken).toBeNull();
  }, 120_000);

  it("stores attachments under their content hash only, whatever the file is called", async () => {
    const harness = await createEngineHarness();
    try {
      const warga = harness.citizen("hash-1");
      await warga.send("/lapor");
      await warga.press("Pengaduan");
      await warga.send("Lampu jalan mati di Jalan Melati");
      await warga.send("Sudah seminggu lampu jalan di Jalan Melati mati sehingga gelap dan rawan.");
      await warga.press("Jalan dan jembatan");
      await warga.send("Jalan Melati, Kelurahan Sukamaju, Kecamatan Cibeunying");
      await warga.send("kemarin");
      for (const name of [
        "../../../../tmp/evil.pdf",
        "/etc/passwd",
        "C:\\Windows\\x.pdf",
        "a\u202efdp.exe",
      ]) {
        // Four different documents: the same one twice is refused as already attached.
        const document = Buffer.concat([PDF, Buffer.from(`% ${name}\n`)]);
        await warga.deliver({
          kind: "attachment",
          media: {
            kind: "document",
            fileName: name,
            declaredSize: document.length,
            download: async () => document,
          },
        });
        expect(warga.lastText()).toContain("Lampiran diterima");
      }
      const stored: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else stored.push(relative(harness.mediaDir, path));
        }
      };
      walk(harness.mediaDir);
      expect(stored).toHaveLength(4);
      for (const path of stored) expect(path).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}\.pdf$/);
    } finally {
      await harness.close();
    }
  });

  it("reaches SQL only through Prisma's parameterised queries", () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "generated") walk(path);
        else if (entry.name.endsWith(".ts")) sources.push(path);
      }
    };
    walk(join(PROJECT_ROOT, "src"));
    const unsafe = sources.filter((path) =>
      /\$(queryRawUnsafe|executeRawUnsafe)\b|Prisma\.raw\(/.test(readFileSync(path, "utf8")),
    );
    expect(sources.length).toBeGreaterThan(10);
    expect(unsafe).toEqual([]);
  });
});
