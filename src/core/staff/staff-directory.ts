import type { PrismaClient } from "../../generated/prisma/client.js";
import type { StaffRole } from "../words.js";
import type { ChannelName, InboundMessage } from "../messages.js";
import { sanitizeUserText, truncate } from "../text.js";

export interface StaffMember {
  readonly id: string;
  readonly channel: ChannelName;
  readonly externalId: string;
  readonly chatId: string | null;
  readonly displayName: string | null;
  readonly username: string | null;
  readonly role: StaffRole;
  readonly agencyId: string | null;
}

const NOT_STAFF_TTL_MS = 30_000;
const NOT_STAFF_MAX = 50_000;
const accountKey = (channel: ChannelName, externalId: string) => `${channel}:${externalId}`;

const MEMBER_SELECT = {
  id: true,
  channel: true,
  externalId: true,
  chatId: true,
  displayName: true,
  username: true,
  role: true,
  agencyId: true,
} as const;

/** A staff account was added, changed role, was removed (role null) or got a private chat. */
export interface StaffChange {
  readonly channel: ChannelName;
  /** The account's private chat with the bot; null until they first write to it. */
  readonly chatId: string | null;
  readonly role: StaffRole | null;
}

/**
 * Who works at the desk and the agencies, by platform account (channel + the platform's user
 * id), never by display name: names can be changed by anyone to anything.
 */
export class StaffDirectory {
  private readonly listeners = new Set<(change: StaffChange) => void>();
  /**
   * Accounts known not to be staff, until when: nearly every message is a citizen's, and
   * asking the database for each costs a round trip. Only "not staff" is remembered, so a
   * removal takes effect at once; an addition made in another process shows within the TTL.
   */
  private readonly notStaff = new Map<string, number>();

  constructor(private readonly prisma: PrismaClient) {}

  /** Calls `listener` after each change to who is staff, e.g. to update a command menu. */
  onChange(listener: (change: StaffChange) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Every account of a channel that has a private chat with the bot, removed ones with role
   * null, so a platform can show each the menu it should have.
   */
  async accounts(channel: ChannelName): Promise<StaffChange[]> {
    const rows = await this.prisma.staff.findMany({
      where: { channel, chatId: { not: null } },
      select: { chatId: true, role: true, active: true },
    });
    return rows.map((row) => ({ channel, chatId: row.chatId, role: row.active ? row.role : null }));
  }

  private changed(change: StaffChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** The active staff member writing this message, with their private chat kept current. */
  async recognize(message: InboundMessage): Promise<StaffMember | undefined> {
    const account = accountKey(message.channel, message.user.id);
    const now = Date.now();
    if ((this.notStaff.get(account) ?? 0) > now) return undefined;
    const member = await this.prisma.staff.findFirst({
      where: { channel: message.channel, externalId: message.user.id, active: true },
      select: MEMBER_SELECT,
    });
    if (!member) {
      if (this.notStaff.size >= NOT_STAFF_MAX) this.notStaff.clear();
      this.notStaff.set(account, now + NOT_STAFF_TTL_MS);
      return undefined;
    }
    const displayName = message.user.displayName
      ? truncate(sanitizeUserText(message.user.displayName), 128)
      : member.displayName;
    const username = message.user.username ?? member.username;
    const chatId = message.group ? member.chatId : message.chatId;
    if (
      chatId !== member.chatId ||
      displayName !== member.displayName ||
      username !== member.username
    ) {
      await this.prisma.staff.update({
        where: { id: member.id },
        data: { chatId, displayName, username },
      });
      if (chatId !== member.chatId)
        this.changed({ channel: member.channel, chatId, role: member.role });
    }
    return { ...member, chatId, displayName, username };
  }

  /**
   * Makes the configured accounts admins (added by "config"), and retires config admins that
   * were taken out of the configuration. Admins added by command are left alone.
   */
  async syncConfiguredAdmins(channel: ChannelName, externalIds: readonly string[]): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      for (const externalId of externalIds) {
        await tx.staff.upsert({
          where: { channel_externalId: { channel, externalId } },
          create: { channel, externalId, role: "admin", addedBy: "config" },
          update: { role: "admin", agencyId: null, active: true },
        });
      }
      await tx.staff.updateMany({
        where: { channel, addedBy: "config", externalId: { notIn: [...externalIds] } },
        data: { active: false },
      });
    });
  }

  /**
   * The account that most recently used @username in what the database holds (staff rows are
   * refreshed on every staff message, reporters' when they file a report).
   */
  async usernameHolder(
    channel: ChannelName,
    username: string,
  ): Promise<{ externalId: string; displayName?: string; seenAt: Date } | undefined> {
    const where = {
      channel,
      username: { equals: username.replace(/^@/, ""), mode: "insensitive" as const },
    };
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

  /** The active staff account using @username (their rows follow each of their messages). */
  async staffByUsername(channel: ChannelName, username: string): Promise<string | undefined> {
    const member = await this.prisma.staff.findFirst({
      where: {
        channel,
        active: true,
        username: { equals: username.replace(/^@/, ""), mode: "insensitive" },
      },
      orderBy: { updatedAt: "desc" },
      select: { externalId: true },
    });
    return member?.externalId;
  }

  async add(input: {
    channel: ChannelName;
    externalId: string;
    role: StaffRole;
    agencyId: string | null;
    addedBy: string;
  }): Promise<StaffMember> {
    // A person who already chatted with the bot as a citizen has a known private chat.
    const reporter = await this.prisma.reporter.findUnique({
      where: { channel_externalId: { channel: input.channel, externalId: input.externalId } },
      select: { chatId: true, displayName: true, username: true },
    });
    const known = reporter
      ? { chatId: reporter.chatId, displayName: reporter.displayName, username: reporter.username }
      : {};
    const fields = {
      role: input.role,
      agencyId: input.agencyId,
      active: true,
      addedBy: input.addedBy,
    };
    const member = await this.prisma.staff.upsert({
      where: { channel_externalId: { channel: input.channel, externalId: input.externalId } },
      create: { channel: input.channel, externalId: input.externalId, ...known, ...fields },
      update: fields,
      select: MEMBER_SELECT,
    });
    // After the commit, so a message read meanwhile cannot mark them "not staff" again.
    this.notStaff.delete(accountKey(input.channel, input.externalId));
    this.changed({ channel: member.channel, chatId: member.chatId, role: member.role });
    return member;
  }

  /** Deactivates an account (kept, since the timeline refers to it); false when not staff. */
  async remove(channel: ChannelName, externalId: string): Promise<boolean> {
    const removed = await this.prisma.staff.updateManyAndReturn({
      where: { channel, externalId, active: true },
      data: { active: false },
      select: { chatId: true },
    });
    for (const member of removed) this.changed({ channel, chatId: member.chatId, role: null });
    return removed.length > 0;
  }

  async list(): Promise<StaffMember[]> {
    return this.prisma.staff.findMany({
      where: { active: true },
      orderBy: [{ role: "asc" }, { agencyId: "asc" }, { createdAt: "asc" }],
      select: MEMBER_SELECT,
    });
  }

  async byId(id: string): Promise<StaffMember | undefined> {
    return (
      (await this.prisma.staff.findUnique({ where: { id }, select: MEMBER_SELECT })) ?? undefined
    );
  }
}
