import type { Catalog } from "../../config/catalog.js";
import type { ChannelName } from "../messages.js";
import type { Recipient } from "./outbox.js";
import type { ReportRecord } from "./records.js";
import type { ReportUnit } from "./report-store.js";

/**
 * Where the desk works, per platform: a group (Telegram's STAFF_CHAT_ID, WhatsApp's
 * STAFF_WHATSAPP_GROUP), or, on a platform listed in `privateOn`, each admin's own chat with
 * the bot. A desk may run on several platforms at once; each gets the cards and notices.
 */
export interface DeskChats {
  readonly groups: readonly Recipient[];
  readonly privateOn: readonly ChannelName[];
}

export const NO_DESK: DeskChats = { groups: [], privateOn: [] };

export const hasDesk = (desk: DeskChats) => desk.groups.length > 0 || desk.privateOn.length > 0;

const same = (a: Recipient, b: Recipient) => a.channel === b.channel && a.chatId === b.chatId;

export const includesChat = (chats: readonly Recipient[], chat: Recipient) =>
  chats.some((each) => same(each, chat));

/**
 * Who is told about a report, on whichever platform each person or group uses: the desk (its
 * chats, else each admin privately), an agency (its group in the catalog, else its officers
 * privately), and whoever holds a report now.
 */
export class Recipients {
  constructor(
    private readonly catalog: Catalog,
    private readonly deskChats: DeskChats = NO_DESK,
  ) {}

  /** Whether a desk is configured at all: without one, a new report gets no card. */
  get hasDesk(): boolean {
    return hasDesk(this.deskChats);
  }

  /** The desk's chats, whose cards carry the desk's actions: none when no desk is configured. */
  async deskSeats(unit: ReportUnit): Promise<Recipient[]> {
    const { groups, privateOn } = this.deskChats;
    const admins =
      privateOn.length > 0
        ? (await unit.staffChats({ role: "admin" })).filter((chat) =>
            privateOn.includes(chat.channel),
          )
        : [];
    return [...groups, ...admins];
  }

  /** Whether this chat is one of the desk's, whose cards carry the desk's buttons. */
  async isDesk(unit: ReportUnit, chat: Recipient): Promise<boolean> {
    if (includesChat(this.deskChats.groups, chat)) return true;
    if (!this.deskChats.privateOn.includes(chat.channel)) return false;
    return includesChat(await unit.staffChats({ role: "admin" }), chat);
  }

  /** Whether this chat is a group the desk or an agency works in (not a person's chat). */
  isStaffGroup(chat: Recipient): boolean {
    return includesChat(this.deskChats.groups, chat) || this.catalog.agencyIn(chat) !== undefined;
  }

  /** A rahasia report's files never leave the desk's and the agencies' group chats. */
  mayReceiveFiles(report: Pick<ReportRecord, "confidential">, chat: Recipient): boolean {
    return !report.confidential || this.isStaffGroup(chat);
  }

  /** The desk's chats; without any, every admin privately: someone must hear of it. */
  async desk(unit: ReportUnit): Promise<Recipient[]> {
    const seats = await this.deskSeats(unit);
    return seats.length > 0 ? seats : unit.staffChats({ role: "admin" });
  }

  async agency(unit: ReportUnit, agencyId: string): Promise<Recipient[]> {
    const chat = this.catalog.agencyChat(agencyId);
    return chat ? [chat] : unit.staffChats({ role: "officer", agencyId });
  }

  /** An agency's group and its officers' own chats: wherever its cards may have gone. */
  async agencyMembers(unit: ReportUnit, agencyId: string): Promise<Recipient[]> {
    const chat = this.catalog.agencyChat(agencyId);
    return [...(chat ? [chat] : []), ...(await unit.staffChats({ role: "officer", agencyId }))];
  }

  /**
   * Who may go on reading a report's card outside the desk's chats: the admins and the agency
   * that has the report. Staff taken off the desk, and agencies the report left, are not.
   */
  async cardReaders(unit: ReportUnit, agencyId: string | null): Promise<Recipient[]> {
    return [
      ...(await unit.staffChats({ role: "admin" })),
      ...(agencyId ? await this.agencyMembers(unit, agencyId) : []),
    ];
  }

  /** The agency, else the desk: someone must hear of a deadline. */
  async agencyOrDesk(unit: ReportUnit, agencyId: string): Promise<Recipient[]> {
    const agency = await this.agency(unit, agencyId);
    return agency.length > 0 ? agency : this.desk(unit);
  }

  /** The officer who answered the report, else its agency, else the desk. */
  async holder(unit: ReportUnit, report: ReportRecord): Promise<Recipient[]> {
    if (report.assigneeId) {
      const assignee = await unit.staffMember(report.assigneeId);
      if (assignee?.active && assignee.chat) return [assignee.chat];
    }
    const agency = report.agencyId ? await this.agency(unit, report.agencyId) : [];
    return agency.length > 0 ? agency : this.desk(unit);
  }
}
