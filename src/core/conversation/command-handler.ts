import type { FlowSet } from "../flows/loader.js";
import { t } from "../i18n/index.js";
import { parseCommand, type CommandRegistry, type CommandResult } from "./commands.js";
import type { FlowStarter, InboundHandler, Turn } from "./pipeline.js";

/** A typed `/command`: a registered one, a flow's (which starts it), or an unknown one. */
export class CommandHandler implements InboundHandler {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly flows: FlowSet,
    private readonly startFlow: FlowStarter,
  ) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    const command = content.kind === "text" ? parseCommand(content.text) : undefined;
    if (!command) return undefined;
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
