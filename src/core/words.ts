/**
 * The domain's words, owned by the core. The database stores the same values (its enums are
 * checked against these by test/infra/db/schema-drift.test.ts), but the core never reads them
 * from the database's generated client.
 */

export const REPORT_KINDS = ["pengaduan", "aspirasi", "informasi"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = [
  "submitted",
  "verified",
  "routed",
  "followed_up",
  "done",
  "on_hold",
  "not_authority",
  "rejected",
  "reopened",
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Who did something to a report. */
export const ACTOR_TYPES = ["reporter", "staff", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** What a report's timeline records. */
export const EVENT_TYPES = [
  "submitted",
  "verified",
  "routed",
  "replied",
  "note",
  "held",
  "rejected",
  "not_authority",
  "done",
  "reopened",
  "info_added",
  "rated",
  "delivery_failed",
  "assigned",
  "reminded",
  "escalated",
  "delivery_waiting",
  "merged",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** admin: the complaint desk (verifikator); officer: an agency's petugas. */
export const STAFF_ROLES = ["admin", "officer"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ATTACHMENT_KINDS = ["photo", "document"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** waiting: held until the recipient writes again (a platform's conversation window). */
export const OUTBOX_STATES = ["pending", "sent", "failed", "waiting"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * interactive: caused by someone's action right now (a confirmation, a staff action), sent
 * first; bulk: new-report cards, batches, reminders and digests.
 */
export const OUTBOX_LANES = ["interactive", "bulk"] as const;
export type OutboxLane = (typeof OUTBOX_LANES)[number];

/**
 * The notices a reporter gets about their report (a supporter, about the report they
 * support), by kind: what a platform that sends only
 * pre-approved templates outside a conversation (WhatsApp's Cloud API) maps to its templates.
 */
export const NOTICE_KINDS = [
  "confirmation",
  "verified",
  "routed",
  "replied",
  "held",
  "rejected",
  "done",
  "reopened",
  /** A milestone of a report the citizen supports (not theirs: no rating, no reply asked). */
  "supported",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * What the audit trail records besides a report's own timeline: staff accounts and templates
 * changed, and a report seen (its view, its files, an export).
 */
export const AUDIT_ACTIONS = [
  "staff_added",
  "staff_role_changed",
  "staff_removed",
  "template_saved",
  "template_removed",
  "report_viewed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Why a reporter's identity was erased: they asked (/hapusdata), or retention ended. */
export const ERASURES = ["request", "retention"] as const;
export type Erasure = (typeof ERASURES)[number];
