import type { Command, CommandContext, CommandResult } from "../conversation/commands.js";
import { startingCommand, type Drafts } from "../conversation/drafts.js";
import { saidExplicitYes, type StoredMenu } from "../conversation/menu.js";
import type {
  FlowStarter,
  InboundHandler,
  PendingNotices,
  Turn,
} from "../conversation/pipeline.js";
import type { Session } from "../conversation/session-store.js";
import type { FlowSet } from "../flows/loader.js";
import type { Flow } from "../flows/schema.js";
import { formatDateTime, label, t } from "../i18n/index.js";
import { channelLabels, reportStatusLabels } from "../i18n/labels.js";
import type { Logger } from "../logger.js";
import type { MediaStore, StoredFile } from "../media/media-store.js";
import { optionsPressable, type Choice, type Language, type OutboundMessage } from "../messages.js";
import type { ReporterIdentity } from "../reports/report-queries.js";
import { joinLines, template, type RichText } from "../text.js";
import type { PrivacyNotice } from "./notice.js";
import type { HeldReport, PrivacyStore } from "./privacy-store.js";

/** Button values of the privacy notice and of /hapusdata start with this. */
export const PRIVACY_CHOICE = "$pv:";
const AGREE = `${PRIVACY_CHOICE}ok:`;
const DECLINE = `${PRIVACY_CHOICE}no`;
const ERASE_FIRST = `${PRIVACY_CHOICE}e1`;
const ERASE_SECOND = `${PRIVACY_CHOICE}e2`;
const ERASE_CANCEL = `${PRIVACY_CHOICE}x`;

/** The options of the last confirmation of /hapusdata. */
function lastChoices(language: Language): Choice[][] {
  return [
    [{ value: ERASE_SECOND, label: label(language, "eraseNow") }],
    [{ value: ERASE_CANCEL, label: label(language, "eraseNo") }],
  ];
}

/** Its yes, in either language: "ya hapus" typed in English is as clear. */
const ERASE_NOW_LABELS = [label("id", "eraseNow"), label("en", "eraseNow")];

/** The flow and notice version a Setuju button carries (after AGREE). */
function parseAgree(accepted: string): { readonly flowId: string; readonly version?: string } {
  const [flowId = "", version] = accepted.split(/:(.*)/s);
  return version === undefined ? { flowId } : { flowId, version };
}

export interface CitizenPrivacyOptions {
  readonly notice: PrivacyNotice;
  readonly store: PrivacyStore;
  readonly flows: FlowSet;
  readonly drafts: Drafts;
  readonly media: MediaStore;
  readonly timeZone: string;
  readonly logger: Logger;
  /** The language of someone the service knows nothing about: the erased, from then on. */
  readonly defaultLanguage: Language;
}

const identity = (turn: Pick<Turn, "message">): ReporterIdentity => ({
  channel: turn.message.channel,
  externalId: turn.message.user.id,
});

const reply = (...replies: OutboundMessage[]): CommandResult => ({ replies });

/**
 * A citizen's rights over their personal data (UU 27/2022), part of the conversation whatever
 * the channel: the privacy notice they accept ("Setuju") before a report, /dataku (what is
 * held about them) and /hapusdata (erase their identity, confirmed twice).
 */
export class CitizenPrivacy implements InboundHandler, PendingNotices {
  constructor(private readonly options: CitizenPrivacyOptions) {}

  /**
   * Starts `flow` once the person accepted the current notice; until then the notice comes
   * instead, with Setuju (which starts the flow) and "Tidak setuju".
   */
  async start(flow: Flow, turn: Parameters<FlowStarter>[1]): Promise<CommandResult> {
    // A draft in progress was started under an accepted notice: its question comes back.
    if (turn.session) return this.options.drafts.start(flow, turn);
    return (await this.pendingNotice(flow, turn)) ?? this.options.drafts.start(flow, turn);
  }

