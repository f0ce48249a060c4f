import { label, t } from "../i18n/index.js";
import { joinLines, truncate } from "../text.js";
import { LANGUAGES, type Language, type OutboundMessage } from "../messages.js";
import type { CommandContext, CommandResult } from "./commands.js";
import type { Drafts } from "./drafts.js";
import type { StoredMenu } from "./menu.js";
import type { InboundHandler, PendingNotices, Turn } from "./pipeline.js";

/**
 * Values of the language menu's options: `$lang:<id|en>`, then `:<flow>` when it replaced a
 * privacy notice for that flow.
 */
const LANGUAGE_CHOICE = "$lang:";

type SwitchingTurn = Pick<Turn, "message" | "session" | "now" | "steps" | "menu">;

const LANGUAGE_NAMES: Record<Language, readonly string[]> = {
  id: ["indonesia", "bahasa indonesia", "indonesian"],
  en: ["english", "inggris", "bahasa inggris"],
};

/** The language a typed name means: "en", "english", "inggris", or a name's start ("indo"). */
export function languageNamed(text: string): Language | undefined {
  const wanted = text
    .toLowerCase()
    .replace(/[^\p{L}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
  return LANGUAGES.find(
    (candidate) =>
      candidate === wanted ||
      LANGUAGE_NAMES[candidate].some(
        (name) => name === wanted || (wanted.length >= 3 && name.startsWith(wanted)),
      ),
  );
}

/**
 * Switching languages (the /bahasa menu's options, and /bahasa <language>): the switch is
 * confirmed, then what the person was answering is asked again in the new language: a draft's
 * pending question, or the privacy notice they had yet to accept.
 */
export class LanguageSwitch implements InboundHandler {
  constructor(
    private readonly drafts: Drafts,
    private readonly notices?: PendingNotices,
  ) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    // A language typed by name at its menu ("inggris"), which takes only its labels.
    if (content.kind === "text" && turn.unansweredMenu) {
      const offered = turn.menu?.find(([value]) => value.startsWith(LANGUAGE_CHOICE));
      const named = offered && languageNamed(content.text);
      return named ? this.switchTo(named, turn, offered[0].split(":")[2]) : undefined;
    }
    if (content.kind !== "choice" || !content.value.startsWith(LANGUAGE_CHOICE)) return undefined;
    const [wanted, awaited] = content.value.slice(LANGUAGE_CHOICE.length).split(":");
    // Only from the menu still showing: an older one's button brings back no notice.
    const showing = turn.menu?.some(([value]) => value === content.value) === true;
    return this.switchTo(wanted === "en" ? "en" : "id", turn, showing ? awaited : undefined);
  }

  /** The /bahasa menu, each language named in itself, after saying one asked for is not. */
  menu(context: CommandContext): CommandResult {
    const awaited = this.awaitedFlow(context.menu);
    const carried = awaited === undefined ? "" : `:${awaited}`;
    const unavailable = context.args
      ? [t(context.language, "languageUnavailable", { name: truncate(context.args, 30) })]
      : [];
    return {
      replies: [
        {
          text: joinLines([...unavailable, t(context.language, "chooseLanguage")], " "),
          choices: [
            LANGUAGES.map((candidate) => ({
              value: `${LANGUAGE_CHOICE}${candidate}${carried}`,
              label: label(candidate, "languageName"),
            })),
          ],
        },
      ],
    };
  }

  async switchTo(
    language: Language,
    turn: SwitchingTurn,
    awaited = this.awaitedFlow(turn.menu),
  ): Promise<CommandResult> {
    const switched: OutboundMessage = { text: t(language, "languageSwitched") };
    const steps = { ...turn.steps, language };
    if (turn.session) {
      const pending = this.drafts.ask(turn.session, steps);
      return { replies: pending ? [switched, pending] : [switched], language };
    }
    const notice =
      awaited === undefined
        ? undefined
        : await this.notices?.again(awaited, { ...turn, language, steps });
    return { replies: [switched, ...(notice?.replies ?? [])], language };
  }

  /** The flow of the privacy notice showing, or of the one a language menu replaced. */
  private awaitedFlow(menu: StoredMenu | null): string | undefined {
    const carried = menu?.find(([value]) => value.startsWith(LANGUAGE_CHOICE))?.[0].split(":")[2];
    return carried ?? this.notices?.flowAwaiting(menu);
  }
}
