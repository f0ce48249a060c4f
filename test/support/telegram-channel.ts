import {
  TelegramChannel,
  type TelegramChannelOptions,
} from "../../src/channels/telegram/telegram-channel.js";
import { flows } from "./engine-harness.js";
import type { FakeTelegram } from "./fake-telegram.js";
import { silentLogger } from "./services.js";

/** The Telegram channel on the fake Bot API, polling, with what a test does not care about. */
export function telegramChannelOn(
  fake: FakeTelegram,
  options: Partial<TelegramChannelOptions> = {},
): TelegramChannel {
  return new TelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    mode: "polling",
    flows,
    maxMediaBytes: 1024,
    files: { read: () => Promise.reject(new Error("this test sends no files")) },
    sendPerSecond: 25,
    logger: silentLogger,
    // The fake takes any token it was started with: never told.
    onTokenRejected: () => undefined,
    ...options,
  });
}
