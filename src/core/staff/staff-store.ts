import type { ChannelName } from "../messages.js";
import type { StaffRole } from "../words.js";

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

/** An account known to the bot under a @username, and since when. */
export interface UsernameHolder {
  readonly externalId: string;
  readonly displayName?: string;
  /** When that account last wrote under this name. */
  readonly seenAt: Date;
}

/**
 * Who added the admins of ADMIN_*_IDS, and the actor of the audit events their start-up sync
 * writes, where a staff id stands otherwise.
 */
export const CONFIG_ACTOR = "config";

const ADMIN_IDS_VARIABLES: Partial<Record<string, string>> = {
  telegram: "ADMIN_TELEGRAM_IDS",
  whatsapp: "ADMIN_WHATSAPP_IDS",
};

/** The setting that names a channel's configured admins; none for the terminal's. */
export const adminIdsVariable = (channel: string): string | undefined =>
  ADMIN_IDS_VARIABLES[channel];

/** An admin of ADMIN_*_IDS taken out of it, and their private chat when one is known. */
export interface RetiredAdmin {
  readonly externalId: string;
  readonly chatId: string | null;
}

/** The persistence port of staff accounts; src/infra/db implements it with PostgreSQL. */
export interface StaffStore {
  /** The active member with this account, if any. */
  active(channel: ChannelName, externalId: string): Promise<StaffMember | undefined>;
  byId(id: string): Promise<StaffMember | undefined>;
  list(): Promise<StaffMember[]>;
  /** Every account of a channel with a private chat; removed ones with role null. */
  accounts(channel: ChannelName): Promise<{ chatId: string; role: StaffRole | null }[]>;
  updateContact(
    id: string,
    contact: { chatId: string | null; displayName: string | null; username: string | null },
  ): Promise<void>;
  /**
   * Adds the account or changes its role, keeping what is known of it as a reporter; `chatId`
   * is its private chat when the bot can open one itself and none is known yet. An addition or
   * a change of role or agency is recorded in the audit trail, by `addedBy`.
   */
  grant(input: {
    channel: ChannelName;
    externalId: string;
    role: StaffRole;
    agencyId: string | null;
    addedBy: string;
    chatId?: string;
  }): Promise<StaffMember>;
  /**
   * Deactivates an active account (recorded in the audit trail as removed by `removedBy`);
   * returns its private chat, or undefined when not staff.
   */
  revoke(
    channel: ChannelName,
    externalId: string,
    removedBy: string,
  ): Promise<{ chatId: string | null } | undefined>;
  /**
   * Makes these accounts admins added by `CONFIG_ACTOR`, and retires config admins left out,
   * each change in the audit trail as the configuration's; each `chatId` is the account's
   * private chat when the bot can open one and none is known yet. Calls of several processes
   * take turns, so each change is made (and returned) once: this call returns the admins it
   * retired.
   */
  syncConfiguredAdmins(
    channel: ChannelName,
    accounts: readonly { externalId: string; chatId?: string }[],
  ): Promise<readonly RetiredAdmin[]>;
  /** The account that most recently used @username in what the database holds. */
  usernameHolder(channel: ChannelName, username: string): Promise<UsernameHolder | undefined>;
  /** The active staff account using @username, if any. */
  staffByUsername(channel: ChannelName, username: string): Promise<string | undefined>;
}
