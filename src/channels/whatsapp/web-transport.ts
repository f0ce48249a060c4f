import wwebjs from "whatsapp-web.js";
import type { WhatsAppClient, WhatsAppClientEvents, WhatsAppMessage } from "./transport.js";

export interface WebClientOptions {
  /** LocalAuth keeps the linked session here; restarts reuse it without a new scan. */
  readonly sessionDir: string;
  readonly chromiumPath: string;
  readonly chromiumArgs: readonly string[];
  /** Pair by typing a code on this phone (international digits) instead of scanning a QR. */
  readonly pairingPhone?: string;
}

/** The fields of a whatsapp-web.js message's raw data that the typings leave out. */
interface RawMessageData {
  readonly notifyName?: unknown;
  /** A picked place: its name, then its address on the lines after. */
  readonly loc?: unknown;
  readonly filename?: unknown;
  readonly size?: unknown;
}

/** The serialized id of the message a reply quotes; a reply whose quote is gone is a message. */
async function quotedIdOf(message: wwebjs.Message): Promise<string | undefined> {
  if (!message.hasQuotedMsg) return undefined;
  const quoted = await message.getQuotedMessage().catch(() => undefined);
  return quoted?.id._serialized;
}

/**
 * A pin, and a picked place's name and address: read from `loc` itself, since whatsapp-web.js
 * keeps only its second line as the address and an address may take more.
 */
function locationOf(
  location: wwebjs.Location,
  loc: unknown,
): NonNullable<WhatsAppMessage["location"]> {
  const [name, ...address] = typeof loc === "string" ? loc.split("\n") : [];
  return {
    latitude: Number(location.latitude),
    longitude: Number(location.longitude),
    ...(name ? { name } : {}),
    ...(address.length > 0 ? { address: address.join(", ") } : {}),
  };
}

/** What the channel reads of a whatsapp-web.js message. */
export async function toWhatsAppMessage(message: wwebjs.Message): Promise<WhatsAppMessage> {
  const quotedMessageId = await quotedIdOf(message);
  const raw = (message.rawData as RawMessageData | undefined) ?? {};
  // The typings call `location` always present; it is undefined on anything but locations.
  const location = message.location as wwebjs.Location | undefined;
  return {
    id: message.id._serialized,
    from: message.from,
    ...(message.author ? { author: message.author } : {}),
    fromMe: message.fromMe,
    isStatus: message.isStatus,
    broadcast: message.broadcast,
    type: message.type,
    body: message.body,
    hasMedia: message.hasMedia,
    ...(location ? { location: locationOf(location, raw.loc) } : {}),
    ...(typeof raw.notifyName === "string" ? { notifyName: raw.notifyName } : {}),
    ...(typeof raw.filename === "string" ? { fileName: raw.filename } : {}),
    ...(typeof raw.size === "number" ? { fileSize: raw.size } : {}),
    ...(quotedMessageId ? { quotedMessageId } : {}),
    downloadMedia: () => message.downloadMedia(),
  };
}

/**
 * A whatsapp-web.js client on the system Chromium (never a downloaded browser), with the
 * session in `sessionDir` (LocalAuth) and the WhatsApp Web version cache beside it.
 */
export function createWebClient(options: WebClientOptions): WhatsAppClient {
  const client = new wwebjs.Client({
    authStrategy: new wwebjs.LocalAuth({ dataPath: options.sessionDir }),
    webVersionCache: { type: "local", path: `${options.sessionDir}/web-version-cache` },
    puppeteer: {
      executablePath: options.chromiumPath,
      args: [...options.chromiumArgs],
      headless: true,
      // The channel decides when the browser goes (destroy()); signals reach our handlers.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    },
    ...(options.pairingPhone
      ? { pairWithPhoneNumber: { phoneNumber: options.pairingPhone, showNotification: true } }
      : {}),
  });
  return {
    on<E extends keyof WhatsAppClientEvents>(
      event: E,
      listener: (...args: WhatsAppClientEvents[E]) => void,
    ) {
      if (event === "message") {
        const deliver = listener as (message: WhatsAppMessage) => void;
        let delivered = Promise.resolve();
        client.on("message", (message: wwebjs.Message) => {
          const mapped = toWhatsAppMessage(message);
          // A quote is looked up in the page; messages still reach the channel in arrival order,
          // and a listener's error surfaces as it would from the event emitter itself.
          delivered = delivered
            .then(async () => deliver(await mapped))
            .catch((error: unknown) => {
              queueMicrotask(() => {
                throw error;
              });
            });
        });
        return;
      }
      client.on(event, listener as (...args: unknown[]) => void);
    },
    initialize: () => client.initialize(),
    async destroy() {
      // The library destroys itself on some failures; a browser that was never launched or is
      // already closed is fine.
      await client.destroy().catch(() => undefined);
    },
    async sendText(chatId, text) {
      const sent = await client.sendMessage(chatId, text, { linkPreview: false });
      return sent.id._serialized;
    },
    async sendMedia(chatId, media, options) {
      const file = new wwebjs.MessageMedia(
        media.mimetype,
        media.data,
        media.filename ?? undefined,
        media.filesize ?? undefined,
      );
      const sent = await client.sendMessage(chatId, file, {
        sendMediaAsDocument: options.asDocument,
        ...(options.caption ? { caption: options.caption } : {}),
        ...(options.quotedMessageId ? { quotedMessageId: options.quotedMessageId } : {}),
      });
      return sent.id._serialized;
    },
  };
}
