import { CloudDeliveryError } from "./errors.js";
import type { NoticeKind } from "../../../core/words.js";
import type { CloudNotice, NoticeTemplate, TemplateBook } from "./templates.js";

/**
 * Free-form messages reach a citizen only within 24 hours of their last message (the customer
 * service window); after that only an approved template does, and Meta answers anything else
 * with 131047.
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowOpen(lastInboundAt: Date | undefined, now: Date): boolean {
  return (
    lastInboundAt !== undefined &&
    now.getTime() - lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS
  );
}

/**
 * A message that cannot go out now: outside the window, with no template for it. It is kept
 * and sent when the citizen next writes (which opens the window again); staff are told it
 * waits.
 */
export interface HeldNotice {
  readonly chatId: string;
  /** The notice, when the message is one; other messages (a staff card) have no template. */
  readonly noticeKind?: NoticeKind;
  readonly lastInboundAt?: Date;
  readonly heldAt: Date;
}

export type DeliveryPlan =
  | { readonly kind: "free_form" }
  | { readonly kind: "template"; readonly template: NoticeTemplate; readonly notice: CloudNotice }
  | { readonly kind: "hold"; readonly held: HeldNotice };

export interface DeliveryQuestion {
  readonly chatId: string;
  readonly lastInboundAt: Date | undefined;
  readonly now: Date;
  readonly notice?: CloudNotice;
  readonly templates: TemplateBook;
}

/** Free-form inside the window; outside it the notice's template, or held when there is none. */
export function planDelivery(question: DeliveryQuestion): DeliveryPlan {
  const { chatId, lastInboundAt, now, notice } = question;
  if (windowOpen(lastInboundAt, now)) return { kind: "free_form" };
  return (
    templatePlan(question) ?? {
      kind: "hold",
      held: {
        chatId,
        ...(notice ? { noticeKind: notice.kind } : {}),
        ...(lastInboundAt ? { lastInboundAt } : {}),
        heldAt: now,
      },
    }
  );
}

/** The template to use when Meta says the window is closed (131047), if the notice has one. */
export function templatePlan(
  question: Pick<DeliveryQuestion, "notice" | "templates">,
): Extract<DeliveryPlan, { kind: "template" }> | undefined {
  const { notice, templates } = question;
  const template = notice ? templates[notice.kind] : undefined;
  return notice && template ? { kind: "template", template, notice } : undefined;
}

/**
 * Thrown by the channel for a held message. It is permanent for the outbound worker (retrying
 * cannot help before the citizen writes); the integration keeps the row waiting instead of
 * failed and sends it on the citizen's next message.
 */
export class NoticeHeldError extends CloudDeliveryError {
  override name = "NoticeHeldError";

  override get waitsForRecipient(): boolean {
    return true;
  }

  constructor(readonly held: HeldNotice) {
    super(
      `WhatsApp: held until the recipient writes again — more than 24 hours since they last wrote` +
        (held.noticeKind
          ? ` and no template for '${held.noticeKind}' in WHATSAPP_CLOUD_TEMPLATES_FILE`
          : ", and only notices can go out as templates"),
      "reengagement_required",
      131047,
    );
  }
}
