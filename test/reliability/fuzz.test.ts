import fc from "fast-check";
import Fastify, { type FastifyInstance } from "fastify";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import type { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { outboundMessageSchema } from "../../src/core/messages.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import { storedFileSchema, submissionSchema } from "../../src/core/reports/submission.js";
import { startIntakeWorker } from "../../src/queues/intake.js";
import { OutboundQueues } from "../../src/queues/outbound.js";
import {
  catalog,
  createEngineHarness,
  PNG,
  type EngineHarness,
} from "../support/engine-harness.js";
import { FakeTelegram, replyKeyboardOf } from "../support/fake-telegram.js";
import { testCipher, silentLogger } from "../support/services.js";
import { telegramChannelOn } from "../support/telegram-channel.js";
import { eventually } from "../support/wait.js";
import { PrismaReportStore } from "../../src/infra/db/report-store.js";

/**
 * Guarantee 6: at least 10,000 generated updates go through the real webhook route, grammY,
 * the Telegram adapter and the conversation engine. Nothing crashes, every update a citizen
 * sends in a private chat is answered (to that citizen only), everything else is ignored on
 * purpose, and every report stored passes the schemas of the intake boundary.
 */
// FUZZ_RUNS=50 gives a quick local run while working on the adapter or the engine.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const UPDATES_PER_RUN = 10;
const SECRET = "fuzz-secret-0123456789";
const LANES = 4;
const CITIZENS_PER_LANE = 10;

let harness: EngineHarness;
let fake: FakeTelegram;
let app: FastifyInstance;
let outbound: OutboundQueues;
let worker: Worker;
let channel: TelegramChannel;
const files: Record<"png" | "elf" | "huge", string> = { png: "", elf: "", huge: "" };

beforeAll(async () => {
  harness = await createEngineHarness({ maxBytes: 64 * 1024 });
  fake = new FakeTelegram();
  await fake.start();
  files.png = fake.addFile(PNG, "jpg");
  files.elf = fake.addFile(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), "jpg");
  files.huge = fake.addFile(Buffer.alloc(70 * 1024, 0xff), "png");
  channel = telegramChannelOn(fake, {
    mode: "webhook",
    webhook: { url: "https://aduan.example.go.id/telegram/webhook", secret: SECRET },
    maxMediaBytes: 64 * 1024,
  });
  await channel.start(harness.engine);
  // The channel connects in the background; the webhook handles updates once it has.
  await eventually(() => channel.health().ok, { what: "the webhook to be set" });
  const route = channel.webhookRoute();
  if (!route) throw new Error("no webhook route");
  app = Fastify();
  await app.register(route);
  await app.ready();
  const settings = {
    connection: harness.redis.redis,
    prefix: `${harness.redis.prefix}:q`,
    attempts: 3,
    cipher: testCipher,
  };
  outbound = new OutboundQueues(settings);
  worker = startIntakeWorker({
    settings,
    intake: new ReportIntake(new PrismaReportStore(harness.db.database.prisma, testCipher), {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
    }),
    outbound,
    logger: silentLogger,
    concurrency: 4,
  });
});

afterAll(async () => {
  await worker.close();
  await outbound.close();
  await app.close();
  await channel.stop();
  await channel.close();
  await fake.stop();
  await harness.close();
});

