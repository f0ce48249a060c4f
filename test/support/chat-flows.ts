import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { eventually } from "./wait.js";

/** A citizen of a fake platform: Telegram's presses a button, WhatsApp's types its number. */
export interface FakeChatter {
  send(text: string): unknown;
  expect(text: string): Promise<unknown>;
  press(label: string): unknown;
}

/** Walks the short information-request flow up to its summary, where Kirim submits it. */
export async function fillInformationRequest(
  citizen: FakeChatter,
  title = "Syarat membuat akta kelahiran",
): Promise<void> {
  citizen.send("/informasi");
  await citizen.expect("Informasi apa yang Anda butuhkan");
  citizen.send(title);
  await citizen.expect("Jelaskan informasi");
  citizen.send(
    "Apa saja syarat dan berapa lama proses pembuatan akta kelahiran untuk bayi baru lahir?",
  );
  await citizen.expect("bidang apa");
  citizen.press("KTP, KK");
  await citizen.expect("anonim");
  citizen.press("Tidak");
  await citizen.expect("rahasia");
  citizen.press("Tidak");
  await citizen.expect("Periksa");
}

export const TRACKING_CODE = /ADU-[2-9A-HJKMNP-Z]{6}/;

/**
 * Waits until the worker has stored the report whose code the citizen was told: the code is
 * the reply to Kirim, so the report may be stored a moment after it.
 */
export async function untilStored(prisma: PrismaClient, code: string): Promise<void> {
  await eventually(
    async () =>
      (await prisma.report.findUnique({ where: { trackingCode: code }, select: { id: true } })) ??
      undefined,
    { what: `report ${code} stored`, timeoutMs: 30_000 },
  );
}

/**
 * Waits until the bot has recorded which message it sent under this platform id. The record
 * is written just after the platform takes the message, and a reply is matched to a report
 * through it: a person reads before replying, a test must wait for it.
 */
export async function untilRecorded(
  prisma: PrismaClient,
  chatId: string | number,
  platformMessageId: string | number,
): Promise<void> {
  await eventually(
    async () =>
      (await prisma.outboxMessage.findFirst({
        where: { chatId: String(chatId), platformMessageId: String(platformMessageId) },
        select: { id: true },
      })) ?? undefined,
    { what: `message ${platformMessageId} to ${chatId} recorded as sent` },
  );
}

/**
 * Answers the questions after the attachments (anonim, rahasia and, when photos were attached
 * to a report that is not rahasia, whether they may be published) up to the summary, which it
 * returns.
 */
export async function answerPrivacy<Reply>(
  citizen: Omit<FakeChatter, "expect"> & { expect(text: string): Promise<Reply> },
  answers: { anonymous: boolean; confidential: boolean; publishPhotos?: boolean },
): Promise<Reply> {
  await citizen.expect("Sembunyikan identitas");
  citizen.press(answers.anonymous ? "Ya" : "Tidak");
  await citizen.expect("rahasia");
  citizen.press(answers.confidential ? "Ya" : "Tidak");
  if (answers.publishPhotos !== undefined) {
    await citizen.expect("Boleh foto Anda ditampilkan di halaman publik");
    citizen.press(answers.publishPhotos ? "Ya" : "Tidak");
  }
  return citizen.expect("Periksa laporan Anda");
}
