import type { FlowSet } from "../flows/loader.js";
import { t } from "../i18n/index.js";
import type { Language } from "../messages.js";
import type { RichText } from "../text.js";
import {
  parseCommand,
  startsCommand,
  type CommandRegistry,
  type CommandResult,
} from "./commands.js";
import type { FlowStarter, InboundHandler, Turn } from "./pipeline.js";

/**
 * A typed `/command`: a registered one, a flow's (which starts it), an unknown one, or a
 * slash followed by something no command is written as ("/ lapor", "/batal!").
 */
export class CommandHandler implements InboundHandler {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly flows: FlowSet,
    private readonly startFlow: FlowStarter,
  ) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    if (content.kind !== "text" || !startsCommand(content.text)) return undefined;
    const command = parseCommand(content.text);
    // Meant as a command, so no answer to the question showing.
    if (!command) return { replies: [{ text: this.mistyped(content.text, turn.language) }] };
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

  private mistyped(text: string, language: Language): RichText {
    const name = /^\/\s*([A-Za-z0-9_]+)/.exec(text.trim())?.[1]?.toLowerCase();
    if (name === undefined) return t(language, "commandMalformed");
    const known = this.registry.get(name) ?? this.flows.forCommand(name);
    return t(language, known ? "commandDidYouMean" : "unknownCommand", { command: name });
  }
}
