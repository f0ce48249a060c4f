import { z } from "zod";
import type {
  AuditActor,
  AuditPage,
  AuditStore,
  DeskAuditEntry,
  ReportAuditEntry,
  ViewedPart,
} from "../../core/audit/audit-store.js";
import { VIEWED_PARTS } from "../../core/audit/audit-store.js";
import { adminIdsVariable, CONFIG_ACTOR } from "../../core/staff/staff-store.js";
import { STAFF_ROLES, type AuditAction } from "../../core/words.js";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Appends one audit event; the stores that change staff accounts and templates call it inside
 * the change's own transaction, so a change is never without its record.
 */
export async function appendAudit(
  db: Db,
  entry: {
    readonly action: Exclude<AuditAction, "report_viewed">;
    readonly actorId: string;
    readonly subject: string;
    /** A staff account's role and agency after and before; a template's text after and before. */
    readonly data?: Prisma.InputJsonObject;
  },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: entry.action,
      actorId: entry.actorId,
      subject: entry.subject,
      ...(entry.data ? { data: entry.data } : {}),
    },
  });
}

/** The configuration as the actor of an admin account's change: its setting is named. */
const configActor = (subject: string): AuditActor => ({
  type: "system",
  name: adminIdsVariable(subject.slice(0, subject.indexOf(":"))) ?? null,
  role: null,
  agencyId: null,
});

/** The staff account an audit event is about, as `channel:externalId`. */
export const staffSubject = (account: { channel: string; externalId: string }) =>
  `${account.channel}:${account.externalId}`;

const staffDataSchema = z.object({
  role: z.enum(STAFF_ROLES).optional(),
  agencyId: z.string().nullable().optional(),
  previousRole: z.enum(STAFF_ROLES).optional(),
  previousAgencyId: z.string().nullable().optional(),
});

/** AuditStore on PostgreSQL: audit_events for views and desk changes, report_events for changes. */
export class PrismaAuditStore implements AuditStore {
  constructor(private readonly prisma: PrismaClient) {}

  async viewed(
    staff: { readonly id: string },
    reports: { readonly id: string } | readonly { readonly id: string }[],
    what: ViewedPart,
  ): Promise<void> {
    const list = "id" in reports ? [reports] : reports;
    if (list.length === 0) return;
    await this.prisma.auditEvent.createMany({
      data: list.map((report) => ({
        action: "report_viewed" as const,
        actorId: staff.id,
        reportId: report.id,
        subject: what,
      })),
    });
  }

  async reportTrail(
    reportId: string,
    page: number,
    pageSize: number,
  ): Promise<AuditPage<ReportAuditEntry>> {
    const [views, events] = await Promise.all([
      this.prisma.auditEvent.findMany({
        where: { reportId, action: "report_viewed" },
        select: { createdAt: true, actorId: true, subject: true, id: true },
      }),
      this.prisma.reportEvent.findMany({
        where: { reportId },
        select: { createdAt: true, actorType: true, actorId: true, type: true, id: true },
      }),
    ]);
    const actors = await this.staffActors([
      ...views.map((view) => view.actorId),
      ...events.flatMap((event) =>
        event.actorType === "staff" && event.actorId ? [event.actorId] : [],
      ),
    ]);
    const entries: ReportAuditEntry[] = [
      ...views.map((view): ReportAuditEntry => ({
        kind: "viewed",
        at: view.createdAt,
        actor: actors(view.actorId),
        what: VIEWED_PARTS.find((part) => part === view.subject) ?? "report",
      })),
      ...events.map((event): ReportAuditEntry => ({
        kind: "changed",
        at: event.createdAt,
        // A reporter is "the reporter", never named: the audit is read by staff.
        actor:
          event.actorType === "staff"
            ? actors(event.actorId ?? "")
            : { type: event.actorType, name: null, role: null, agencyId: null },
        event: event.type,
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    const start = (page - 1) * pageSize;
    return { total: entries.length, entries: entries.slice(start, start + pageSize) };
  }

  async deskTrail(page: number, pageSize: number): Promise<AuditPage<DeskAuditEntry>> {
    const where = { action: { not: "report_viewed" as const } };
    const [total, rows] = await Promise.all([
      this.prisma.auditEvent.count({ where }),
      this.prisma.auditEvent.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    const actors = await this.staffActors(rows.map((row) => row.actorId));
    return {
      total,
      entries: rows.flatMap((row): DeskAuditEntry[] => {
        if (row.action === "report_viewed") return [];
        const data = staffDataSchema.safeParse(row.data ?? {});
        return [
          {
            at: row.createdAt,
            actor: row.actorId === CONFIG_ACTOR ? configActor(row.subject) : actors(row.actorId),
            action: row.action,
            subject: row.subject,
            ...(data.success ? stripUndefined(data.data) : {}),
          },
        ];
      }),
    };
  }

  /** Names and roles of the staff among these actor ids; any other id is the system's. */
  private async staffActors(ids: readonly string[]): Promise<(id: string) => AuditActor> {
    const uuids = [...new Set(ids)].filter((id) => z.uuid().safeParse(id).success);
    const staff = await this.prisma.staff.findMany({
      where: { id: { in: uuids } },
      select: {
        id: true,
        externalId: true,
        displayName: true,
        username: true,
        role: true,
        agencyId: true,
      },
    });
    const byId = new Map(staff.map((member) => [member.id, member]));
    return (id) => {
      const member = byId.get(id);
      if (!member) return { type: "system", name: null, role: null, agencyId: null };
      return {
        type: "staff",
        name: member.displayName ?? (member.username ? `@${member.username}` : member.externalId),
        role: member.role,
        agencyId: member.agencyId,
      };
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
