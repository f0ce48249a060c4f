import type { NoticeKind } from "../words.js";
import type { OutboxPurpose } from "./outbox.js";

/** The values each notice carries: a template's parameters are chosen among them. */
export const NOTICE_VALUES = {
  confirmation: ["code"],
  verified: ["code"],
  routed: ["code", "agency"],
  replied: ["code", "agency", "text"],
  held: ["code", "text"],
  rejected: ["code", "text"],
  done: ["code", "text", "days"],
  reopened: ["code"],
  supported: ["code", "status"],
} as const satisfies Record<NoticeKind, readonly string[]>;

const KIND_OF_PURPOSE: Readonly<Partial<Record<OutboxPurpose, NoticeKind>>> = {
  confirmation: "confirmation",
  "update:verify": "verified",
  "update:route": "routed",
  "update:reply": "replied",
  "update:hold": "held",
  "update:not_authority": "held",
  "update:reject": "rejected",
  "update:complete": "done",
  "update:reopen": "reopened",
};

/** The notice kind of a reporter's outbox message, by its purpose. */
export function noticeKindOfPurpose(purpose: string): NoticeKind | undefined {
  return KIND_OF_PURPOSE[purpose as OutboxPurpose];
}
