import type { Catalog } from "../../config/catalog.js";
import type { Recipient } from "./outbox.js";
import type { ReportRecord } from "./records.js";
import type { ReportUnit } from "./report-store.js";

/**
 * Who is told about a report, on whichever platform each person or group uses: the desk (its
 * chat, else each admin privately), an agency (its group in the catalog, else its officers
 * privately), and whoever holds a report now.
 */
export class Recipients {
  constructor(
    private readonly catalog: Catalog,
    /** The desk's group (STAFF_CHAT_ID); without it, admins are told privately. */
    private readonly deskChat: Recipient | undefined,
  ) {}

  /** Whether this chat is the desk's group, whose cards carry the desk's buttons. */
  isDesk(chat: Recipient): boolean {
    return this.deskChat?.channel === chat.channel && this.deskChat.chatId === chat.chatId;
  }

  /** Whether this chat is a group the desk or an agency works in (not a person's chat). */
  isStaffGroup(chat: Recipient): boolean {
    return (
      this.isDesk(chat) ||
      this.catalog.agencies.some((agency) => {
        const group = this.catalog.agencyChat(agency.id);
        return group?.channel === chat.channel && group.chatId === chat.chatId;
      })
    );
  }

  /** A rahasia report's files never leave the desk's and the agencies' group chats. */
  mayReceiveFiles(report: Pick<ReportRecord, "confidential">, chat: Recipient): boolean {
    return !report.confidential || this.isStaffGroup(chat);
  }

  async desk(unit: ReportUnit): Promise<Recipient[]> {
    return this.deskChat ? [this.deskChat] : unit.staffChats({ role: "admin" });
  }

  async agency(unit: ReportUnit, agencyId: string): Promise<Recipient[]> {
    const chat = this.catalog.agencyChat(agencyId);
    return chat ? [chat] : unit.staffChats({ role: "officer", agencyId });
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
