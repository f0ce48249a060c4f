import { parseCommand, startsCommand, type CommandResult } from "../conversation/commands.js";
import { typedNumber } from "../conversation/menu.js";
import type { InboundHandler, Turn } from "../conversation/pipeline.js";
import type { IncomingMedia, InboundMessage } from "../messages.js";
import type { StaffMember } from "../staff/staff-store.js";
import { firstWord } from "./args.js";
import { pressDeskButton, promptParams } from "./buttons.js";
import type { DeskCommand } from "./command.js";
import { say } from "./errors.js";
import { roleName, staffHelp } from "./help.js";
import type { DeskKit } from "./kit.js";
import type { ReasonPrompts } from "./reason-prompts.js";
import { DESK_CHOICE } from "./views/card.js";

/** The turn as the desk handles it. */
export type DeskTurn = Turn;

const HELP = ["bantuan", "help"];
const ADD_INFO = ["tambah", "add", "more"];
/** Commands a photo or document from staff can carry in its caption: the file is the proof. */
const PROOF_ACTIONS: Readonly<Record<string, "reply" | "complete">> = {
  balas: "reply",
  reply: "reply",
  selesai: "complete",
  done: "complete",
};

/**
 * The desk's first look at every message, before the engine's own handling: staff groups hear
 * staff only; a pending question (a reason to hold or reject) takes its answer or is dropped;
 * then card buttons, staff help, replies to cards (an answer to the reporter) and to updates
 * (the reporter adding information), and files a reporter sends for a report. Desk commands
 * themselves run through the engine's command registry.
 */
export class DeskRouter implements InboundHandler {
  constructor(
    private readonly kit: DeskKit,
    private readonly prompts: ReasonPrompts,
    private readonly commands: readonly DeskCommand[],
  ) {}

  async handle(turn: DeskTurn): Promise<CommandResult | undefined> {
    const { message, language } = turn;
    const { content } = message;
    const text = content.kind === "text" ? content.text.trim() : undefined;
    const command = text ? parseCommand(text)?.name : undefined;
    const isDeskCommand =
      command !== undefined && this.commands.some((entry) => entry.names.includes(command));
    const staff = await this.recognize(
      message,
      message.group ||
        isDeskCommand ||
        (command !== undefined && HELP.includes(command)) ||
        (content.kind === "choice" && content.value.startsWith(DESK_CHOICE)),
    );
    if (message.group && !staff) return { replies: [] };

    const settled = staff ? await this.prompts.settle(message, turn.now) : undefined;
    if (staff && settled?.kind === "answer") {
      return {
        replies: await this.kit.change(staff, language, {
          trackingCode: settled.prompt.code,
          action: settled.prompt.action,
          text: settled.text,
        }),
      };
    }
    if (settled?.kind === "expired") {
      return {
        replies: say(language, "deskPromptExpired", promptParams(settled.prompt, language)),
      };
    }
    if (settled?.kind === "not-yours") {
      return {
        replies: say(language, "deskPromptNotYours", promptParams(settled.prompt, language)),
      };
    }
    if (settled?.kind === "cancelled") {
      turn.notices.push(
        ...say(language, "deskPromptCancelled", promptParams(settled.prompt, language)),
      );
    }
    return this.route(turn, staff, text, command, isDeskCommand);
  }

