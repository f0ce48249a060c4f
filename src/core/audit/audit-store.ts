import type { ActorType, AuditAction, EventType, StaffRole } from "../words.js";

/** What of a report a staff member saw: its full view (/lihat), its files, or an export. */
export const VIEWED_PARTS = ["report", "files", "export"] as const;
export type ViewedPart = (typeof VIEWED_PARTS)[number];

/** Who did something, as the audit shows them: staff by name and role, never a reporter's name. */
export interface AuditActor {
  readonly type: ActorType;
  /**
   * The staff member's name (or @username, or account id); for the system, the setting that
   * acted (ADMIN_*_IDS) when one did; null for reporters.
   */
  readonly name: string | null;
  readonly role: StaffRole | null;
  readonly agencyId: string | null;
}

/** One line of a report's audit: someone saw it, or someone changed it (its timeline). */
export type ReportAuditEntry =
  | {
      readonly kind: "viewed";
      readonly at: Date;
      readonly actor: AuditActor;
      readonly what: ViewedPart;
    }
  | {
      readonly kind: "changed";
      readonly at: Date;
      readonly actor: AuditActor;
      readonly event: EventType;
    };

/** A change to staff accounts or answer templates. */
export interface DeskAuditEntry {
  readonly at: Date;
  readonly actor: AuditActor;
  readonly action: Exclude<AuditAction, "report_viewed">;
  /** The staff account (channel:id) or the template's name. */
  readonly subject: string;
  /** A staff account's role and agency after the change, and before it when it changed. */
  readonly role?: StaffRole;
  readonly agencyId?: string | null;
  readonly previousRole?: StaffRole;
  readonly previousAgencyId?: string | null;
}

export interface AuditPage<T> {
  readonly total: number;
  readonly entries: readonly T[];
}

/**
 * The audit trail's persistence port; src/infra/db implements it on an append-only table.
 * Changes to staff accounts and templates are recorded by their own stores, in the same
 * transaction as the change.
 */
export interface AuditStore {
  /**
   * Records that a staff member saw reports, e.g. `viewed(staff, report, "files")` for
   * /berkas, or `viewed(staff, reports, "export")` for an export.
   */
  viewed(
    staff: { readonly id: string },
    reports: { readonly id: string } | readonly { readonly id: string }[],
    what: ViewedPart,
  ): Promise<void>;
  /** Who saw and who changed a report, oldest first, one page (numbered from 1). */
  reportTrail(
    reportId: string,
    page: number,
    pageSize: number,
  ): Promise<AuditPage<ReportAuditEntry>>;
  /** Changes to staff accounts and templates, newest first, one page (numbered from 1). */
  deskTrail(page: number, pageSize: number): Promise<AuditPage<DeskAuditEntry>>;
}
