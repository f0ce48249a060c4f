import { t } from "../i18n/index.js";
import type { Language, OutboundMessage } from "../messages.js";
import type { CommandResult } from "./commands.js";
import type { Drafts } from "./drafts.js";
import type { InboundHandler, Turn } from "./pipeline.js";

/** Values of the language menu's options: `$lang:<id|en>`. */
export const LANGUAGE_CHOICE = "$lang:";

/**
 * Switching languages (the /bahasa menu's options, and /bahasa <language>): the switch is
 * confirmed, then a draft's pending question is asked again in the new language.
 */
export class LanguageSwitch implements InboundHandler {
  constructor(private readonly drafts: Drafts) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    if (content.kind !== "choice" || !content.value.startsWith(LANGUAGE_CHOICE)) return undefined;
    return this.switchTo(content.value.slice(LANGUAGE_CHOICE.length) === "en" ? "en" : "id", turn);
  }

  switchTo(language: Language, turn: Pick<Turn, "session" | "steps">): CommandResult {
    const replies: OutboundMessage[] = [{ text: t(language, "languageSwitched") }];
    const pending = turn.session
      ? this.drafts.ask(turn.session, { ...turn.steps, language })
      : undefined;
    if (pending) replies.push(pending);
    return { replies, language };
  }
}
