import type { StaffRole } from "../words.js";
import type { RetiredAdmin, StaffMember, StaffStore, UsernameHolder } from "./staff-store.js";
import type { ChannelName, InboundMessage } from "../messages.js";
import { sanitizeUserText, truncate } from "../text.js";
import { BoundedMemo } from "../bounded-memo.js";

const NOT_STAFF_TTL_MS = 30_000;
const NOT_STAFF_MAX = 50_000;
const accountKey = (channel: ChannelName, externalId: string) => `${channel}:${externalId}`;

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
  private readonly notStaff = new BoundedMemo<string, number>(NOT_STAFF_MAX);
  /** The accounts ADMIN_*_IDS names, per channel, as this process started with them. */
  private readonly configured = new Map<ChannelName, ReadonlySet<string>>();

  constructor(
    private readonly store: StaffStore,
    /**
     * The private chat the bot can open itself with an account, before they ever wrote (a
     * WhatsApp number's); undefined where the person must write first (Telegram).
     */
    private readonly directChat: (
      channel: ChannelName,
      externalId: string,
    ) => string | undefined = () => undefined,
  ) {}

  /** Calls `listener` after each change to who is staff, e.g. to update a command menu. */
  onChange(listener: (change: StaffChange) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Every account of a channel that has a private chat with the bot, removed ones with role
   * null, so a platform can show each the menu it should have.
   */
  async accounts(channel: ChannelName): Promise<StaffChange[]> {
    return (await this.store.accounts(channel)).map((account) => ({ channel, ...account }));
  }

  private changed(change: StaffChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** The active staff member writing this message, with their private chat kept current. */
  async recognize(message: InboundMessage): Promise<StaffMember | undefined> {
    const account = accountKey(message.channel, message.user.id);
    const now = Date.now();
    if ((this.notStaff.get(account) ?? 0) > now) return undefined;
    const member = await this.store.active(message.channel, message.user.id);
    if (!member) {
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
      await this.store.updateContact(member.id, { chatId, displayName, username });
      if (chatId !== member.chatId)
        this.changed({ channel: member.channel, chatId, role: member.role });
    }
    return { ...member, chatId, displayName, username };
  }

  /**
   * Makes the configured accounts admins (added by `CONFIG_ACTOR`), and retires config admins
   * that were taken out of the configuration, returning those; admins added by command are
   * left alone.
   */
  async syncConfiguredAdmins(
    channel: ChannelName,
    externalIds: readonly string[],
  ): Promise<readonly RetiredAdmin[]> {
    this.configured.set(channel, new Set(externalIds));
    return this.store.syncConfiguredAdmins(
      channel,
      externalIds.map((externalId) => {
        const chatId = this.directChat(channel, externalId);
        return chatId ? { externalId, chatId } : { externalId };
      }),
    );
  }

  /**
   * The account that most recently used @username in what the database holds (staff rows are
   * refreshed on every staff message, reporters' when they file a report).
   */
  async usernameHolder(
    channel: ChannelName,
    username: string,
  ): Promise<UsernameHolder | undefined> {
    return this.store.usernameHolder(channel, username);
  }

  /** The active staff account using @username (their rows follow each of their messages). */
  async staffByUsername(channel: ChannelName, username: string): Promise<string | undefined> {
    return this.store.staffByUsername(channel, username);
  }

  async add(input: {
    channel: ChannelName;
    externalId: string;
    role: StaffRole;
    agencyId: string | null;
    addedBy: string;
  }): Promise<StaffMember> {
    const chatId = this.directChat(input.channel, input.externalId);
    const member = await this.store.grant(chatId ? { ...input, chatId } : input);
    // After the commit, so a message read meanwhile cannot mark them "not staff" again.
    this.notStaff.delete(accountKey(input.channel, input.externalId));
    this.changed({ channel: member.channel, chatId: member.chatId, role: member.role });
    return member;
  }

  /**
   * Deactivates an account (kept, since the timeline refers to it); undefined when it was not
   * staff. `configured`: an admin of ADMIN_*_IDS, whom the next start makes admin again;
   * `chatId`: their private chat, null when they never had one.
   */
  async remove(
    channel: ChannelName,
    externalId: string,
    removedBy: string,
  ): Promise<{ readonly configured: boolean; readonly chatId: string | null } | undefined> {
    const removed = await this.store.revoke(channel, externalId, removedBy);
    if (!removed) return undefined;
    this.changed({ channel, chatId: removed.chatId, role: null });
    return {
      configured: this.configured.get(channel)?.has(externalId) === true,
      chatId: removed.chatId,
    };
  }

  async list(): Promise<StaffMember[]> {
    return this.store.list();
  }

  async byId(id: string): Promise<StaffMember | undefined> {
    return this.store.byId(id);
  }
}
