import { z } from "zod";
import { parseArgs, firstWord } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";
import type { DeskKit } from "../kit.js";

const fileNumber = z.coerce.number().int().min(1).max(1000);

/** /berkas <kode> [n]: a report's files sent again to the chat that asks (all, or the n-th). */
export function filesCommand(kit: DeskKit): DeskCommand {
  const { reports, workflow } = kit.deps;
  return {
    names: ["berkas", "files"],
    who: "staff",
    help: "deskHelpFiles",
    run: async (context, staff) => {
      const { language, message } = context;
      const [rawCode, rest] = firstWord(context.args);
      const code = kit.code(rawCode);
      const n = rest ? parseArgs(fileNumber, rest) : undefined;
      if (!code || !staff || (rest && n === undefined)) return say(language, "deskUsageFiles");
      const report = await reports.byCode(code);
      if (!report) return say(language, "deskNotFound", { code });
      const refused = kit.refuseShowing(staff, report, message, language);
      if (refused) return refused;
      const files = await reports.attachments(report.id);
      if (files.length === 0) return say(language, "deskFilesNone", { code });
      await kit.deps.audit.viewed(staff, report, "files");
      const chat = { channel: message.channel, chatId: message.chatId };
      if (n === undefined) return workflow.filesFor(report, chat, files);
      const file = files[n - 1];
      if (!file) return say(language, "deskFilesNoSuch", { code, count: files.length, n });
      return workflow.filesFor(report, chat, [file], { firstNumber: n });
    },
  };
}