  flowAwaiting(menu: StoredMenu | null): string | undefined {
    const agree = menu?.find(([value]) => value.startsWith(AGREE));
    return agree && parseAgree(agree[0].slice(AGREE.length)).flowId;
  }

  async again(
    flowId: string,
    turn: Parameters<FlowStarter>[1],
  ): Promise<CommandResult | undefined> {
    const flow = this.options.flows.get(flowId);
    if (!flow || turn.session || turn.message.group) return undefined;
    return this.pendingNotice(flow, turn);
  }

  /** The notice for `flow`, unless the person accepted its current version. */
  private async pendingNotice(
    flow: Flow,
    turn: Parameters<FlowStarter>[1],
  ): Promise<CommandResult | undefined> {
    const { notice, store } = this.options;
    const consent = await store.consentOf(identity(turn));
    if (consent?.version === notice.version) return undefined;
    const { language } = turn;
    const choices: Choice[][] = [
      [
        // The version read travels with the button: a notice changed meanwhile is shown again.
        { value: `${AGREE}${flow.id}:${notice.version}`, label: label(language, "privacyAgree") },
        { value: `${DECLINE}:${flow.id}`, label: label(language, "privacyDecline") },
      ],
    ];
    return reply(
      ...(consent ? [{ text: t(language, "privacyChanged", { version: notice.version }) }] : []),
      { text: template(notice.text[language]), choices },
    );
  }

  commands(): Command[] {
    const dataku: Command = {
      names: ["dataku", "mydata"],
      run: (context) => this.showData(context),
    };
    const hapusdata: Command = {
      names: ["hapusdata", "erasemydata"],
      run: async (context) => {
        const { language } = context;
        if (context.message.group) return reply({ text: t(language, "privacyPrivateChat") });
        return reply({
          text: t(language, "eraseExplain"),
          choices: [
            [{ value: ERASE_FIRST, label: label(language, "eraseYes") }],
            [{ value: ERASE_CANCEL, label: label(language, "eraseNo") }],
          ],
        });
      },
    };
    return [dataku, hapusdata];
  }

  async handle(turn: Turn): Promise<CommandResult | undefined> {
    const { content } = turn.message;
    const { language } = turn;
    const lastConfirmation = turn.menu?.some(([value]) => value === ERASE_SECOND) === true;
    // The last confirmation cannot be undone: words that answer none of it are asked again
    // here, with what to type, rather than as any menu's.
    if (content.kind === "text" && turn.unansweredMenu && lastConfirmation)
      return this.eraseUnclear(language);
    if (content.kind !== "choice" || !content.value.startsWith(PRIVACY_CHOICE)) return undefined;
    const value = content.value;
    if (value.startsWith(AGREE)) return this.agree(value.slice(AGREE.length), turn);
    if (value === DECLINE || value.startsWith(`${DECLINE}:`)) {
      const flow = this.options.flows.get(value.slice(DECLINE.length + 1));
      return reply({ text: t(language, "privacyDeclined", { command: startingCommand(flow) }) });
    }
    if (value === ERASE_FIRST)
      return reply({ text: t(language, "eraseConfirm"), choices: lastChoices(language) });
    if (value === ERASE_SECOND && !turn.message.group) {
      // Pressed, or typed as its number or an outright yes: "ok", "y" or "boleh" is no consent
      // to what cannot be undone. Its number only where the options went as a numbered list:
      // buttons show none, so a "1" typed beside them was meant for something else.
      const typed = turn.typedChoice;
      const numbered = !optionsPressable(
        turn.message.capabilities,
        lastChoices(language).flat().length,
        false,
      );
      if (typed !== undefined && !saidExplicitYes(typed, ERASE_NOW_LABELS, numbered))
        return this.eraseUnclear(language);
      return this.erase(turn);
    }
    return reply({ text: t(language, "eraseCancelled") });
  }

