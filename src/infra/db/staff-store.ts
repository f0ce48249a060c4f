import type { ChannelName } from "../../core/messages.js";
import {
  CONFIG_ACTOR,
  type RetiredAdmin,
  type StaffMember,
  type StaffStore,
  type UsernameHolder,
} from "../../core/staff/staff-store.js";
import type { StaffRole } from "../../core/words.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { appendAudit, staffSubject } from "./audit-store.js";
import { askedAccounts } from "./asked-accounts.js";
import { CallBatch, inOrder } from "../call-batch.js";

const MEMBER = {
  id: true,
  channel: true,
  externalId: true,
  chatId: true,
  displayName: true,
  username: true,
  role: true,
  agencyId: true,
} as const;

/** The advisory lock under which a starting process brings ADMIN_*_IDS into the staff table. */
const CONFIGURED_ADMINS_LOCK = 4_242_003;

const byUsername = (channel: ChannelName, username: string) => ({
  channel,
  username: { equals: username.replace(/^@/, ""), mode: "insensitive" as const },
});

/** StaffStore on PostgreSQL through Prisma. */
export class PrismaStaffStore implements StaffStore {
  constructor(private readonly prisma: PrismaClient) {}

  // Asked for every account not known to be a citizen, so nearly every new conversation: the
  // asks of a busy moment share one statement.
  private readonly activeMembers = new CallBatch<
    { channel: ChannelName; externalId: string },
    StaffMember | undefined
  >(async (accounts) => {
    const rows = await this.prisma.$queryRaw<(StaffMember & { position: number })[]>`
      /* prepared: active-staff */
      SELECT account.position::int AS position, s.id, s.channel::text AS channel,
        s.external_id AS "externalId", s.chat_id AS "chatId", s.display_name AS "displayName",
        s.username, s.role::text AS role, s.agency_id AS "agencyId"
      FROM ${askedAccounts(accounts)}
      JOIN staff s ON s.channel = account.channel::"Channel"
        AND s.external_id = account.external_id AND s.active`;
    return inOrder(accounts.length, rows).map(([member]) => member);
  });

  async active(channel: ChannelName, externalId: string): Promise<StaffMember | undefined> {
    return this.activeMembers.run({ channel, externalId });
  }

  async byId(id: string): Promise<StaffMember | undefined> {
    return (await this.prisma.staff.findUnique({ where: { id }, select: MEMBER })) ?? undefined;
  }

  async list(): Promise<StaffMember[]> {
    return this.prisma.staff.findMany({
      where: { active: true },
      orderBy: [{ role: "asc" }, { agencyId: "asc" }, { createdAt: "asc" }],
      select: MEMBER,
    });
  }

  async accounts(channel: ChannelName): Promise<{ chatId: string; role: StaffRole | null }[]> {
    const rows = await this.prisma.staff.findMany({
      where: { channel, chatId: { not: null } },
      select: { chatId: true, role: true, active: true },
    });
    return rows.flatMap((row) =>
      row.chatId ? [{ chatId: row.chatId, role: row.active ? row.role : null }] : [],
    );
  }

  async updateContact(
    id: string,
    contact: { chatId: string | null; displayName: string | null; username: string | null },
  ): Promise<void> {
    await this.prisma.staff.update({ where: { id }, data: contact });
  }

  async grant(input: {
    channel: ChannelName;
    externalId: string;
    role: StaffRole;
    agencyId: string | null;
    addedBy: string;
    chatId?: string;
  }): Promise<StaffMember> {
    // A person who already chatted with the bot as a citizen has a known private chat.
    const account = { channel: input.channel, externalId: input.externalId };
    const fields = {
      role: input.role,
      agencyId: input.agencyId,
      active: true,
      addedBy: input.addedBy,
    };
    return this.prisma.$transaction(async (tx) => {
      const [reporter, before] = await Promise.all([
        tx.reporter.findUnique({
          where: { channel_externalId: account },
          select: { chatId: true, displayName: true, username: true },
        }),
        tx.staff.findUnique({
          where: { channel_externalId: account },
          select: { role: true, agencyId: true, active: true, chatId: true },
        }),
      ]);
      // A chat the bot can open itself (a WhatsApp number) when none is known yet.
      const chatId = before?.chatId ?? reporter?.chatId ?? input.chatId;
      const member = await tx.staff.upsert({
        where: { channel_externalId: account },
        create: { ...account, ...(reporter ?? {}), ...fields, ...(chatId ? { chatId } : {}) },
        update: { ...fields, ...(chatId && !before?.chatId ? { chatId } : {}) },
        select: MEMBER,
      });
      const after = { role: input.role, agencyId: input.agencyId };
      if (!before?.active) {
        await appendAudit(tx, {
          action: "staff_added",
          actorId: input.addedBy,
          subject: staffSubject(account),
          data: after,
        });
      } else if (before.role !== input.role || before.agencyId !== input.agencyId) {
        await appendAudit(tx, {
          action: "staff_role_changed",
          actorId: input.addedBy,
          subject: staffSubject(account),
          data: { ...after, previousRole: before.role, previousAgencyId: before.agencyId },
        });
      }
      return member;
    });
  }

