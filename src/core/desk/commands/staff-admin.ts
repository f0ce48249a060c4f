import { z } from "zod";
import type { CommandContext } from "../../conversation/commands.js";
import { formatDateTime, t } from "../../i18n/index.js";
import { channelLabels } from "../../i18n/labels.js";
import type { Language, OutboundMessage } from "../../messages.js";
import { adminIdsVariable, type StaffMember } from "../../staff/staff-store.js";
import { joinLines } from "../../text.js";
import { parseArgs } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say, unknownAgency } from "../errors.js";
import { roleName } from "../help.js";
import type { DeskKit } from "../kit.js";
import { maskedAccount } from "../../privacy/masked-account.js";
import { tellStaffRemoved } from "../staff-farewell.js";

/** `/staf [daftar | tambah … | hapus <id>]`: who works at the desk and the agencies. */
export function staffCommand(kit: DeskKit): DeskCommand {
  const { directory, catalog, logger, timeZone, usernames } = kit.deps;
  const accountId = kit.deps.accountId ?? ((_channel: string, typed: string) => typed);

  /** An account id given as such, or taken from the message this command replies to. */
  const target = (context: CommandContext, raw: string | undefined): string | undefined => {
    if (!raw && context.message.replyTo?.userId) return context.message.replyTo.userId;
    if (!raw) return undefined;
    return /^[A-Za-z0-9_.@+:-]{3,64}$/.test(raw) && !raw.startsWith("@")
      ? accountId(context.message.channel, raw)
      : undefined;
  };

  /**
   * Usernames change hands, so a role is never granted by one: the admin is shown the account
   * that most recently wrote to the bot under the name, and the command to grant it by id.
   */
  const confirmUsername = async (
    context: CommandContext,
    username: string,
    grant: string,
  ): Promise<OutboundMessage[]> => {
    const { language, message } = context;
    const holder =
      (await usernames.usernameHolder(message.channel, username)) ??
      (await directory.usernameHolder(message.channel, username));
    if (!holder) return say(language, "deskStaffUnknownTarget", { target: username });
    return say(language, "deskStaffConfirmUsername", {
      username: username.replace(/^@/, ""),
      name: holder.displayName ?? "—",
      id: holder.externalId,
      seen: formatDateTime(language, holder.seenAt, timeZone),
      command: `/staf tambah ${holder.externalId} ${grant}`,
    });
  };

  const list = async (language: Language): Promise<OutboundMessage[]> => {
    const members = await directory.list();
    return [
      {
        text: joinLines([
          t(language, "deskStaffHeader", { count: members.length }),
          ...members.map((member) =>
            t(language, "deskStaffLine", {
              id: member.externalId,
              channel: channelLabels[language][member.channel],
              name: member.displayName ?? (member.username ? `@${member.username}` : "—"),
              role: roleName(member, language, catalog),
            }),
          ),
        ]),
      },
    ];
  };

  const add = async (
    context: CommandContext,
    staff: StaffMember,
    words: readonly string[],
  ): Promise<OutboundMessage[]> => {
    const { language, message } = context;
    // The target is an id or @username, or left out when the command replies to their message.
    const roleIndex = words.findIndex((word) => /^(admin|petugas|officer)$/i.test(word));
    const args = parseArgs(
      z.object({
        target: z.string().optional(),
        role: z.enum(["admin", "petugas", "officer"]),
        agency: z.string().optional(),
      }),
      {
        target: roleIndex === 1 ? words[0] : undefined,
        role: words[roleIndex]?.toLowerCase(),
        agency: words[roleIndex + 1]?.toLowerCase(),
      },
    );
    if (roleIndex < 0 || roleIndex > 1 || !args) return say(language, "deskUsageStaff");
    if (args.target?.startsWith("@")) {
      return confirmUsername(context, args.target, words.slice(roleIndex).join(" "));
    }
    const externalId = target(context, args.target);
    if (!args.target && !externalId) return say(language, "deskStaffNoTarget");
    if (!externalId) return say(language, "deskStaffUnknownTarget", { target: args.target ?? "" });
    const role = args.role === "admin" ? "admin" : "officer";
    if (role === "officer" && (!args.agency || !catalog.agency(args.agency))) {
      return unknownAgency(language, catalog);
    }
    const added = await directory.add({
      channel: message.channel,
      externalId,
      role,
      agencyId: role === "officer" ? (args.agency ?? null) : null,
      addedBy: staff.id,
    });
    logger.info(
      { staffId: added.id, role, agencyId: added.agencyId, addedBy: staff.id },
      "staff account added",
    );
    return say(language, "deskStaffAdded", {
      id: externalId,
      role: roleName(added, language, catalog),
    });
  };

  const remove = async (
    context: CommandContext,
    staff: StaffMember,
    raw: string | undefined,
  ): Promise<OutboundMessage[]> => {
    const { language, message } = context;
    const externalId = raw?.startsWith("@")
      ? await directory.staffByUsername(message.channel, raw)
      : target(context, raw);
    if (!externalId) return say(language, "deskUsageStaff");
    if (externalId === staff.externalId) return say(language, "deskStaffNotSelf");
    const removed = await directory.remove(message.channel, externalId, staff.id);
    if (!removed) return say(language, "deskStaffNotFound", { id: externalId });
    logger.info(
      { account: maskedAccount(externalId), removedBy: staff.id },
      "staff account removed",
    );
    // An admin of ADMIN_*_IDS is staff again at the next start: no farewell to take back.
    if (removed.chatId && !removed.configured) {
      await tellStaffRemoved(kit.deps, {
        channel: message.channel,
        externalId,
        chatId: removed.chatId,
      });
    }
    return say(language, removed.configured ? "deskStaffRemovedConfigured" : "deskStaffRemoved", {
      id: externalId,
      variable: adminIdsVariable(message.channel) ?? "ADMIN_*_IDS",
    });
  };

  return {
    names: ["staf", "staff"],
    who: "admin",
    help: "deskHelpStaff",
    run: async (context, staff) => {
      if (!staff) return kit.refuse(context.message, context.language, "staf");
      const words = context.args.split(/\s+/).filter(Boolean);
      const sub = words[0]?.toLowerCase();
      if (!sub || sub === "daftar" || sub === "list") return list(context.language);
      if (sub === "tambah" || sub === "add") return add(context, staff, words.slice(1));
      if (sub === "hapus" || sub === "remove") return remove(context, staff, words[1]);
      return say(context.language, "deskUsageStaff");
    },
  };
}
