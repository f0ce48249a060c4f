import type { FlowSet } from "../flows/loader.js";
import { label, t } from "../i18n/index.js";
import { flowAwaitingConsent } from "../privacy/citizen-privacy.js";
import { LANGUAGES, type Language, type OutboundMessage } from "../messages.js";
import type { CommandContext, CommandResult } from "./commands.js";
import type { Drafts } from "./drafts.js";
import type { FlowStarter, InboundHandler, Turn } from "./pipeline.js";

/**
 * Values of the language menu's options: `$lang:<id|en>`, then `:<flow>` while a privacy
 * notice for that flow is showing.
 */
const LANGUAGE_CHOICE = "$lang:";

type SwitchingTurn = Pick<Turn, "message" | "session" | "now" | "steps" | "menu">;

/**
 * Switching languages (the /bahasa menu's options, and /bahasa <language>): the switch is
 * confirmed, then what the person was answering is asked again in the new language: a draft's
 * pending question, or the privacy notice they had yet to accept.
 */
export class LanguageSwitch implements InboundHandler {
  constructor(
    private readonly drafts: Drafts,
    private readonly flows: FlowSet,
    private readonly startFlow: FlowStarter,
  ) {}

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    if (content.kind !== "choice" || !content.value.startsWith(LANGUAGE_CHOICE)) return undefined;
    const [wanted, awaiting] = content.value.slice(LANGUAGE_CHOICE.length).split(":");
    return this.switchTo(wanted === "en" ? "en" : "id", turn, awaiting);
  }

  /** The /bahasa menu, each language named in itself. */
  menu(context: CommandContext): CommandResult {
    const awaiting = flowAwaitingConsent(context.menu);
    const resume = awaiting === undefined ? "" : `:${awaiting}`;
    return {
      replies: [
        {
          text: t(context.language, "chooseLanguage"),
          choices: [
            LANGUAGES.map((candidate) => ({
              value: `${LANGUAGE_CHOICE}${candidate}${resume}`,
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
    awaiting = flowAwaitingConsent(turn.menu),
  ): Promise<CommandResult> {
    const switched: OutboundMessage = { text: t(language, "languageSwitched") };
    const steps = { ...turn.steps, language };
    if (turn.session) {
      const pending = this.drafts.ask(turn.session, steps);
      return { replies: pending ? [switched, pending] : [switched], language };
    }
    const flow = awaiting === undefined ? undefined : this.flows.get(awaiting);
    if (!flow) return { replies: [switched], language };
    const notice = await this.startFlow(flow, { ...turn, language, steps });
    return { ...notice, replies: [switched, ...notice.replies], language };
  }
}
