import { z } from "zod";
import { ReportNotFoundError } from "../../reports/workflow.js";
import { firstWord, parseArgs } from "../args.js";
import type { DeskCommand } from "../command.js";
import { say } from "../errors.js";
import type { DeskKit } from "../kit.js";

/**
 * `/gabung <kode> <ke-kode>`: the desk merges a duplicate into the report it repeats. The
 * duplicate's reporter and supporters come to support the target, its files move, and it is
 * closed as a duplicate (see ReportWorkflow.merge).
 */
export function mergeCommand(kit: DeskKit): DeskCommand {
  return {
    names: ["gabung", "merge"],
    who: "admin",
    help: "deskHelpMerge",
    run: async (context, staff) => {
      const [rawFrom, rest] = firstWord(context.args);
      const [rawInto, extra] = firstWord(rest);
      const args = parseArgs(
        z.object({ from: z.string(), into: z.string(), extra: z.literal("") }),
        {
          from: kit.code(rawFrom),
          into: kit.code(rawInto),
          extra,
        },
      );
      const { language } = context;
      if (!args || !staff) return say(language, "deskUsageMerge");
      if (args.from === args.into) return say(language, "deskMergeSame", { code: args.from });
      try {
        const result = await kit.deps.workflow.merge({
          from: args.from,
          into: args.into,
          actor: kit.actor(staff),
        });
        await kit.enqueue(result.pendingOutbox);
        kit.deps.logger.info(
          { from: result.from, into: result.into, staffId: staff.id },
          "reports merged by the desk",
        );
        return say(language, "deskMerged", {
          from: result.from,
          into: result.into,
          supporters: result.supporters,
          attachments: result.attachments,
        });
      } catch (error) {
        // Either code may be the unknown one: the error names it.
        const code = error instanceof ReportNotFoundError ? error.trackingCode : args.from;
        return kit.explain(error, language, code, staff);
      }
    },
  };
}
