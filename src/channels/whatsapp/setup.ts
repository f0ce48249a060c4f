import type { Config } from "../../config/env.js";
import type { Logger } from "../../infra/logger.js";
import type { StoredFiles } from "../channel.js";
import type { WhatsAppClientFactory } from "./transport.js";
import { WhatsAppChannel } from "./whatsapp-channel.js";

export interface WhatsAppOverrides {
  /** Replaces whatsapp-web.js. */
  readonly createClient?: WhatsAppClientFactory;
  /** Where the login QR code is drawn instead of stderr. */
  readonly console?: NodeJS.WritableStream;
}

/** The WhatsApp channel as configured. */
export function createWhatsAppChannel(
  config: Config,
  logger: Logger,
  files: StoredFiles,
  overrides: WhatsAppOverrides = {},
): WhatsAppChannel {
  return new WhatsAppChannel({
    createClient:
      overrides.createClient ??
      // Loaded only here: whatsapp-web.js and Puppeteer cost ~30 MB in every process otherwise.
      (async () =>
        (await import("./web-transport.js")).createWebClient({
          sessionDir: config.WHATSAPP_SESSION_DIR,
          chromiumPath: config.WHATSAPP_CHROMIUM_PATH,
          chromiumArgs: config.WHATSAPP_CHROMIUM_ARGS,
          ...(config.WHATSAPP_PAIRING_PHONE ? { pairingPhone: config.WHATSAPP_PAIRING_PHONE } : {}),
        })),
    sessionDir: config.WHATSAPP_SESSION_DIR,
    maxMediaBytes: config.MEDIA_MAX_BYTES,
    files,
    sendPerMinute: config.WHATSAPP_SEND_PER_MINUTE,
    logger: logger.child({ channel: "whatsapp" }),
    ...(overrides.console ? { console: overrides.console } : {}),
  });
}