  private async route(
    turn: DeskTurn,
    staff: StaffMember | undefined,
    text: string | undefined,
    command: string | undefined,
    isDeskCommand: boolean,
  ): Promise<CommandResult | undefined> {
    const { message, language } = turn;
    const { content } = message;
    const commandLike = text !== undefined && startsCommand(text);
    if (staff && command !== undefined && HELP.includes(command)) {
      return { replies: staffHelp(this.commands, staff, language, this.kit.deps.catalog) };
    }
    // The greeting is a citizen's; staff are told first that they are known as staff.
    if (staff && command === "start" && !message.group) {
      const role = roleName(staff, language, this.kit.deps.catalog);
      turn.notices.push(...say(language, "deskStartStaff", { role }));
      return undefined;
    }
    if (isDeskCommand) return undefined;
    if (message.group && commandLike) {
      // A staff member's typo ("/verifkasi") is told; a group is no place for the rest, nor
      // for commands addressed to another bot there ("/ban@GroupHelpBot").
      return staff && command !== undefined && !/^\/\w+@/.test(text)
        ? { replies: say(language, "deskNotAStaffCommand", { command }) }
        : { replies: [] };
    }

    if (content.kind === "choice" && content.value.startsWith(DESK_CHOICE)) {
      if (!staff) return { replies: this.kit.refuseCard(message, language) };
      return { replies: await pressDeskButton(this.kit, this.prompts, content.value, staff, turn) };
    }
    if (content.kind === "attachment" && staff) {
      const proof = await this.proof(turn, staff, content.media, content.caption?.trim() ?? "");
      if (proof) return proof;
    }
    if (content.kind === "attachment" && !staff && !turn.session) {
      // A file for a report: captioned "/tambah <code> [text]", or sent in reply to an update.
      const caption = content.caption?.trim() ?? "";
      const captioned = parseCommand(caption);
      const tambah = captioned && ADD_INFO.includes(captioned.name) ? captioned : undefined;
      const [rawCode, rest] = tambah ? firstWord(tambah.args) : [undefined, ""];
      const quoted = rawCode ? undefined : await this.kit.quoted(message);
      // A file sent in reply to a card or notice left from when they were staff is no reporter's.
      if (quoted?.toStaff) return { replies: this.kit.refuseCard(message, language) };
      const code = rawCode
        ? this.kit.code(rawCode)
        : quoted && !quoted.batch
          ? quoted.code
          : undefined;
      const info = rawCode ? rest : caption;
      if (code) {
        const kept = await this.kit.keep(content.media, language);
        if (!kept.ok) return { replies: kept.replies };
        return { replies: await this.kit.addInfo(message, language, code, info, [kept.file]) };
      }
    }
    if (message.replyTo && text !== undefined && !commandLike) {
      const quoted = await this.kit.quoted(message);
      // Someone taken off the desk answering a card or notice left in their chat: it is no
      // action, no answer to the reporter, and no start of a report of their own either.
      if (quoted?.toStaff && !staff) return { replies: this.kit.refuseCard(message, language) };
      // A number in reply to a card picks that card's action (numbered where there are no
      // buttons), whichever card came last.
      const number = typedNumber(text);
      if (quoted?.batch) {
        // A batch names several reports: a number opens one's card, anything else is told how.
        const choice = number === undefined ? undefined : quoted.choices[number - 1];
        if (choice && staff) {
          return {
            replies: await pressDeskButton(this.kit, this.prompts, choice.value, staff, turn),
          };
        }
        return { replies: say(language, "deskBatchReply", { max: quoted.choices.length }) };
      }
      if (quoted && staff && quoted.toStaff && number !== undefined) {
        const choice = quoted.choices[number - 1];
        if (choice) {
          return {
            replies: await pressDeskButton(this.kit, this.prompts, choice.value, staff, turn),
          };
        }
        return {
          replies: say(language, quoted.choices.length > 0 ? "deskNoSuchAction" : "deskNoActions", {
            code: quoted.code,
            number,
            max: quoted.choices.length,
          }),
        };
      }
      if (quoted && staff && quoted.toStaff) {
        return {
          replies: await this.kit.change(staff, language, {
            trackingCode: quoted.code,
            action: "reply",
            text,
          }),
        };
      }
      if (quoted?.toReporter && !staff && !turn.session) {
        const replies = await this.kit.addReplyInfo(message, language, quoted.code, text);
        if (replies) return { replies };
      }
    }
    if (message.group) return { replies: [] };
    return undefined;
  }

  /**
   * A photo or document from staff that answers a report: captioned `/balas <kode> …` or
   * `/selesai <kode> …`, or sent in reply to a report's card (the caption is the answer). The
   * file is kept (an image without its metadata) and reaches the reporter with the notice.
   */
  private async proof(
    turn: DeskTurn,
    staff: StaffMember,
    media: IncomingMedia,
    caption: string,
  ): Promise<CommandResult | undefined> {
    const { message, language } = turn;
    const captioned = parseCommand(caption);
    const action = captioned ? PROOF_ACTIONS[captioned.name] : undefined;
    let code: string | undefined;
    let text: string;
    if (captioned && action) {
      const [rawCode, rest] = firstWord(captioned.args);
      code = this.kit.code(rawCode);
      text = rest;
      if (!code)
        return { replies: say(language, action === "reply" ? "deskUsageReply" : "deskUsageDone") };
    } else {
      const quoted = captioned ? undefined : await this.kit.quoted(message);
      if (quoted?.batch) {
        return { replies: say(language, "deskBatchReply", { max: quoted.choices.length }) };
      }
      if (!quoted?.toStaff) return undefined;
      code = quoted.code;
      text = caption;
    }
    const kept = await this.kit.keep(media, language);
    if (!kept.ok) return { replies: kept.replies };
    return {
      replies: await this.kit.change(staff, language, {
        trackingCode: code,
        action: action ?? "reply",
        text,
        attachments: [kept.file],
      }),
    };
  }

  /**
   * Who is writing. A citizen filing a report needs only Redis, so while the database is
   * unreachable their messages go on as a citizen's; what only staff may do fails instead.
   */
  async recognize(message: InboundMessage, staffOnly: boolean): Promise<StaffMember | undefined> {
    try {
      return await this.kit.deps.directory.recognize(message);
    } catch (error) {
      if (staffOnly) throw error;
      this.kit.deps.logger.warn(
        { err: error, channel: message.channel },
        "staff directory unreachable; the message is handled as a citizen's",
      );
      return undefined;
    }
  }
}
