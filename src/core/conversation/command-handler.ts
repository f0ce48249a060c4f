import type { FlowSet } from "../flows/loader.js";
import { t } from "../i18n/index.js";
import { parseCommand, type CommandRegistry, type CommandResult } from "./commands.js";
import type { FlowStarter, InboundHandler, Turn } from "./pipeline.js";

/**
 * A typed `/command`: a registered one, a flow's (which starts it), an unknown one, or text
 * after a slash that is none (a space after it).
 */
export class CommandHandler implements InboundHandler {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly flows: FlowSet,
    private readonly startFlow: FlowStarter,
  ) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    if (content.kind !== "text" || !content.text.trimStart().startsWith("/")) return undefined;
    const command = parseCommand(content.text);
    // "/ lapor" or a lone "/" meant a command: it is no answer to the question showing.
    if (!command) return { replies: [{ text: t(turn.language, "commandMalformed") }] };
    const handler = this.registry.get(command.name);
    if (handler) {
      return handler.run({
        message: turn.message,
        language: turn.language,
        args: command.args,
        session: turn.session,
        now: turn.now,
        steps: turn.steps,
        menu: turn.menu,
      });
    }
    const flow = this.flows.forCommand(command.name);
    if (flow) return this.startFlow(flow, turn);
    return { replies: [{ text: t(turn.language, "unknownCommand", { command: command.name }) }] };
  }
}
