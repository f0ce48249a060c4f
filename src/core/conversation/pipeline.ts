import type { Flow } from "../flows/schema.js";
import type { InboundMessage, Language, OutboundMessage } from "../messages.js";
import type { CommandResult } from "./commands.js";
import type { StoredMenu } from "./menu.js";
import type { Session } from "./session-store.js";
import type { StepContext } from "./steps/index.js";

/** One message on its way through the engine's handlers. */
export interface Turn {
  readonly message: InboundMessage;
  readonly language: Language;
  /** The draft in progress, if any. */
  readonly session: Session | null;
  readonly now: Date;
  /** What flow steps need: the language, today, the catalog, the channel's capabilities. */
  readonly steps: StepContext;
  /**
   * Shown before whatever handles the message: a handler that lets the message pass may still
   * have something to say (a question it dropped, a draft that expired).
   */
  readonly notices: OutboundMessage[];
  /** The menu outside the draft showing in a private chat, as stored; null in a group. */
  readonly menu: StoredMenu | null;
  /**
   * The options of a menu outside the draft (a privacy notice, a confirmation, the /bahasa
   * list) when the typed message is none of them: how many there are.
   */
  readonly unansweredMenu?: number;
  /**
   * The text that was read as the option in `message.content` (its number, its label, a yes or
   * a no): undefined when the option was pressed as a button. A press of Telegram's reply
   * keyboard arrives as its label, typed, and is here too.
   */
  readonly typedChoice?: string;
}

/**
 * One stage of the engine, in the spirit of grammY's middleware: it handles the message and
 * returns the result, or returns undefined to let the next handler have it.
 */
export interface InboundHandler {
  handle(turn: Turn): Promise<CommandResult | undefined>;
}

/** The privacy notice a person had yet to accept, asked for again after a language switch. */
export interface PendingNotices {
  /** The flow the notice showing in `menu` is for; undefined when none shows. */
  flowAwaiting(menu: StoredMenu | null): string | undefined;
  /** The notice for the flow again, in the turn's language; undefined once accepted. */
  again(flowId: string, turn: Parameters<FlowStarter>[1]): Promise<CommandResult | undefined>;
}

/** Starts a flow: after the privacy notice when the person has yet to accept it. */
export type FlowStarter = (
  flow: Flow,
  turn: Pick<Turn, "message" | "language" | "session" | "now" | "steps">,
) => Promise<CommandResult>;
