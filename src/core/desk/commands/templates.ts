import { z } from "zod";
import { t } from "../../i18n/index.js";
import { joinLines, truncate } from "../../text.js";
import { firstWord, parseArgs, templateName } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";
import type { DeskKit } from "../kit.js";

/** `/templat [tambah <nama> <teks> | hapus <nama>]`: canned answers for `/balas <kode> #<nama>`. */
export function templatesCommand(kit: DeskKit): DeskCommand {
  const { store } = kit.deps;
  return {
    names: ["templat", "templates", "template"],
    who: "staff",
    help: "deskHelpTemplates",
    run: async (context, staff) => {
      const { language } = context;
      const [sub, rest] = firstWord(context.args);
      if (!sub || ["daftar", "list"].includes(sub.toLowerCase())) {
        const all = await store.templates();
        if (all.length === 0) return say(language, "deskTemplatesNone");
        return [
          {
            text: joinLines([
              t(language, "deskTemplatesHeader"),
              ...all.map((entry) =>
                t(language, "deskTemplateLine", {
                  name: entry.name,
                  text: truncate(entry.text, 120),
                }),
              ),
            ]),
          },
        ];
      }
      if (staff?.role !== "admin") {
        return kit.refuse(context.message, language, `templat ${sub.toLowerCase()}`, staff);
      }
      const [rawName, text] = firstWord(rest);
      if (["tambah", "add"].includes(sub.toLowerCase())) {
        const args = parseArgs(
          z.object({ name: templateName, text: z.string().min(2).max(3500) }),
          { name: rawName, text },
        );
        if (!args) return say(language, "deskUsageTemplates");
        await store.saveTemplate({ name: args.name, text: args.text }, staff.id);
        return say(language, "deskTemplateSaved", { name: args.name });
      }
      if (["hapus", "remove", "delete"].includes(sub.toLowerCase())) {
        const name = parseArgs(templateName, rawName);
        if (!name) return say(language, "deskUsageTemplates");
        const removed = await store.removeTemplate(name, staff.id);
        return say(language, removed ? "deskTemplateRemoved" : "deskTemplateMissing", { name });
      }
      return say(language, "deskUsageTemplates");
    },
  };
}