  async revoke(
    channel: ChannelName,
    externalId: string,
    removedBy: string,
  ): Promise<{ chatId: string | null } | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const [removed] = await tx.staff.updateManyAndReturn({
        where: { channel, externalId, active: true },
        data: { active: false },
        select: { chatId: true, role: true, agencyId: true },
      });
      if (!removed) return undefined;
      await appendAudit(tx, {
        action: "staff_removed",
        actorId: removedBy,
        subject: staffSubject({ channel, externalId }),
        data: { previousRole: removed.role, previousAgencyId: removed.agencyId },
      });
      return { chatId: removed.chatId };
    });
  }

  async syncConfiguredAdmins(
    channel: ChannelName,
    accounts: readonly { externalId: string; chatId?: string }[],
  ): Promise<readonly RetiredAdmin[]> {
    const externalIds = accounts.map((account) => account.externalId);
    const admin = { role: "admin" as const, agencyId: null };
    return this.prisma.$transaction(async (tx) => {
      // Processes starting at once take turns: each reads what the one before committed, so
      // an admin is added, retired and told by one of them only.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CONFIGURED_ADMINS_LOCK}::bigint)`;
      for (const { externalId, chatId } of accounts) {
        const account = { channel, externalId };
        const before = await tx.staff.findUnique({
          where: { channel_externalId: account },
          select: { role: true, agencyId: true, active: true },
        });
        // Made admin by the setting (new, back, or an officer promoted): the setting's to
        // retire. An admin added by command stays theirs, and stays when left out of it.
        const bySetting = !before?.active || before.role !== "admin";
        await tx.staff.upsert({
          where: { channel_externalId: account },
          create: { ...account, ...admin, addedBy: CONFIG_ACTOR, chatId: chatId ?? null },
          update: { ...admin, active: true, ...(bySetting ? { addedBy: CONFIG_ACTOR } : {}) },
        });
        if (chatId) {
          await tx.staff.updateMany({ where: { ...account, chatId: null }, data: { chatId } });
        }
        if (!before?.active) {
          await appendAudit(tx, {
            action: "staff_added",
            actorId: CONFIG_ACTOR,
            subject: staffSubject(account),
            data: admin,
          });
        } else if (before.role !== "admin" || before.agencyId !== null) {
          await appendAudit(tx, {
            action: "staff_role_changed",
            actorId: CONFIG_ACTOR,
            subject: staffSubject(account),
            data: { ...admin, previousRole: before.role, previousAgencyId: before.agencyId },
          });
        }
      }
      // Only rows still active: a second process starting at once retires (and tells) nobody.
      const retired = await tx.staff.updateManyAndReturn({
        where: {
          channel,
          addedBy: CONFIG_ACTOR,
          active: true,
          externalId: { notIn: [...externalIds] },
        },
        data: { active: false },
        select: { externalId: true, chatId: true, role: true, agencyId: true },
      });
      for (const { externalId, role, agencyId } of retired) {
        await appendAudit(tx, {
          action: "staff_removed",
          actorId: CONFIG_ACTOR,
          subject: staffSubject({ channel, externalId }),
          data: { previousRole: role, previousAgencyId: agencyId },
        });
      }
      return retired.map(({ externalId, chatId }) => ({ externalId, chatId }));
    });
  }

  async usernameHolder(
    channel: ChannelName,
    username: string,
  ): Promise<UsernameHolder | undefined> {
    // Staff rows follow each of their messages; reporters' are refreshed when they file.
    const where = byUsername(channel, username);
    const select = { externalId: true, displayName: true, updatedAt: true };
    const [staff, reporter] = await Promise.all([
      this.prisma.staff.findFirst({ where, select, orderBy: { updatedAt: "desc" } }),
      this.prisma.reporter.findFirst({ where, select, orderBy: { updatedAt: "desc" } }),
    ]);
    const latest = [staff, reporter]
      .filter((row) => row !== null)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
    if (!latest) return undefined;
    return {
      externalId: latest.externalId,
      ...(latest.displayName ? { displayName: latest.displayName } : {}),
      seenAt: latest.updatedAt,
    };
  }

  async staffByUsername(channel: ChannelName, username: string): Promise<string | undefined> {
    const member = await this.prisma.staff.findFirst({
      where: { ...byUsername(channel, username), active: true },
      orderBy: { updatedAt: "desc" },
      select: { externalId: true },
    });
    return member?.externalId;
  }
}
