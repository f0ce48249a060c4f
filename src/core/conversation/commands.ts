import type { FlowSet } from "../flows/loader.js";
import type { InboundMessage, Language, OutboundMessage } from "../messages.js";
import type { StoredMenu } from "./menu.js";
import type { Session } from "./session-store.js";
import type { StepContext } from "./steps/index.js";

export interface CommandContext {
  readonly message: InboundMessage;
  readonly language: Language;
  /** Everything after the command name, trimmed. */
  readonly args: string;
  readonly session: Session | null;
  readonly now: Date;
  /** What a flow started by the command needs (the channel's capabilities, today…). */
  readonly steps: StepContext;
  /** The menu outside the draft showing in a private chat (a privacy notice…), or null. */
  readonly menu: StoredMenu | null;
}

export interface CommandResult {
  readonly replies: OutboundMessage[];
  /** undefined leaves the session as it is; null ends it. */
  readonly session?: Session | null;
  readonly language?: Language;
  /** How the session ended, when this result ends it: counted per flow and step. */
  readonly ended?: "submitted" | "cancelled" | "supported";
  /** The person's identity was erased (/hapusdata): what Redis keeps about them goes too. */
  readonly forget?: boolean;
}

export interface Command {
  /** The Indonesian name first, then aliases (English and short forms). */
  readonly names: readonly string[];
  run(context: CommandContext): Promise<CommandResult>;
}

export interface ParsedCommand {
  readonly name: string;
  readonly args: string;
}

/** Text meant as a command, well written or not: it is never an answer to a question. */
export function startsCommand(text: string): boolean {
  return text.trimStart().startsWith("/");
}

/** Reads `/name@bot args` from a text message; undefined when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?:\s+([\s\S]*))?$/.exec(
    text.trim(),
  );
  if (!match) return undefined;
  return { name: (match[1] ?? "").toLowerCase(), args: (match[2] ?? "").trim() };
}

export class CommandRegistry {
  private readonly byName = new Map<string, Command>();

  register(...commands: Command[]): this {
    for (const command of commands) {
      for (const name of command.names) {
        if (this.byName.has(name)) throw new Error(`command /${name} is registered twice`);
        this.byName.set(name, command);
      }
    }
    return this;
  }

  get(name: string): Command | undefined {
    return this.byName.get(name);
  }

  get names(): readonly string[] {
    return [...this.byName.keys()];
  }
}

/**
 * What is wrong with the flow files' commands next to the built-in ones: a flow may not take a
 * built-in command's name, and one flow must start a new report with /lapor.
 */
export function flowCommandProblems(flows: FlowSet, registry: CommandRegistry): string[] {
  return [
    ...flows.commands
      .filter((command) => registry.get(command))
      .map((command) => `flows: /${command} is a built-in command; pick another name`),
    ...(flows.forCommand("lapor")
      ? []
      : ["flows: no flow declares the command 'lapor', which starts a new report"]),
  ];
}
