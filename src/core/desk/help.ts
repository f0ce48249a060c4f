import { label, t, type MessageKey } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import type { StaffMember } from "../staff/staff-store.js";
import { joinLines } from "../text.js";
import type { StaffRole } from "../words.js";
import type { Catalog } from "../../config/catalog.js";
import type { DeskCommand } from "./command.js";

/** One line of a platform's command menu: the command without its slash, and what it does. */
export interface MenuCommand {
  readonly command: string;
  readonly description: string;
}

/** The /bantuan line of every desk command the role may use, in the desk's order. */
function helpKeys(commands: readonly DeskCommand[], role: StaffRole): MessageKey[] {
  return commands
    .filter((command) => {
      const audience = command.helpFor ?? command.who;
      return audience === "staff" || (audience === "admin" && role === "admin");
    })
    .flatMap((command) => (command.help ? [command.help] : []));
}

/** The desk commands a role may use, as a platform's command menu shows them. */
export function staffMenu(
  commands: readonly DeskCommand[],
  role: StaffRole,
  language: Language,
): MenuCommand[] {
  return [
    ...helpKeys(commands, role).map((key) => {
      const [, command = "", description = ""] =
        /^\/(\S+)\s*(.*)$/.exec(label(language, key)) ?? [];
      return { command, description };
    }),
    { command: "bantuan", description: label(language, "deskMenuHelp") },
  ];
}

/** A staff member's role as staff read it: "admin (verifikator)", "petugas Dinas PUPR". */
export function roleName(
  member: Pick<StaffMember, "role" | "agencyId">,
  language: Language,
  catalog: Catalog,
): string {
  return member.role === "admin"
    ? label(language, "deskRoleAdmin")
    : label(language, "deskRoleOfficer", {
        agency: member.agencyId ? catalog.agencyName(member.agencyId, language) : "—",
      });
}

/** /bantuan for a staff member: their role, and the commands it may use. */
export function staffHelp(
  commands: readonly DeskCommand[],
  staff: StaffMember,
  language: Language,
  catalog: Catalog,
): OutboundMessage[] {
  const role = roleName(staff, language, catalog);
  return [
    {
      text: joinLines([
        t(language, "deskHelpHeader", { role }),
        ...helpKeys(commands, staff.role).map((key) => t(language, key)),
        t(language, "deskHelpFooter"),
      ]),
    },
  ];
}
