import { randomBytes } from "node:crypto";

/** What the fake Graph API checks and answers about messages, as Meta does. */

export type Json = Record<string, unknown>;

/** A message the service sent through the fake, as the fake accepted it. */
export interface SentCloudMessage {
  readonly id: string;
  readonly to: string;
  readonly type: string;
  readonly body: Json;
  readonly at: Date;
}

/** An error body exactly as the Graph API answers it, with its HTTP status. */
export interface GraphFailure {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly details?: string;
  readonly subcode?: number;
}

/**
 * Meta's bodies for the errors the tests meet, from
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/
 */
export const GRAPH_FAILURES = {
  reengagement: {
    status: 400,
    code: 131047,
    message: "(#131047) Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  throughput: {
    status: 400,
    code: 130429,
    message: "(#130429) Rate limit hit",
    details: "Cloud API message throughput has been reached.",
  },
  pairRate: {
    status: 400,
    code: 131056,
    message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
    details:
      "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
  },
  accountRate: {
    status: 400,
    code: 80007,
    message: "(#80007) Rate limit issues",
    details: "The WhatsApp Business Account has reached its rate limit.",
  },
  expiredToken: {
    status: 401,
    code: 190,
    subcode: 463,
    message:
      "Error validating access token: Session has expired on Sunday, 29-Nov-26 20:00:00 PST. The current time is Sunday, 29-Nov-26 21:00:00 PST.",
  },
  undeliverable: {
    status: 400,
    code: 131026,
    message: "(#131026) Message Undeliverable",
    details:
      "Unable to deliver message. Reasons can include: The recipient phone number is not a WhatsApp phone number.",
  },
  unsupported: {
    status: 400,
    code: 131051,
    message: "(#131051) Unsupported message type",
    details: "Message type is not currently supported.",
  },
} as const satisfies Record<string, GraphFailure>;

/** A template approved in the fake's WhatsApp Manager. */
export class Refusal extends Error {
  constructor(readonly failure: GraphFailure) {
    super(failure.message);
  }
}

export const invalid = (details: string): GraphFailure => ({
  status: 400,
  code: 131009,
  message: "(#131009) Parameter value is not valid",
  details,
});

/** What checking a message needs from the fake's account: its templates and uploads. */
export interface MessageChecks {
  checkTemplate(template: Json): void;
  hasUpload(mediaId: string): boolean;
}

export function checkMessage(type: string, body: Json, account: MessageChecks): void {
  const text = (value: unknown, max: number, what: string) => {
    if (typeof value !== "string" || value.length < 1 || value.length > max)
      throw new Refusal(invalid(`${what} length invalid. Min length: 1, Max length: ${max}`));
  };
  const unique = (values: readonly string[], what: string) => {
    if (new Set(values).size !== values.length)
      throw new Refusal(invalid(`${what} must be unique`));
  };
  const interactive = body.interactive as Json | undefined;
  switch (type) {
    case "text":
      text((body.text as Json | undefined)?.body, 4096, "Message body");
      return;
    case "template":
      account.checkTemplate(body.template as Json);
      return;
    case "image":
    case "document":
      if (!account.hasUpload(String((body[type] as Json | undefined)?.id)))
        throw new Refusal({ status: 400, code: 131053, message: "(#131053) Media upload error" });
      return;
    case "interactive":
      break;
    default:
      throw new Refusal(GRAPH_FAILURES.unsupported);
  }
  text((interactive?.body as Json | undefined)?.text, 1024, "Body text");
  const action = (interactive?.action ?? {}) as Json;
  switch (interactive?.type) {
    case "button": {
      const buttons = ((action.buttons ?? []) as Json[]).map((button) => button.reply as Json);
      if (buttons.length < 1 || buttons.length > 3)
        throw new Refusal(invalid("Buttons count invalid. Min: 1, Max: 3"));
      for (const button of buttons) {
        text(button.title, 20, "Button title");
        text(button.id, 256, "Button id");
      }
      unique(
        buttons.map((button) => String(button.title)),
        "Button titles",
      );
      return;
    }
    case "list": {
      text(action.button, 20, "Button label");
      const rows = ((action.sections ?? []) as Json[]).flatMap((section) => section.rows as Json[]);
      if (rows.length < 1 || rows.length > 10)
        throw new Refusal(invalid("Total row count exceed max allowed count: 10"));
      for (const row of rows) {
        text(row.title, 24, "Row title");
        text(row.id, 200, "Row id");
        if (row.description !== undefined) text(row.description, 72, "Row description");
      }
      unique(
        rows.map((row) => String(row.id)),
        "Row ids",
      );
      return;
    }
    case "location_request_message":
      if (action.name !== "send_location")
        throw new Refusal(invalid("action.name must be send_location"));
      return;
    default:
      throw new Refusal(GRAPH_FAILURES.unsupported);
  }
}

/** What a citizen sees of a message: its text, then its buttons or rows, one per line. */
interface FormPart {
  readonly bytes: Buffer;
  readonly fileName?: string;
  readonly type?: string;
}

/** The fields of a multipart/form-data body (what fetch sends for a FormData), by name. */
export function multipartParts(raw: Buffer, contentType: string): Map<string, FormPart> {
  const parts = new Map<string, FormPart>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ""}`);
  if (delimiter.length <= 2) return parts;
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString("utf8");
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const fileName = /filename="([^"]*)"/.exec(head)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
    if (name) {
      parts.set(name, {
        bytes: Buffer.from(part.subarray(split + 4)),
        ...(fileName ? { fileName } : {}),
        ...(type ? { type } : {}),
      });
    }
    start = next;
  }
  return parts;
}

export function errorBody(failure: GraphFailure): Json {
  return {
    error: {
      message: failure.message,
      type: "OAuthException",
      code: failure.code,
      ...(failure.subcode ? { error_subcode: failure.subcode } : {}),
      ...(failure.details
        ? { error_data: { messaging_product: "whatsapp", details: failure.details } }
        : {}),
      fbtrace_id: randomBytes(9).toString("base64url"),
    },
  };
}

/** Meta's limits on what a message may hold, checked like the real API. */
export function visibleOf(message: SentCloudMessage): string {
  const body = message.body;
  if (message.type === "text") return String((body.text as Json).body);
  if (message.type === "template") {
    const template = body.template as Json;
    const parameters = ((template.components ?? []) as Json[])
      .filter((component) => component.type === "body")
      .flatMap((component) =>
        (component.parameters as Json[]).map((parameter) => String(parameter.text)),
      );
    return [`[${String(template.name)}]`, ...parameters].join("\n");
  }
  const interactive = body.interactive as Json | undefined;
  if (!interactive) return `[${message.type}]`;
  const action = (interactive.action ?? {}) as Json;
  const options = [
    ...((action.buttons ?? []) as Json[]).map(
      (button) => `[${String((button.reply as Json).title)}]`,
    ),
    ...((action.sections ?? []) as Json[]).flatMap((section) =>
      (section.rows as Json[]).map((row) => `• ${String(row.title)}`),
    ),
  ];
  return [String((interactive.body as Json).text), ...options].join("\n");
}
