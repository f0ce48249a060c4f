import { createHash, randomBytes } from "node:crypto";
import type { FakeGraphApi } from "./fake-graph-api.js";
import { visibleOf, type Json, type SentCloudMessage } from "./fake-graph-messages.js";
import { pendingNotice } from "./privacy-consent.js";
import { eventually } from "./wait.js";

/** A WhatsApp user writing to the business number, through the fake Graph API. */
export class FakeCloudCitizen {
  private read = 0;
  /** Accepts the privacy notice while waiting for something else (see privacy-consent.ts). */
  agreesToPrivacyNotice = true;
  private noticesSeen = 0;

  constructor(
    private readonly fake: FakeGraphApi,
    readonly waId: string,
    readonly name: string,
  ) {}

  /** The chat id Aduan gives this person. */
  get chatId(): string {
    return `${this.waId}@c.us`;
  }

  private deliver(message: Json, options: { twice?: boolean } = {}): string {
    const id = `wamid.${randomBytes(18).toString("base64url")}`;
    void this.fake.deliverMessage(this.waId, this.name, { id, ...message }, options);
    return id;
  }

  /** Sends a text; `replyTo` quotes one of the bot's messages; `twice` redelivers it. */
  send(text: string, options: { twice?: boolean; replyTo?: SentCloudMessage } = {}): string {
    return this.deliver(
      {
        type: "text",
        text: { body: text },
        ...(options.replyTo ? { context: { from: "628110000000", id: options.replyTo.id } } : {}),
      },
      options,
    );
  }

  /**
   * Chooses the option labelled `label` on the newest message offering it: taps a reply
   * button, picks a list row, or types its number when the options came as numbered text.
   */
  press(label: string): string {
    const messages = this.fake.messagesTo(this.waId);
    for (let index = messages.length - 1; index >= 0; index--) {
      const message = messages[index];
      if (!message) continue;
      const action = ((message.body.interactive as Json | undefined)?.action ?? {}) as Json;
      const button = ((action.buttons ?? []) as Json[])
        .map((candidate) => candidate.reply as Json)
        .find((reply) => String(reply.title).includes(label));
      if (button) return this.tap(message, "button_reply", button);
      const row = ((action.sections ?? []) as Json[])
        .flatMap((section) => section.rows as Json[])
        .find((candidate) =>
          [candidate.title, candidate.description].some(
            (text) => typeof text === "string" && text.includes(label),
          ),
        );
      if (row) return this.tap(message, "list_reply", row);
      const number = new RegExp(
        `^\\*(\\d+)\\.\\* .*${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
        "m",
      ).exec(visibleOf(message));
      if (number?.[1]) return this.send(number[1]);
    }
    throw new Error(`no option '${label}' for ${this.waId}:\n${this.texts().join("\n---\n")}`);
  }

  private tap(
    message: SentCloudMessage,
    kind: "button_reply" | "list_reply",
    option: Json,
  ): string {
    return this.deliver({
      type: "interactive",
      context: { from: "628110000000", id: message.id },
      interactive: {
        type: kind,
        [kind]: {
          id: option.id,
          title: option.title,
          ...(option.description ? { description: option.description } : {}),
        },
      },
    });
  }

  /** Taps a quick-reply button of a template message, which carries the payload given at send. */
  tapTemplateButton(message: SentCloudMessage, index: number, text: string): string {
    const components = ((message.body.template as Json).components ?? []) as Json[];
    const button = components.find(
      (component) => component.type === "button" && component.index === String(index),
    );
    const payload = String(((button?.parameters as Json[] | undefined)?.[0] ?? {}).payload);
    return this.deliver({
      type: "button",
      context: { from: "628110000000", id: message.id },
      button: { payload, text },
    });
  }

  /** Shares a pin, or a place picked on the map (which comes with its name and address). */
  shareLocation(
    latitude: number,
    longitude: number,
    place: { name?: string; address?: string } = {},
  ): string {
    return this.deliver({ type: "location", location: { latitude, longitude, ...place } });
  }

  /** Sends a photo; returns the media id it gets. */
  sendPhoto(bytes: Buffer, options: { caption?: string; declaresSize?: boolean } = {}): string {
    const mediaId = this.fake.addMedia(bytes, "image/jpeg", options);
    this.deliver({
      type: "image",
      image: {
        id: mediaId,
        mime_type: "image/jpeg",
        sha256: createHash("sha256").update(bytes).digest("base64"),
        ...(options.caption ? { caption: options.caption } : {}),
      },
    });
    return mediaId;
  }

  sendDocument(bytes: Buffer, fileName: string, mimeType: string): string {
    const mediaId = this.fake.addMedia(bytes, mimeType);
    this.deliver({
      type: "document",
      document: { id: mediaId, filename: fileName, mime_type: mimeType },
    });
    return mediaId;
  }

  /** A kind of message the bot cannot use (sticker, video, audio, a voice note). */
  sendUnsupported(kind: "sticker" | "video" | "audio" | "voice"): string {
    if (kind === "voice")
      return this.deliver({
        type: "audio",
        audio: { id: "1", mime_type: "audio/ogg", voice: true },
      });
    return this.deliver({ type: kind, [kind]: { id: "1", mime_type: "application/octet-stream" } });
  }

  /**
   * A message Meta cannot hand over, as it posts it: type `unsupported`, what it was when Meta
   * says (`edit` for a message the citizen edited), and Meta's error 131051.
   */
  sendUnreadable(what?: "edit" | "poll_creation"): string {
    return this.deliver({
      type: "unsupported",
      ...(what ? { unsupported: { type: what } } : {}),
      errors: [
        {
          code: 131051,
          title: "Message type unknown",
          message: "Message type unknown",
          error_data: { details: "Message type is currently not supported." },
        },
      ],
    });
  }

  /** Every message the bot sent this citizen, as the citizen sees it. */
  texts(): string[] {
    return this.fake.messagesTo(this.waId).map(visibleOf);
  }

  private agreeToNotice(): void {
    if (!this.agreesToPrivacyNotice) return;
    const texts = this.texts();
    const notice = pendingNotice(texts, Math.max(this.read, this.noticesSeen));
    if (!notice) return;
    this.noticesSeen = notice.index + 1;
    this.press(notice.label);
  }

  /** Waits for a new message containing `text`; later waits look after it. */
  async expect(text: string | RegExp, timeoutMs = 15_000): Promise<SentCloudMessage> {
    const found = await eventually(
      () => {
        const messages = this.fake.messagesTo(this.waId);
        for (let index = this.read; index < messages.length; index++) {
          const message = messages[index];
          const visible = message ? visibleOf(message) : "";
          if (message && (typeof text === "string" ? visible.includes(text) : text.test(visible)))
            return { message, index };
        }
        this.agreeToNotice();
        return undefined;
      },
      {
        timeoutMs,
        what: () =>
          `'${String(text)}' for ${this.waId}; got:\n${this.texts().slice(this.read).join("\n---\n")}`,
      },
    );
    this.read = found.index + 1;
    return found.message;
  }
}