  /** The last confirmation again, saying what to type to erase or to cancel. */
  private eraseUnclear(language: Language): CommandResult {
    return reply({
      text: t(language, "eraseUnclear", { yes: label(language, "eraseNow") }),
      choices: lastChoices(language),
    });
  }

  private async agree(accepted: string, turn: Turn): Promise<CommandResult> {
    const { drafts, flows, notice, store } = this.options;
    const { flowId, version } = parseAgree(accepted);
    const flow = flows.get(flowId);
    const { language, message } = turn;
    if (!flow || message.group) return reply({ text: t(language, "idle") });
    if (version !== notice.version) return this.start(flow, turn);
    await store.recordConsent(identity(turn), message.chatId, {
      version: notice.version,
      at: turn.now,
    });
    const started = drafts.start(flow, turn);
    const thanks = { text: t(language, "privacyAccepted", { version: notice.version }) };
    return { ...started, replies: [thanks, ...started.replies] };
  }

  private async erase(turn: Turn): Promise<CommandResult> {
    const { language } = turn;
    const erased = await this.options.store.erase(identity(turn), turn.now);
    const uploads = draftFiles(turn.session).map((file) => file.storagePath);
    const unused = await this.options.store.unusedFiles(uploads);
    await this.options.media.remove(unused);
    this.options.logger.info(
      { channel: turn.message.channel, reports: erased?.reports ?? 0, draftFiles: unused.length },
      "a reporter's identity was erased at their request",
    );
    const text = !erased
      ? t(language, "eraseNothing")
      : erased.reports === 0
        ? t(language, "eraseDoneNoReports")
        : t(language, "eraseDone", { reports: erased.reports });
    const { defaultLanguage } = this.options;
    const languageGone =
      language === defaultLanguage
        ? []
        : [
            t(language, "eraseLanguage", {
              language: label(defaultLanguage, "languageName"),
              code: language,
            }),
          ];
    return {
      replies: [{ text: joinLines([text, ...languageGone], "\n\n") }],
      session: null,
      forget: true,
    };
  }

  private async showData(context: CommandContext): Promise<CommandResult> {
    const { language, message } = context;
    if (message.group) return reply({ text: t(language, "privacyPrivateChat") });
    const channel = channelLabels[language][message.channel];
    const held = await this.options.store.heldAbout(identity(context));
    if (!held) return reply({ text: t(language, "dataNone", { channel }) });
    const { account, consent, reports, supported, files } = held;
    const listed = (list: readonly HeldReport[]) =>
      list.map((report) => `${report.trackingCode} (${statusName(language, report)})`).join(", ");
    const when = (date: Date) => formatDateTime(language, date, this.options.timeZone);
    const lines: RichText[] = [
      t(language, "dataHeader", { channel }),
      t(language, "dataAccount", {
        name: account.displayName ?? "—",
        username: account.username ? `@${account.username}` : "—",
        phone: account.phone ?? "—",
      }),
      t(language, "dataSince", { date: when(account.since) }),
      t(language, "dataLanguage", { language: label(account.language, "languageName") }),
      consent
        ? t(language, "dataConsent", { version: consent.version, date: when(consent.at) })
        : t(language, "dataNoConsent"),
      reports.length > 0
        ? t(language, "dataReports", { count: reports.length, codes: listed(reports) })
        : t(language, "dataNoReports"),
      ...(supported.length > 0
        ? [t(language, "dataSupported", { count: supported.length, codes: listed(supported) })]
        : []),
      t(language, "dataFiles", { count: files }),
      t(language, "dataFooter"),
    ];
    return reply({ text: joinLines(lines) });
  }
}

function statusName(language: Language, report: { status: keyof typeof reportStatusLabels.id }) {
  return reportStatusLabels[language][report.status];
}

/** The files uploaded into a draft, which no report holds yet. */
function draftFiles(session: Session | null): StoredFile[] {
  if (!session) return [];
  return Object.values(session.answers).flatMap((answer) =>
    Array.isArray(answer) ? (answer as StoredFile[]) : [],
  );
}
