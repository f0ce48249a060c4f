/**
 * The part of a WhatsApp Web client the channel uses, in whatsapp-web.js's own shapes, so the
 * channel runs on the real library (web-transport.ts) or on a fake in tests.
 */

/** A file as whatsapp-web.js hands it over: base64 content and what WhatsApp claims about it. */
export interface WhatsAppMedia {
  readonly mimetype: string;
  readonly data: string;
  readonly filename?: string | null;
  readonly filesize?: number | null;
}

export interface WhatsAppMediaOptions {
  readonly caption?: string;
  /** Sent as a file to download rather than shown as a photo. */
  readonly asDocument: boolean;
  readonly quotedMessageId?: string;
}

/** One received message, with the fields of whatsapp-web.js's `Message` the channel reads. */
export interface WhatsAppMessage {
  /** Stable across redeliveries of the same message. */
  readonly id: string;
  /** The sender's chat: `<number>@c.us` or `<id>@lid` for a person, `@g.us` for a group. */
  readonly from: string;
  readonly fromMe: boolean;
  readonly isStatus: boolean;
  readonly broadcast: boolean;
  /** whatsapp-web.js `MessageTypes`: `chat`, `image`, `document`, `location`, `sticker`… */
  readonly type: string;
  /** The text, or the caption of a photo or document. */
  readonly body: string;
  readonly hasMedia: boolean;
  /** A shared pin; a place picked from the app's list also has its name and address. */
  readonly location?: {
    readonly latitude: number;
    readonly longitude: number;
    readonly name?: string;
    readonly address?: string;
  };
  /** In a group, the member who wrote (whatsapp-web.js `author`); the group is `from`. */
  readonly author?: string;
  /** The sender's own profile name. */
  readonly notifyName?: string;
  /** What WhatsApp claims about an attached file, before downloading it. */
  readonly fileName?: string;
  readonly fileSize?: number;
  /** The id of the message this one answers (WhatsApp's "reply"), as `sendText` returned it. */
  readonly quotedMessageId?: string;
  /** Resolves to undefined (or null) when WhatsApp no longer has the file. */
  downloadMedia(): Promise<WhatsAppMedia | null | undefined>;
}

export interface WhatsAppClientEvents {
  /** A QR code to scan with the phone (emitted again every ~20 s until scanned). */
  qr: [qr: string];
  /** A pairing code to type on the phone, when pairing by phone number. */
  code: [code: string];
  authenticated: [];
  auth_failure: [message: string];
  ready: [];
  message: [message: WhatsAppMessage];
  /** The library has destroyed itself; a new client must be created to continue. */
  disconnected: [reason: string];
}

/** A WhatsApp Web session; one instance is used for one `initialize()` only. */
export interface WhatsAppClient {
  on<E extends keyof WhatsAppClientEvents>(
    event: E,
    listener: (...args: WhatsAppClientEvents[E]) => void,
  ): void;
  /** Starts the browser and opens WhatsApp Web; rejects when that fails. */
  initialize(): Promise<void>;
  /** Closes the browser; safe to call in any state and more than once. */
  destroy(): Promise<void>;
  /** Sends a text; resolves to the platform's id of the sent message. */
  sendText(chatId: string, text: string): Promise<string>;
  /**
   * Sends a photo or a file (whatsapp-web.js `MessageMedia`), as a reply to `quotedMessageId`
   * when given; resolves to the platform's id of the sent message.
   */
  sendMedia(chatId: string, media: WhatsAppMedia, options: WhatsAppMediaOptions): Promise<string>;
}

export type WhatsAppClientFactory = () => WhatsAppClient | Promise<WhatsAppClient>;
