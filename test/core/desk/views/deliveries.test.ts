import { describe, expect, it } from "vitest";
import type { ReporterDelivery } from "../../../../src/core/desk/desk-store.js";
import { renderDeliveries } from "../../../../src/core/desk/views/deliveries.js";
import { read } from "../../../support/step-context.js";

const failed = (lastError: string | null): ReporterDelivery => ({
  purpose: "update:reply",
  writtenAt: new Date("2026-11-30T01:00:00Z"),
  state: "failed",
  sentAt: null,
  deliveredAt: null,
  readAt: null,
  lastError,
});

/** The line /lihat shows staff for one failed message to the reporter. */
const line = (lastError: string | null) =>
  read(renderDeliveries([failed(lastError)], { language: "id", timeZone: "Asia/Jakarta" }) ?? [])
    .split("\n")
    .at(1);

describe("a failed message to the reporter, as /lihat shows it", () => {
  it("says why on one short line, without Meta's bracketed code, ids or tokens", () => {
    // What the outbound worker keeps when Meta refuses a send, operator's advice and all.
    const refused =
      "WhatsApp Cloud API 131009: (#131009) Parameter value is not valid — One or more parameter " +
      "values are invalid. Check the request's parameters against the API reference and try again. " +
      "(the request itself is wrong)";
    const shown = line(refused) ?? "";
    expect(shown).toMatch(
      /^• Tanggapan instansi \(30 Nov 2026, 08\.00 WIB\): ✗ gagal: WhatsApp Cloud API 131009: Parameter value is not valid — One or more parameter values are invalid\. .*…$/,
    );
    expect(shown).not.toContain("(#131009)");
    const reason = shown.slice(shown.indexOf("gagal: ") + "gagal: ".length);
    expect(Array.from(reason).length).toBeLessThanOrEqual(160);

    const quoting = line(
      "could not send wamid.HBgNNjI4MTIzNDUwMDAwNxUCABEYEjQ0QUFGMzE2RDk3M0Q5RkM3AA== " +
        "with EAAGm0PX4ZCpsBAKZCZBZAs0ZBZAwQ5ZCZBZAfZBZAZCZAZBZAZCZB: token expired",
    );
    expect(quoting).toBe(
      "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: could not send … with …: token expired",
    );
  });

  it("names no phone number or chat id, which staff see for anonymous reports too", () => {
    const prefix = "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: ";
    // whatsapp-channel.ts, when the stored chat id is not one.
    expect(line("WhatsApp: 6281234567890@c.us is not a chat id")).toBe(
      `${prefix}WhatsApp: … is not a chat id`,
    );
    expect(line("WhatsApp: *********7890 is not a chat id")).toBe(
      `${prefix}WhatsApp: … is not a chat id`,
    );
    expect(line("WhatsApp: 123456789012345@lid is not a chat id")).toBe(
      `${prefix}WhatsApp: … is not a chat id`,
    );
    expect(line("no such group 120363025246125486@g.us")).toBe(`${prefix}no such group …`);
    expect(line("no such chat 6281234567890-1600000000@g.us")).toBe(`${prefix}no such chat …`);
    expect(line("no such chat status@broadcast")).toBe(`${prefix}no such chat …`);
    // Cloud's errors name the recipient by number, with or without "+", or written out.
    expect(
      line(
        "WhatsApp Cloud API 131009: (#131009) Parameter value is not valid — " +
          "Recipient 6281234567890 is not a valid WhatsApp user (+6281234567890)",
      ),
    ).toBe(
      `${prefix}WhatsApp Cloud API 131009: Parameter value is not valid — ` +
        "Recipient … is not a valid WhatsApp user (…)",
    );
    expect(line("cannot reach +62 812-3456-7890")).toBe(`${prefix}cannot reach …`);
    // Telegram's oldest user and chat ids have 5 to 7 digits.
    expect(line("chat 1234567 not found")).toBe(`${prefix}chat … not found`);
    expect(line("sendMessage: 400 Bad Request: user 12345 is gone")).toBe(
      `${prefix}sendMessage: 400 Bad Request: user … is gone`,
    );
    // Meta's code where it is the code stays, as long as it is; ids after it do not.
    expect(line("131009: Parameter value is not valid")).toBe(
      `${prefix}131009: Parameter value is not valid`,
    );
    expect(line("WhatsApp Cloud API 131009: (#131009) Recipient 1234567 is not valid")).toBe(
      `${prefix}WhatsApp Cloud API 131009: Recipient … is not valid`,
    );
    // Short numbers stay: counts, dates.
    expect(line("131000: Something went wrong after 3 tries on 2026-11-30")).toBe(
      `${prefix}131000: Something went wrong after 3 tries on 2026-11-30`,
    );
  });

  it("says Meta's code once, as the webhook's reasons do: 131026: …", () => {
    const prefix = "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: ";
    // The webhook's form (channels.ts) stays as it is.
    expect(line("131000: Something went wrong")).toBe(`${prefix}131000: Something went wrong`);
    // A bracketed code where it is not named yet takes the same form.
    expect(line("WhatsApp Cloud API: (#100) Invalid parameter")).toBe(
      `${prefix}WhatsApp Cloud API: 100: Invalid parameter`,
    );
  });

  it("explains Meta's well-known codes and Telegram's refusals in Indonesian, then English", () => {
    const prefix = "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: ";
    // The webhook's form (channels.ts) and the send errors' (errors.ts), Meta's words and all.
    expect(line("131026: Message undeliverable")).toBe(
      `${prefix}131026: nomor tidak dapat menerima pesan WhatsApp / message undeliverable`,
    );
    expect(
      line(
        "WhatsApp Cloud API 131026: (#131026) Message Undeliverable — Unable to deliver message. " +
          "(the number may not use WhatsApp, or its app cannot show this message)",
      ),
    ).toBe(`${prefix}131026: nomor tidak dapat menerima pesan WhatsApp / message undeliverable`);
    expect(line("131047: Re-engagement message")).toBe(
      `${prefix}131047: lebih dari 24 jam sejak penerima terakhir menulis / re-engagement message`,
    );
    // Every template error alike, not only the four most common.
    expect(line("WhatsApp Cloud API 132005: (#132005) Translated text too long")).toBe(
      `${prefix}132005: templat WhatsApp bermasalah (hubungi operator server) / template error`,
    );
    expect(line("131049: This message was not delivered to maintain healthy ecosystem")).toBe(
      `${prefix}131049: ditahan WhatsApp untuk membatasi pesan ke penerima ini / ` +
        "not delivered to maintain healthy ecosystem engagement",
    );
    expect(line("131051: Unsupported message type")).toBe(
      `${prefix}131051: jenis pesan tidak didukung aplikasi penerima / unsupported message type`,
    );
    expect(line("WhatsApp Cloud API 131053: (#131053) Media upload error")).toBe(
      `${prefix}131053: lampiran gagal diunggah ke WhatsApp / media upload error`,
    );
    expect(line("WhatsApp Cloud API 130429: (#130429) Rate limit hit")).toBe(
      `${prefix}130429: batas kecepatan kirim nomor bot terlampaui / rate limit hit`,
    );
    expect(
      line(
        "WhatsApp Cloud API 131056: (#131056) (Business Account, Consumer Account) pair rate limit hit",
      ),
    ).toBe(
      `${prefix}131056: terlalu banyak pesan ke penerima ini dalam waktu singkat / pair rate limit hit`,
    );
    // telegram/errors.ts: the method, the status and the Bot API's description. The recipient,
    // not "the reporter": a card to a staff chat fails with the same words.
    expect(line("sendMessage: 403 Forbidden: bot was blocked by the user")).toBe(
      `${prefix}403: penerima memblokir bot / bot was blocked by the user`,
    );
    expect(line("sendMessage: 400 Bad Request: chat not found")).toBe(
      `${prefix}400: percakapan dengan penerima tidak ditemukan / chat not found`,
    );
    expect(line("sendPhoto: 403 Forbidden: user is deactivated")).toBe(
      `${prefix}403: akun Telegram penerima sudah dihapus / user is deactivated`,
    );
    // The one reason the bot gives itself: the messages to a reporter who erased their identity.
    expect(line("the recipient's identity was erased")).toBe(
      `${prefix}identitas penerima sudah dihapus atas permintaannya / ` +
        "the recipient's identity was erased",
    );
    // Staff who chose English read Meta's words with what they mean.
    const english = read(
      renderDeliveries([failed("131026: Message undeliverable")], {
        language: "en",
        timeZone: "Asia/Jakarta",
      }) ?? [],
    );
    expect(english).toContain(
      "✗ failed: 131026: message undeliverable: the number cannot receive WhatsApp messages",
    );
    // Anything else stays the platform's words.
    expect(line("sendMessage: 400 Bad Request: message text is empty")).toBe(
      `${prefix}sendMessage: 400 Bad Request: message text is empty`,
    );
  });

  it("says plainly, in both languages, that a reason was not recorded when nothing was said", () => {
    const prefix = "• Tanggapan instansi (30 Nov 2026, 08.00 WIB): ✗ gagal: ";
    expect(line(null)).toBe(`${prefix}alasan tidak tercatat / reason not recorded`);
    expect(line("  \n ")).toBe(`${prefix}alasan tidak tercatat / reason not recorded`);
  });
});