const INJECTIONS = [
  "<b>tebal</b>",
  "</code><a href='tg://user?id=1'>klik</a>",
  "<script>alert(1)</script>",
  "*bold* _italic_ `code` [tautan](https://contoh.id) ~coret~ ||spoiler||",
  "@admin @aduan_test_bot",
  "&amp; &lt; &#x202E; &",
  "'; DROP TABLE reports; --",
  "../../../etc/passwd",
  "${process.env}",
];
const CONTROLS = ["\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\r\n", "\t", "\u200b"];
const BIDI = ["\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069", "\u061c", "\ufeff"];
const COMMANDS = [
  "/",
  "/lapor",
  "/lapor@aduan_test_bot",
  "/lapor@other_bot",
  "/LAPOR",
  "/informasi",
  "/start",
  "/start lapor",
  "/start %00",
  "/status",
  "/status ADU-ZZZZZZ",
  "/status ../../x",
  "/laporan",
  "/bahasa",
  "/bahasa en",
  "/bahasa xx",
  "/batal",
  "/bantuan",
  "/ lapor",
  "//lapor",
  "/lapor extra args here",
];
const ANSWERS = [
  "Jalan berlubang di depan Pasar Baru",
  "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara motor setiap malam.",
  "Jalan Melati, Kelurahan Sukamaju, Kecamatan Cibeunying",
  "kemarin",
  "hari ini",
  "3 hari lalu",
  "12/11/2026",
  "31/02/2026",
  "1/1/0001",
  "31/12/99999",
  "12 November 1900",
  "1 Januari 2100",
  "100000 hari lalu",
  "1",
  "2",
  "99",
  "-1",
  "Ya",
  "tidak",
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROLS, ...BIDI) },
  { weight: 2, arbitrary: fc.constantFrom(...COMMANDS) },
  { weight: 4, arbitrary: fc.constantFrom(...ANSWERS) },
  { weight: 1, arbitrary: fc.constantFrom("\ud800", "\udfff", "a\ud83d") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 3000, maxLength: 5000 }) },
);
const text = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

type Json = Record<string, unknown>;
type Expectation = "answer" | "ignore" | "reject";

type Action =
  | { kind: "text"; text: string; commandEntity: boolean }
  | { kind: "press"; index: number }
  | { kind: "callback"; data: string }
  | { kind: "location"; latitude: number; longitude: number; venue: boolean }
  | { kind: "photo"; file: keyof typeof files | "missing"; declaredSize?: number }
  | { kind: "document"; file: keyof typeof files | "missing"; name: string }
  | { kind: "unsupported"; field: string; value: Json }
  | {
      kind: "ignored";
      how: "edited" | "channel_post" | "group" | "from_bot" | "forged_chat" | "member";
    }
  | { kind: "garbage"; body: unknown };

