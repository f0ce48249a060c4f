import type { MessageKey } from "../i18n/index.js";
import type { CommandContext } from "../conversation/commands.js";
import type { OutboundMessage } from "../messages.js";
import type { StaffMember } from "../staff/staff-store.js";

/** admin: the desk only; staff: admins and officers; anyone: citizens too (their own reports). */
export type Audience = "admin" | "staff" | "anyone";

/** One desk command: a handler and the line it has in the staff's /bantuan and command menu. */
export interface DeskCommand {
  /** The Indonesian name first, then aliases. */
  readonly names: readonly string[];
  readonly who: Audience;
  /** The line in the staff's /bantuan; citizen commands are listed by the citizen help. */
  readonly help?: MessageKey;
  /** Staff who see it in /bantuan when that differs from `who`. */
  readonly helpFor?: "admin";
  /** Runs once `who` is checked; `staff` is set for every audience but "anyone". */
  run(context: CommandContext, staff: StaffMember | undefined): Promise<OutboundMessage[]>;
}
