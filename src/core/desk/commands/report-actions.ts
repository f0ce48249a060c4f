import { z } from "zod";
import type { MessageKey } from "../../i18n/index.js";
import type { ReportAction } from "../../reports/lifecycle.js";
import { codeAndText, firstWord, parseArgs, templateName } from "../args.js";
import type { Audience, DeskCommand } from "../command.js";
import { say, unknownAgency } from "../errors.js";
import type { DeskKit } from "../kit.js";

/** The commands that move a report, answer it or annotate it. */
export function reportActionCommands(kit: DeskKit): DeskCommand[] {
  const { catalog, trackingCodePrefix: prefix } = kit.deps;

  /** `/name <code> <reason>`: a status change that says why. */
  const withReason = (
    names: string[],
    who: Audience,
    help: MessageKey,
    usage: MessageKey,
    action: ReportAction,
  ): DeskCommand => ({
    names,
    who,
    help,
    run: async (context, staff) => {
      const args = codeAndText(context.args, prefix);
      if (!args || !staff) return say(context.language, usage);
      return kit.change(staff, context.language, {
        trackingCode: args.code,
        action,
        text: args.text,
      });
    },
  });

  const verify: DeskCommand = {
    names: ["verifikasi", "verify"],
    who: "admin",
    help: "deskHelpVerify",
    run: async (context, staff) => {
      const [rawCode, agency] = firstWord(context.args);
      const args = parseArgs(
        z.object({
          code: z.string(),
          agency: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .optional(),
        }),
        { code: kit.code(rawCode), agency: agency ? agency.toLowerCase() : undefined },
      );
      if (!args || !staff) return say(context.language, "deskUsageVerify");
      if (!args.agency)
        return kit.change(staff, context.language, { trackingCode: args.code, action: "verify" });
      if (!catalog.agency(args.agency)) return unknownAgency(context.language, catalog);
      return kit.verifyAndRoute(staff, context.language, args.code, args.agency);
    },
  };

  const route: DeskCommand = {
    names: ["disposisi", "route", "forward"],
    who: "admin",
    help: "deskHelpRoute",
    run: async (context, staff) => {
      const [rawCode, agency] = firstWord(context.args);
      const args = parseArgs(z.object({ code: z.string(), agency: z.string().min(1) }), {
        code: kit.code(rawCode),
        agency: agency.toLowerCase(),
      });
      if (!args || !staff) return say(context.language, "deskUsageRoute");
      return kit.change(staff, context.language, {
        trackingCode: args.code,
        action: "route",
        agencyId: args.agency,
      });
    },
  };

  const answer: DeskCommand = {
    names: ["balas", "reply", "answer"],
    who: "staff",
    help: "deskHelpReply",
    run: async (context, staff) => {
      const args = codeAndText(context.args, prefix);
      if (!args || !staff) return say(context.language, "deskUsageReply");
      let text = args.text;
      const templateRef = /^#(\S+)$/.exec(text)?.[1];
      if (templateRef) {
        const name = parseArgs(templateName, templateRef);
        const found = name ? await kit.deps.store.template(name) : undefined;
        if (!found) return say(context.language, "deskTemplateMissing", { name: templateRef });
        text = found.text;
      }
      return kit.change(staff, context.language, {
        trackingCode: args.code,
        action: "reply",
        text,
      });
    },
  };

  const note: DeskCommand = {
    names: ["catatan", "note"],
    who: "staff",
    help: "deskHelpNote",
    run: async (context, staff) => {
      const args = codeAndText(context.args, prefix);
      if (!args || !staff) return say(context.language, "deskUsageNote");
      try {
        await kit.deps.workflow.note({
          trackingCode: args.code,
          actor: kit.actor(staff),
          text: args.text,
        });
        return say(context.language, "deskNoted", { code: args.code });
      } catch (error) {
        return kit.explain(error, context.language, args.code, staff);
      }
    },
  };

  const reopen: DeskCommand = {
    names: ["buka", "reopen"],
    who: "anyone",
    help: "deskHelpReopen",
    helpFor: "admin",
    run: async (context, staff) => {
      const code = kit.code(context.args);
      if (!code) return say(context.language, staff ? "deskUsageReopen" : "reopenUsage");
      if (!staff) return kit.reopenForReporter(context.message, context.language, code);
      if (staff.role !== "admin") return say(context.language, "deskNotAllowed", { code });
      return kit.change(staff, context.language, { trackingCode: code, action: "reopen" });
    },
  };

  const addInfo: DeskCommand = {
    names: ["tambah", "add", "more"],
    who: "anyone",
    run: async (context) => {
      const args = codeAndText(context.args, prefix);
      if (!args) return say(context.language, "addInfoUsage");
      return kit.addInfo(context.message, context.language, args.code, args.text);
    },
  };

  return [
    verify,
    withReason(["tolak", "reject"], "admin", "deskHelpReject", "deskUsageReject", "reject"),
    withReason(["tunda", "hold"], "staff", "deskHelpHold", "deskUsageHold", "hold"),
    withReason(
      ["bukanwewenang", "notours"],
      "staff",
      "deskHelpNotAuthority",
      "deskUsageNotAuthority",
      "not_authority",
    ),
    route,
    answer,
    note,
    withReason(["selesai", "done", "close"], "staff", "deskHelpDone", "deskUsageDone", "complete"),
    reopen,
    addInfo,
  ];
}
