import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { visibleText, type FakeTelegram, type TelegramCitizen } from "../support/fake-telegram.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { eventually } from "../support/wait.js";
import { isCard, isCardOf } from "../support/cards.js";

/**
 * Many fresh accounts, each under its own limits, filing at once (issue 21.6): the intake has
 * a ceiling, a busy desk gets one batch message instead of a queue of cards, and what staff do
 * is delivered before those bulk messages.
 */
const STAFF_GROUP = -100888;
const ADMIN_ID = 950;
const CEILING = 6;
const ACCOUNTS = 9;

let service: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;

beforeAll(async () => {
  service = await startService({
    platform: "telegram",
    env: {
      STAFF_CHAT_ID: String(STAFF_GROUP),
      ADMIN_TELEGRAM_IDS: String(ADMIN_ID),
      INTAKE_REPORTS_PER_MINUTE: String(CEILING),
      DESK_BATCH_SECONDS: "2",
    },
  });
  ({ fake } = service);
}, 90_000);

afterAll(() => service.stop());

const groupTexts = () => fake.messagesTo(STAFF_GROUP).map((message) => visibleText(message.text));

describe("a crowd of accounts filing at once", () => {
  it("cannot bury the desk, and the desk's own actions go first", async () => {
    const citizens: TelegramCitizen[] = Array.from({ length: ACCOUNTS }, (_, index) =>
      fake.citizen(7000 + index, `Akun ${index}`),
    );
    await Promise.all(
      citizens.map((citizen, index) =>
        fillInformationRequest(citizen, `Pertanyaan serupa nomor ${index + 1}`),
      ),
    );
    for (const citizen of citizens) citizen.press("Kirim");
    const outcomes = await Promise.all(
      citizens.map(async (citizen) => {
        const reply = await citizen.expect(/sudah tercatat|sangat banyak laporan/);
        const text = visibleText(reply.text);
        return text.includes("sangat banyak laporan")
          ? ("held" as const)
          : (TRACKING_CODE.exec(text)?.[0] ?? "");
      }),
    );
    // The ceiling holds across accounts; the held drafts are kept, with a clear reason.
    const codes = outcomes.filter((outcome) => outcome !== "held");
    expect(codes).toHaveLength(CEILING);
    const held = citizens.filter((_, index) => outcomes[index] === "held");
    for (const citizen of held) {
      const last = fake.messagesTo(citizen.user.id).at(-1);
      expect(visibleText(last?.text ?? "")).toMatch(/pilih Kirim lagi dalam \d+ detik/);
      expect(last?.reply_markup?.keyboard?.flat().map((button) => button.text)).toContain(
        "✅ Kirim",
      );
    }

    // The admin verifies the first card while the others still wait for the group's pace
    // (Telegram takes 20 messages a minute there): its redraw goes out before any of them.
    const firstCard = await eventually(() => fake.messagesTo(STAFF_GROUP)[0], {
      what: "the first card",
    });
    const firstCode = TRACKING_CODE.exec(visibleText(firstCard.text))?.[0] ?? "";
    const admin = fake.inGroup(fake.citizen(ADMIN_ID, "Admin Meja"), STAFF_GROUP);
    admin.send(`/verifikasi ${firstCode}`);
    await admin.expect(`${firstCode}: Terverifikasi`);
    await eventually(() => visibleText(firstCard.text).includes("Status: Terverifikasi"), {
      timeoutMs: 20_000,
      what: "the verified card redrawn",
    });
    const toGroup = fake.calls.filter(
      (call) => String(call.payload.chat_id) === String(STAFF_GROUP),
    );
    const acted = toGroup.findIndex((call) =>
      JSON.stringify(call.payload).includes(`${firstCode}</b>: Terverifikasi`),
    );
    const redrawn = toGroup.findIndex(
      (call) =>
        call.method === "editMessageText" && call.payload.message_id === firstCard.message_id,
    );
    const bulkBetween = toGroup
      .slice(acted + 1, redrawn)
      .filter((call) => call.method === "sendMessage");
    expect(redrawn).toBeGreaterThan(acted);
    expect(bulkBetween.map((call) => call.payload.text)).toEqual([]);

    // The desk sees a few cards, then the rest in one batch with a button per report.
    const batch = await eventually(
      () => fake.messagesTo(STAFF_GROUP).find((message) => message.text.includes("laporan baru")),
      {
        timeoutMs: 30_000,
        what: `the batch of new reports; group got:\n${groupTexts().join("\n---\n")}`,
      },
    );
    const cards = () => groupTexts().filter(isCard);
    const shown = (code: string) =>
      cards().some((text) => isCardOf(text, code)) || visibleText(batch.text).includes(code);
    expect(codes.filter((code) => !shown(code))).toEqual([]);
    expect(cards().length + 1).toBeLessThan(codes.length);

    // A batched report opens as a full card with the desk's buttons.
    const batched = codes.find((code) => !cards().some((text) => isCardOf(text, code)));
    if (!batched) throw new Error("no report went into the batch");
    admin.pressOn(batch, batched);
    const opened = await eventually(
      () =>
        fake
          .messagesTo(STAFF_GROUP)
          .find((message) => isCardOf(visibleText(message.text), batched)),
      { timeoutMs: 20_000, what: `the card of ${batched}` },
    );
    expect(opened.reply_markup?.inline_keyboard?.flat().map((button) => button.text)).toContain(
      "❌ Tolak",
    );

    // An answer written to the batch itself names no report: staff are told how to pick one.
    admin.reply(batch, "Sudah kami cek, mohon ditindaklanjuti.");
    await eventually(
      () =>
        fake
          .messagesTo(STAFF_GROUP)
          .find((message) => visibleText(message.text).startsWith("Pesan ini mendaftar")),
      { timeoutMs: 20_000, what: "how to answer a report of the batch" },
    );
    // A number in reply to it opens that report's card, as its button does.
    const first = codes
      .map((code) => ({ code, at: visibleText(batch.text).indexOf(code) }))
      .filter(({ at }) => at >= 0)
      .sort((a, b) => a.at - b.at)[0]?.code;
    if (!first) throw new Error("the batch lists no report");
    const cardsOfFirst = () =>
      fake.messagesTo(STAFF_GROUP).filter((message) => isCardOf(visibleText(message.text), first));
    const before = cardsOfFirst().length;
    admin.reply(batch, "1");
    await eventually(() => cardsOfFirst().length > before, {
      timeoutMs: 20_000,
      what: `the card of ${first}, opened by its number`,
    });
  }, 120_000);
});