const coordinate = fc.oneof(
  fc.double({ min: -90, max: 90, noNaN: true }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 90.0000001, -180.5, 1e308, -1e-308),
);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant("text"), text, commandEntity: fc.boolean() }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant("press"), index: fc.nat({ max: 20 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("callback"),
      data: fc.oneof(fc.string({ unit: "binary", maxLength: 64 }), fc.constantFrom("$lang:xx")),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("location"),
      latitude: coordinate,
      longitude: coordinate,
      venue: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant("photo"),
        file: fc.constantFrom("png", "elf", "huge", "missing"),
        declaredSize: fc.oneof(fc.nat(), fc.constant(2 ** 31)),
      },
      { requiredKeys: ["kind", "file"] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("document"),
      file: fc.constantFrom("png", "elf", "huge", "missing"),
      name: fc.oneof(
        fc.constantFrom("laporan.pdf", "foto.jpg", "../../etc/passwd", "a\u202egpj.exe", ""),
        fc.string({ unit: "binary", maxLength: 300 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Action>(
      { kind: "unsupported", field: "sticker", value: { file_id: "s", type: "regular" } },
      { kind: "unsupported", field: "poll", value: { id: "p", question: "?", options: [] } },
      { kind: "unsupported", field: "dice", value: { emoji: "🎲", value: 6 } },
      { kind: "unsupported", field: "voice", value: { file_id: "v", duration: 1 } },
      { kind: "unsupported", field: "contact", value: { phone_number: "+62", first_name: "X" } },
      { kind: "unsupported", field: "video_note", value: { file_id: "v", length: 1 } },
      { kind: "unsupported", field: "new_chat_title", value: {} },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("ignored"),
      how: fc.constantFrom("edited", "channel_post", "group", "from_bot", "forged_chat", "member"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("garbage"),
      body: fc.oneof(
        fc.jsonValue(),
        fc.record({ update_id: fc.oneof(fc.integer({ max: -1 }), fc.string()) }),
      ),
    }),
  },
);

let nextUpdateId = 1;

function buildUpdate(action: Action, userId: number): { body: unknown; expect: Expectation } {
  const user = {
    id: userId,
    is_bot: false,
    first_name: `Warga\u202e${userId}`,
    username: `w${userId}`,
  };
  const chat = { id: userId, type: "private", first_name: user.first_name };
  const message = (extra: Json): Json => ({
    message_id: fake.newMessageId(),
    date: Math.floor(Date.now() / 1000),
    chat,
    from: user,
    ...extra,
  });
  const update = (extra: Json) => ({ update_id: nextUpdateId++, ...extra });
  const fileOf = (file: keyof typeof files | "missing") =>
    file === "missing" ? "file-missing" : files[file];
  switch (action.kind) {
    case "text": {
      const entities = action.commandEntity
        ? [{ type: "bot_command", offset: 0, length: Math.max(1, action.text.length) }]
        : undefined;
      return {
        body: update({
          message: message({ text: action.text, ...(entities ? { entities } : {}) }),
        }),
        expect: "answer",
      };
    }
    case "press":
    case "callback": {
      let data = action.kind === "callback" ? action.data : "stale";
      let pressed: Json = message({ text: "?", from: fake.bot });
      // A key of the reply keyboard showing sends its label as text.
      const keyboard = replyKeyboardOf(fake.messagesTo(userId))
        ?.reply_markup?.keyboard?.flat()
        .filter((key) => !key.request_location);
      const key = keyboard?.[action.kind === "press" ? action.index % keyboard.length : -1];
      if (key) return { body: update({ message: message({ text: key.text }) }), expect: "answer" };
      if (action.kind === "press") {
        const latest = fake
          .messagesTo(userId)
          .findLast((sent) => (sent.reply_markup?.inline_keyboard?.length ?? 0) > 0);
        const buttons = latest?.reply_markup?.inline_keyboard?.flat() ?? [];
        const button = buttons[action.index % Math.max(1, buttons.length)];
        if (latest && button?.callback_data) {
          data = button.callback_data;
          pressed = { ...latest, from: fake.bot };
        }
      }
      return {
        body: update({
          callback_query: {
            id: String(nextUpdateId),
            from: user,
            chat_instance: "c",
            data,
            message: pressed,
          },
        }),
        expect: "answer",
      };
    }
    case "location": {
      const location = { latitude: action.latitude, longitude: action.longitude };
      const content = action.venue
        ? { venue: { location, title: "Pasar", address: "Jalan" }, location }
        : { location };
      return { body: update({ message: message(content) }), expect: "answer" };
    }
    case "photo": {
      const fileId = fileOf(action.file);
      const photo = [
        {
          file_id: fileId,
          file_unique_id: fileId,
          width: 1,
          height: 1,
          ...(action.declaredSize !== undefined ? { file_size: action.declaredSize } : {}),
        },
      ];
      return { body: update({ message: message({ photo, caption: "foto" }) }), expect: "answer" };
    }
    case "document": {
      const fileId = fileOf(action.file);
      const document = {
        file_id: fileId,
        file_unique_id: fileId,
        file_name: action.name,
        mime_type: "image/jpeg",
      };
      return { body: update({ message: message({ document }) }), expect: "answer" };
    }
    case "unsupported":
      return {
        body: update({ message: message({ [action.field]: action.value }) }),
        expect: "answer",
      };
    case "ignored": {
      switch (action.how) {
        case "edited":
          return {
            body: update({ edited_message: message({ text: "/lapor", edit_date: 1 }) }),
            expect: "ignore",
          };
        case "channel_post":
          return {
            body: update({
              channel_post: {
                message_id: 1,
                date: 1,
                chat: { id: -1001, type: "channel", title: "K" },
                text: "/lapor",
              },
            }),
            expect: "ignore",
          };
        case "group":
          return {
            body: update({
              message: message({
                chat: { id: -100200, type: "supergroup", title: "RT" },
                text: "/lapor",
              }),
            }),
            expect: "ignore",
          };
        case "from_bot":
          return {
            body: update({ message: message({ from: { ...user, is_bot: true }, text: "/lapor" }) }),
            expect: "ignore",
          };
        case "forged_chat":
          return {
            body: update({
              message: message({ chat: { ...chat, id: 777_000_001 }, text: "/bantuan" }),
            }),
            expect: "ignore",
          };
        case "member":
          return {
            body: update({
              my_chat_member: {
                chat,
                from: user,
                date: 1,
                old_chat_member: { status: "member", user: fake.bot },
                new_chat_member: { status: "kicked", user: fake.bot, until_date: 0 },
              },
            }),
            expect: "ignore",
          };
      }
      break;
    }
    case "garbage":
      return { body: action.body, expect: "reject" };
  }
  throw new Error("unreachable");
}

const isUpdate = (body: unknown) =>
  z.looseObject({ update_id: z.number().int().nonnegative() }).safeParse(body).success;

it(`survives ${RUNS * UPDATES_PER_RUN} generated updates, answering citizens only and storing only valid data`, async () => {
  let inputs = 0;
  // Lanes of citizens run side by side (each lane one update at a time), because most of an
  // update's time is spent waiting for Redis and the fake Bot API.
  const lanes = Array.from({ length: LANES }, (_, lane) => lane * CITIZENS_PER_LANE + 1);
  await Promise.all(
    lanes.map((firstUser) =>
      fc.assert(
        fc.asyncProperty(
          fc.integer({ min: firstUser, max: firstUser + CITIZENS_PER_LANE - 1 }),
          fc.array(action, { minLength: UPDATES_PER_RUN, maxLength: UPDATES_PER_RUN }),
          async (userId, actions) => {
            const inLane = (chatId: number) =>
              chatId >= firstUser && chatId < firstUser + CITIZENS_PER_LANE;
            for (const next of actions) {
              inputs++;
              const { body, expect: expectation } = buildUpdate(next, userId);
              const before = fake.sent.length;
              const response = await app.inject({
                method: "POST",
                url: "/telegram/webhook",
                headers: { "x-telegram-bot-api-secret-token": SECRET },
                payload: body as object,
              });
              const sent = fake.sent.slice(before).filter((message) => inLane(message.chat.id));
              if (expectation === "reject" && !isUpdate(body)) {
                expect(response.statusCode).toBeGreaterThanOrEqual(400);
                expect(response.statusCode).toBeLessThan(500);
                expect(sent).toEqual([]);
                continue;
              }
              expect(response.statusCode, response.body).toBe(200);
              // Replies go to the citizen who wrote, never to anyone else.
              expect(sent.filter((message) => message.chat.id !== userId)).toEqual([]);
              if (expectation === "answer") expect(sent.length).toBeGreaterThan(0);
              if (expectation === "ignore") expect(sent).toEqual([]);
            }
          },
        ),
        { numRuns: RUNS / LANES, endOnFailure: true },
      ),
    ),
  );
  expect(
    fake.sent.filter(
      (message) => message.chat.id < 1 || message.chat.id > LANES * CITIZENS_PER_LANE,
    ),
  ).toEqual([]);
  expect(inputs).toBeGreaterThanOrEqual(10_000);

  await eventually(
    async () => (await harness.intake.queue.getJobCountByTypes("wait", "active", "delayed")) === 0,
    { timeoutMs: 60_000, what: "the intake queue to drain" },
  );
  expect(await harness.intake.queue.getJobCountByTypes("failed")).toBe(0);

  const prisma = harness.db.database.prisma;
  const report = submissionSchema.shape.report.shape;
  const reporter = submissionSchema.shape.reporter.shape;
  const reports = await prisma.report.findMany({ include: { attachments: true } });
  // The random walks must get through the whole flow often enough for this to mean something.
  expect(reports.length).toBeGreaterThan(5);
  for (const stored of reports) {
    report.title.parse(stored.title);
    report.description.parse(stored.description);
    z.number().min(-90).max(90).nullable().parse(stored.latitude);
    z.number().min(-180).max(180).nullable().parse(stored.longitude);
    if (stored.address !== null) z.string().min(1).max(500).parse(stored.address);
    for (const file of stored.attachments) {
      storedFileSchema.parse({
        kind: file.kind,
        mime: file.mime,
        size: file.size,
        sha256: file.sha256,
        storagePath: file.storagePath,
        ...(file.originalName !== null ? { originalName: file.originalName } : {}),
      });
    }
  }
  for (const who of await prisma.reporter.findMany()) {
    if (who.displayName !== null) reporter.displayName.parse(who.displayName);
    if (who.username !== null) reporter.username.parse(who.username);
  }
  for (const row of await prisma.outboxMessage.findMany()) outboundMessageSchema.parse(row.payload);
}, 300_000);
