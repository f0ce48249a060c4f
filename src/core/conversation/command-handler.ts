import type { FlowSet } from "../flows/loader.js";
import { t } from "../i18n/index.js";
import type { Language } from "../messages.js";
import { normalizeTrackingCode } from "../reports/tracking-code.js";
import type { RichText } from "../text.js";
import {
  parseCommand,
  startsCommand,
  type CommandRegistry,
  type CommandResult,
} from "./commands.js";
import type { Drafts } from "./drafts.js";
import type { FlowStarter, InboundHandler, Turn } from "./pipeline.js";

/** What a citizen's command typed without its slash is recognised by. */
interface CitizenCommands {
  /** Asks a draft's pending question again under the hint. */
  readonly drafts: Pick<Drafts, "ask">;
  /** Names of the commands citizens use (staff commands are words of their chats too). */
  readonly names: ReadonlySet<string>;
  readonly trackingCodePrefix: string;
}

/**
 * A typed `/command`: a registered one, a flow's (which starts it), an unknown one, or a
 * slash followed by something no command is written as ("/ lapor", "/batal!"); and a
 * citizen's command typed without its slash ("batal", "status ADU-7K3F9Q"), which is pointed
 * to, never taken as an answer.
 */
export class CommandHandler implements InboundHandler {
  constructor(
    private readonly registry: CommandRegistry,
    private readonly flows: FlowSet,
    private readonly startFlow: FlowStarter,
    private readonly citizens: CitizenCommands,
  ) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    if (content.kind !== "text") return undefined;
    if (!startsCommand(content.text)) return this.withoutSlash(content.text, turn);
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

  /**
   * The whole message a citizen's command name, or one followed by a tracking code (and for
   * /tambah, its text): no question takes a single such word as its answer.
   */
  private withoutSlash(text: string, turn: Turn): CommandResult | undefined {
    if (turn.message.group) return undefined;
    const [word = "", code, ...rest] = text
      .trim()
      .replace(/[.!?]+$/, "")
      .split(/\s+/);
    const name = word.toLowerCase();
    if (!this.citizens.names.has(name) && !this.flows.forCommand(name)) return undefined;
    // Only a code written with its prefix: "tambah tempat sampah" is a report's title.
    const trackingCode =
      code === undefined
        ? undefined
        : normalizeTrackingCode(code, this.citizens.trackingCodePrefix, { prefixed: true });
    if (code !== undefined && trackingCode === undefined) return undefined;
    const line = [`/${name}`, ...(trackingCode === undefined ? [] : [trackingCode, ...rest])];
    const hint = t(turn.language, "commandWithoutSlash", { line: line.join(" ") });
    const pending = turn.session
      ? this.citizens.drafts.ask(turn.session, turn.steps, hint)
      : undefined;
    return { replies: [pending ?? { text: hint }] };
  }

  private mistyped(text: string, language: Language): RichText {
    const name = /^\/\s*([A-Za-z0-9_]+)/.exec(text.trim())?.[1]?.toLowerCase();
    if (name === undefined) return t(language, "commandMalformed");
    const known = this.registry.get(name) ?? this.flows.forCommand(name);
    return t(language, known ? "commandDidYouMean" : "unknownCommand", { command: name });
  }
}
