import type { Redis } from "ioredis";
import { z } from "zod";
import type { Catalog } from "../../config/catalog.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { ReportStatus, StaffRole } from "../words.js";
import type { Logger } from "../../infra/logger.js";
import { formatBytes, formatDateTime, label, t, type MessageKey } from "../i18n/index.js";
import { eventLabels, reportStatusLabels } from "../i18n/labels.js";
import type { MediaStore, StoredFile } from "../media/media-store.js";
import type {
  ChannelName,
  IncomingMedia,
  InboundMessage,
  Language,
  OutboundMessage,
} from "../messages.js";
import type { PendingOutbox } from "../reports/intake-service.js";
import { IllegalTransitionError, type ReportAction } from "../reports/lifecycle.js";
import {
  agencyButtons,
  CARD_INCLUDE,
  DESK_CHOICE,
  DESK_OPS,
  reportFacts,
  type DeskOp,
} from "../reports/staff-cards.js";
import { normalizeTrackingCode } from "../reports/tracking-code.js";
import {
  InvalidActionError,
  NotPermittedError,
  ReportNotFoundError,
  type Actor,
  type ReportWorkflow,
} from "../reports/workflow.js";
import type { StaffDirectory, StaffMember } from "../staff/staff-directory.js";
import { joinLines, plain, truncate, type RichText } from "../text.js";
import type { Command, CommandContext, CommandResult } from "./commands.js";
import { ReasonPrompts, type PendingPrompt } from "./reason-prompts.js";
import type { Session, UsernameHolder } from "./session-store.js";
import type { StatisticsCommand } from "./statistics-command.js";

/** One line of a platform's command menu: the command without its slash, and what it does. */
export interface MenuCommand {
  readonly command: string;
  readonly description: string;
}

/** Where outbox rows go after a change commits: the outbound queues. */
export interface OutboxSink {
  enqueue(items: readonly PendingOutbox[]): Promise<void>;
}

export interface StaffDeskOptions {
  readonly prisma: PrismaClient;
  readonly workflow: ReportWorkflow;
  readonly directory: StaffDirectory;
  readonly catalog: Catalog;
  readonly outbox: OutboxSink;
  readonly redis: Redis;
  readonly prefix: string;
  readonly logger: Logger;
  readonly timeZone: string;
  readonly trackingCodePrefix: string;
  /** Working days after a close in which the reporter may reopen (AUTO_CLOSE_WORKING_DAYS). */
  readonly reopenWindowDays: number;
  /** Keeps files reporters add to their reports. */
  readonly media: MediaStore;
  /** Who wrote to the bot under a @username most recently (the session store remembers). */
  readonly usernames: {
    usernameHolder(channel: ChannelName, username: string): Promise<UsernameHolder | undefined>;
  };
  /** Answers /statistik. */
  readonly statistics: StatisticsCommand;
}

/** What the engine hands the desk before its own handling of a message. */
export interface DeskContext {
  readonly message: InboundMessage;
  readonly language: Language;
  readonly session: Session | null;
  readonly now: Date;
}

/** Messages to show before the engine handles the message as usual. */
export interface DeskNotices {
  readonly notices: readonly OutboundMessage[];
}

type Who = "admin" | "staff" | "anyone";

interface DeskCommand {
  readonly names: readonly string[];
  /** admin: desk only; staff: admins and officers; anyone: citizens too (own reports). */
  readonly who: Who;
  /** The line in the staff's /bantuan; citizen commands are listed by the citizen help. */
  readonly help?: MessageKey;
  /** Staff who see it in /bantuan when that differs from `who`. */
  readonly helpFor?: "admin";
  run(context: CommandContext, staff: StaffMember | undefined): Promise<OutboundMessage[]>;
}

const INBOX_PAGE = 8;
const PROMPT_ANSWER_MINUTES = 15;
const DESK_QUEUE: ReportStatus[] = [
  "submitted",
  "verified",
  "on_hold",
  "not_authority",
  "reopened",
];
const AGENCY_QUEUE: ReportStatus[] = ["routed", "followed_up", "reopened", "on_hold"];

const templateName = z
  .string()
  .regex(/^#?[a-z0-9-]{1,32}$/i, { error: "template names are 1-32 of a-z, 0-9 and -" })
  .transform((name) => name.replace(/^#/, "").toLowerCase());

const reply = (...messages: OutboundMessage[]) => messages;
const say = (language: Language, key: MessageKey, params?: Record<string, string | number>) =>
  reply({ text: t(language, key, params) });

/**
 * The staff desk in the chat: staff commands (channel-agnostic, so they work from any channel),
 * the buttons of desk cards, replies to cards and updates, and the reporter's /tambah and
 * /buka. Every change goes through the ReportWorkflow.
 */
export class StaffDesk {
  readonly commands: readonly Command[];
  private readonly deskCommands: readonly DeskCommand[];

  private readonly prompts: ReasonPrompts;

  constructor(private readonly options: StaffDeskOptions) {
    this.prompts = new ReasonPrompts(options.redis, {
      prefix: options.prefix,
      answerWithinMs: PROMPT_ANSWER_MINUTES * 60_000,
    });
    this.deskCommands = this.buildCommands();
    this.commands = this.deskCommands.map((command) => ({
      names: command.names,
      run: (context) => this.runCommand(command, context),
    }));
  }

  /**
   * Handles what only the desk understands: group chats (staff only), card buttons, reason
   * prompts, replies to cards and to updates, and help for staff. Undefined lets the engine
   * handle the message as usual.
   */
  async intercept(context: DeskContext): Promise<CommandResult | DeskNotices | undefined> {
    const { message, language } = context;
    const { content } = message;
    const text = content.kind === "text" ? content.text.trim() : undefined;
    const command = text?.startsWith("/")
      ? /^\/([A-Za-z0-9_]+)/.exec(text)?.[1]?.toLowerCase()
      : undefined;
    const isDeskCommand =
      command !== undefined && this.deskCommands.some((entry) => entry.names.includes(command));
    const staff = await this.recognize(
      message,
      message.group ||
        isDeskCommand ||
        command === "bantuan" ||
        command === "help" ||
        (content.kind === "choice" && content.value.startsWith(DESK_CHOICE)),
    );

    if (message.group && !staff) return { replies: [] };
    const settled = staff ? await this.prompts.settle(message, context.now) : undefined;
    if (staff && settled?.kind === "answer") {
      return {
        replies: await this.change(staff, language, {
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
    const result = await this.route(context, staff, command, isDeskCommand);
    if (settled?.kind !== "cancelled") return result;
    const notice = say(language, "deskPromptCancelled", promptParams(settled.prompt, language));
    return result ? { ...result, replies: [...notice, ...result.replies] } : { notices: notice };
  }

  /** Whether the desk listens to this sender in this staff group: staff only. */
  async hears(message: InboundMessage): Promise<boolean> {
    return (await this.recognize(message, true)) !== undefined;
  }

  /** The channel sent a question that awaits an answer (a reason prompt) with this id. */
  async shown(message: InboundMessage, platformMessageId: string): Promise<void> {
    await this.prompts.shown(message, platformMessageId);
  }

  private async route(
    context: DeskContext,
    staff: StaffMember | undefined,
    command: string | undefined,
    isDeskCommand: boolean,
  ): Promise<CommandResult | undefined> {
    const { message, language } = context;
    const { content } = message;
    const text = content.kind === "text" ? content.text.trim() : undefined;
    if (staff && (command === "bantuan" || command === "help")) {
      return { replies: this.help(staff, language) };
    }
    if (isDeskCommand) return undefined;
    if (message.group && command !== undefined) return { replies: [] };

    if (content.kind === "choice" && content.value.startsWith(DESK_CHOICE)) {
      if (!staff) return { replies: this.refuse(message, language, "button") };
      return { replies: await this.press(content.value, staff, context) };
    }
    if (content.kind === "attachment" && !staff && !context.session) {
      // A file for a report: captioned "/tambah <code> [text]", or sent in reply to an update.
      const caption = content.caption?.trim() ?? "";
      const tambah = /^\/(?:tambah|add|more)(?:@\S+)?\s+(\S+)\s*([\s\S]*)$/i.exec(caption);
      const code = tambah ? this.code(tambah[1]) : (await this.quoted(message))?.code;
      if (code) {
        const files = await this.keep(content.media, language);
        if (!files.ok) return { replies: files.replies };
        const info = tambah ? (tambah[2] ?? "") : caption;
        return { replies: await this.addInfo(message, language, code, info, [files.file]) };
      }
    }
    if (message.replyTo && text !== undefined && command === undefined) {
      const quoted = await this.quoted(message);
      if (quoted && staff && quoted.toStaff) {
        return {
          replies: await this.change(staff, language, {
            trackingCode: quoted.code,
            action: "reply",
            text,
          }),
        };
      }
      if (quoted && !quoted.toStaff && !staff && !context.session) {
        return { replies: await this.addInfo(message, language, quoted.code, text) };
      }
    }
    if (message.group) return { replies: [] };
    return undefined;
  }

  /**
   * Who is writing. A citizen filing a report needs only Redis, so while the database is
   * unreachable their messages go on as a citizen's; what only staff may do fails instead.
   */
  private async recognize(
    message: InboundMessage,
    staffOnly: boolean,
  ): Promise<StaffMember | undefined> {
    try {
      return await this.options.directory.recognize(message);
    } catch (error) {
      if (staffOnly) throw error;
      this.options.logger.warn(
        { err: error, channel: message.channel },
        "staff directory unreachable; the message is handled as a citizen's",
      );
      return undefined;
    }
  }

  private async runCommand(command: DeskCommand, context: CommandContext): Promise<CommandResult> {
    const staff = await this.options.directory.recognize(context.message);
    const allowed =
      command.who === "anyone" ||
      (staff !== undefined && (command.who === "staff" || staff.role === "admin"));
    if (!allowed) {
      return { replies: this.refuse(context.message, context.language, command.names[0] ?? "") };
    }
    return { replies: await command.run(context, staff) };
  }

  private refuse(message: InboundMessage, language: Language, what: string): OutboundMessage[] {
    this.options.logger.warn(
      { channel: message.channel, userId: message.user.id, command: what },
      "staff command refused: the sender is not staff or lacks the role",
    );
    return say(language, "deskRefused");
  }

  /** The desk commands a role may use, as a platform's command menu shows them. */
  menu(role: StaffRole, language: Language): MenuCommand[] {
    return [
      ...this.helpKeys(role).map((key) => {
        const [, command = "", description = ""] =
          /^\/(\S+)\s*(.*)$/.exec(label(language, key)) ?? [];
        return { command, description };
      }),
      { command: "bantuan", description: label(language, "deskMenuHelp") },
    ];
  }

  /** The /bantuan line of every desk command the role may use, in the desk's order. */
  private helpKeys(role: StaffRole): MessageKey[] {
    return this.deskCommands
      .filter((command) => {
        const audience = command.helpFor ?? command.who;
        return audience === "staff" || (audience === "admin" && role === "admin");
      })
      .flatMap((command) => (command.help ? [command.help] : []));
  }

  private help(staff: StaffMember, language: Language): OutboundMessage[] {
    const lines = this.helpKeys(staff.role).map((key) => t(language, key));
    const role =
      staff.role === "admin"
        ? label(language, "deskRoleAdmin")
        : label(language, "deskRoleOfficer", {
            agency: staff.agencyId
              ? this.options.catalog.agencyName(staff.agencyId, language)
              : "—",
          });
    return [
      {
        text: joinLines([
          t(language, "deskHelpHeader", { role }),
          ...lines,
          t(language, "deskHelpFooter"),
        ]),
      },
    ];
  }

  private code(raw: string | undefined): string | undefined {
    return raw ? normalizeTrackingCode(raw, this.options.trackingCodePrefix) : undefined;
  }

  private async enqueue(rows: readonly PendingOutbox[]): Promise<void> {
    try {
      await this.options.outbox.enqueue(rows);
    } catch (error) {
      // The rows are committed; the worker re-queues pending rows when it starts.
      this.options.logger.error({ err: error }, "could not queue outbox rows; they stay pending");
    }
  }

  private actor(staff: StaffMember): Actor {
    return { type: "staff", staff: { id: staff.id, role: staff.role, agencyId: staff.agencyId } };
  }

  /** Applies one change for a staff member and says what happened, or why not. */
  private async change(
    staff: StaffMember,
    language: Language,
    input: { trackingCode: string; action: ReportAction; text?: string; agencyId?: string },
  ): Promise<OutboundMessage[]> {
    try {
      const result = await this.options.workflow.apply({ ...input, actor: this.actor(staff) });
      await this.enqueue(result.pendingOutbox);
      this.options.logger.info(
        { trackingCode: input.trackingCode, action: input.action, staffId: staff.id },
        "report changed by staff",
      );
      return say(language, "deskChanged", {
        code: input.trackingCode,
        status: reportStatusLabels[language][result.change.to],
      });
    } catch (error) {
      return this.explain(error, language, input.trackingCode, staff);
    }
  }

  private explain(
    error: unknown,
    language: Language,
    code: string,
    staff: StaffMember | undefined,
  ): OutboundMessage[] {
    if (error instanceof ReportNotFoundError) return say(language, "deskNotFound", { code });
    if (error instanceof NotPermittedError) {
      this.options.logger.warn(
        { trackingCode: code, staffId: staff?.id, reason: error.reason },
        "report action refused",
      );
      return say(language, error.reason === "agency" ? "deskNotYourAgency" : "deskNotAllowed", {
        code,
      });
    }
    if (error instanceof IllegalTransitionError) {
      return say(language, "deskIllegal", {
        code,
        status: reportStatusLabels[language][error.status],
      });
    }
    if (error instanceof InvalidActionError && error.reason === "unknown_agency") {
      return say(language, "deskUnknownAgency", {
        agencies: this.options.catalog.agencies.map((agency) => agency.id).join(", "),
      });
    }
    if (error instanceof InvalidActionError) return say(language, "deskTextRequired", { code });
    throw error;
  }

  private async press(
    value: string,
    staff: StaffMember,
    context: DeskContext,
  ): Promise<OutboundMessage[]> {
    const { language, message } = context;
    const [op, rawCode, agencyId] = value.slice(DESK_CHOICE.length).split(":");
    const code = this.code(rawCode);
    if (!code || !(DESK_OPS as readonly string[]).includes(op ?? "")) {
      return say(language, "staleButton");
    }
    switch (op as DeskOp) {
      case "vf":
        return this.change(staff, language, { trackingCode: code, action: "verify" });
      case "vr":
        return this.verifyAndRoute(staff, language, code, undefined);
      case "rt":
        return agencyId
          ? this.change(staff, language, { trackingCode: code, action: "route", agencyId })
          : say(language, "staleButton");
      case "ag":
        if (staff.role !== "admin") return say(language, "deskNotAllowed", { code });
        return reply({
          text: t(language, "deskChooseAgency", { code }),
          choices: agencyButtons(code, this.options.catalog, language),
        });
      case "op":
        try {
          await this.enqueue(
            await this.options.workflow.showCard({
              trackingCode: code,
              actor: this.actor(staff),
              chat: { channel: message.channel, chatId: message.chatId },
            }),
          );
          return [];
        } catch (error) {
          return this.explain(error, language, code, staff);
        }
      case "hd":
      case "rj": {
        const action = op === "hd" ? "hold" : "reject";
        if (staff.role !== "admin" && action === "reject")
          return say(language, "deskNotAllowed", { code });
        await this.prompts.ask(
          { channel: message.channel, userId: message.user.id, chatId: message.chatId },
          action,
          code,
          context.now,
        );
        const question = action === "hold" ? "deskAskHoldReason" : "deskAskRejectReason";
        return reply({
          text: t(language, question, { code, minutes: PROMPT_ANSWER_MINUTES }),
          awaitsReply: true,
        });
      }
    }
  }

  /** Verifies (when still needed) and routes to the agency of the report's category. */
  private async verifyAndRoute(
    staff: StaffMember,
    language: Language,
    code: string,
    agencyId: string | undefined,
  ): Promise<OutboundMessage[]> {
    const report = await this.options.prisma.report.findUnique({
      where: { trackingCode: code },
      select: { status: true, categoryId: true },
    });
    if (!report) return say(language, "deskNotFound", { code });
    const target =
      agencyId ??
      (report.categoryId ? this.options.catalog.category(report.categoryId)?.agency : undefined);
    const replies: OutboundMessage[] = [];
    if (report.status === "submitted" || report.status === "on_hold") {
      replies.push(
        ...(await this.change(staff, language, { trackingCode: code, action: "verify" })),
      );
    }
    if (target) {
      const routed = await this.change(staff, language, {
        trackingCode: code,
        action: "route",
        agencyId: target,
      });
      return replies.length > 0 && routed.length > 0 ? routed : [...replies, ...routed];
    }
    return replies;
  }

  /** The report a reply quotes: a card or notice (to staff), or an update (to the reporter). */
  private async quoted(
    message: InboundMessage,
  ): Promise<{ code: string; toStaff: boolean } | undefined> {
    if (!message.replyTo) return undefined;
    const row = await this.options.prisma.outboxMessage.findFirst({
      where: {
        channel: message.channel,
        chatId: message.chatId,
        platformMessageId: message.replyTo.messageId,
        reportId: { not: null },
      },
      select: { purpose: true, report: { select: { trackingCode: true } } },
    });
    if (!row?.report) return undefined;
    const toReporter = row.purpose === "confirmation" || row.purpose.startsWith("update:");
    return { code: row.report.trackingCode, toStaff: !toReporter };
  }

  private async keep(
    media: IncomingMedia,
    language: Language,
  ): Promise<{ ok: true; file: StoredFile } | { ok: false; replies: OutboundMessage[] }> {
    const saved = await this.options.media.save(media);
    if (saved.ok) return { ok: true, file: saved.file };
    const { rejection } = saved;
    switch (rejection.reason) {
      case "too_large":
        return {
          ok: false,
          replies: say(language, "attachmentTooLarge", {
            size: formatBytes(rejection.size),
            max: formatBytes(rejection.max),
          }),
        };
      case "type_not_allowed":
        return { ok: false, replies: say(language, "attachmentTypeNotAllowed") };
      case "unavailable":
        return { ok: false, replies: say(language, "attachmentUnavailable") };
    }
  }

  private async reporterId(message: InboundMessage): Promise<string | undefined> {
    const reporter = await this.options.prisma.reporter.findUnique({
      where: { channel_externalId: { channel: message.channel, externalId: message.user.id } },
      select: { id: true },
    });
    return reporter?.id;
  }

  private async addInfo(
    message: InboundMessage,
    language: Language,
    code: string,
    text: string,
    attachments: readonly StoredFile[] = [],
  ): Promise<OutboundMessage[]> {
    const reporterId = await this.reporterId(message);
    if (!reporterId) return say(language, "statusNotFound", { code });
    try {
      const result = await this.options.workflow.addInfo({
        trackingCode: code,
        actor: { type: "reporter", reporterId },
        text,
        attachments,
      });
      await this.enqueue(result.pendingOutbox);
      if (result.pendingOutbox.length > 0) return say(language, "infoAdded", { code });
      this.options.logger.warn(
        { trackingCode: code },
        "information added to a report reaches nobody now: no officer, agency chat or desk chat",
      );
      return say(language, "infoAddedKept", { code });
    } catch (error) {
      if (error instanceof ReportNotFoundError || error instanceof NotPermittedError)
        return say(language, "statusNotFound", { code });
      throw error;
    }
  }

  private async inbox(
    staff: StaffMember,
    language: Language,
    page: number,
  ): Promise<OutboundMessage[]> {
    const forDesk = staff.role === "admin";
    const where = forDesk
      ? { status: { in: DESK_QUEUE } }
      : { agencyId: staff.agencyId ?? "", status: { in: AGENCY_QUEUE } };
    const [total, reports] = await Promise.all([
      this.options.prisma.report.count({ where }),
      this.options.prisma.report.findMany({
        where,
        orderBy: [
          forDesk
            ? { verifyDueAt: { sort: "asc", nulls: "last" } }
            : { followUpDueAt: { sort: "asc", nulls: "last" } },
          { submittedAt: "asc" },
        ],
        skip: (page - 1) * INBOX_PAGE,
        take: INBOX_PAGE,
        select: {
          trackingCode: true,
          title: true,
          status: true,
          verifyDueAt: true,
          followUpDueAt: true,
          anonymous: true,
          confidential: true,
        },
      }),
    ]);
    if (total === 0) return say(language, "deskInboxEmpty");
    const pages = Math.max(1, Math.ceil(total / INBOX_PAGE));
    if (reports.length === 0) return say(language, "deskInboxNoPage", { page, pages });
    const lines = reports.map((report) => {
      const due = forDesk ? report.verifyDueAt : report.followUpDueAt;
      const flags = `${report.anonymous ? " 🕶" : ""}${report.confidential ? " 🔒" : ""}`;
      return t(language, "deskInboxLine", {
        code: `${report.trackingCode}${flags}`,
        status: reportStatusLabels[language][report.status],
        title: truncate(report.title, 50),
        due: due ? formatDateTime(language, due, this.options.timeZone) : "—",
      });
    });
    const footer: RichText[] =
      page < pages ? [t(language, "deskInboxMore", { next: page + 1 })] : [];
    return reply({
      text: joinLines([
        t(language, "deskInboxHeader", { total, page, pages }),
        ...lines,
        ...footer,
        t(language, "deskInboxFooter"),
      ]),
    });
  }

  private async view(
    staff: StaffMember,
    language: Language,
    code: string,
  ): Promise<OutboundMessage[]> {
    const report = await this.options.prisma.report.findUnique({
      where: { trackingCode: code },
      include: {
        ...CARD_INCLUDE,
        events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      },
    });
    if (!report) return say(language, "deskNotFound", { code });
    if (
      staff.role === "officer" &&
      (report.agencyId === null || report.agencyId !== staff.agencyId)
    ) {
      this.options.logger.warn({ trackingCode: code, staffId: staff.id }, "report view refused");
      return say(language, "deskNotYourAgency", { code });
    }
    const staffIds = [
      ...new Set(
        report.events.flatMap((event) =>
          event.actorType === "staff" && event.actorId ? [event.actorId] : [],
        ),
      ),
    ];
    const names = new Map(
      (
        await this.options.prisma.staff.findMany({
          where: { id: { in: staffIds } },
          select: { id: true, displayName: true, username: true },
        })
      ).map((member) => [
        member.id,
        member.displayName ?? (member.username ? `@${member.username}` : "—"),
      ]),
    );
    const timeline = report.events.map((event) => {
      const who =
        event.actorType === "staff"
          ? (names.get(event.actorId ?? "") ?? "—")
          : label(
              language,
              event.actorType === "reporter" ? "deskActorReporter" : "deskActorSystem",
            );
      const head = `• ${formatDateTime(language, event.createdAt, this.options.timeZone)} — ${eventLabels[language][event.type]} (${who})${event.public ? "" : ` 🔒 ${label(language, "deskInternal")}`}`;
      return plain(event.text ? `${head}: ${event.text}` : head);
    });
    return reply({
      text: joinLines(
        [
          reportFacts(report, {
            catalog: this.options.catalog,
            language,
            timeZone: this.options.timeZone,
            descriptionLimit: 3000,
          }),
          joinLines([t(language, "statusTimeline"), ...timeline]),
        ],
        "\n\n",
      ),
    });
  }

  private buildCommands(): DeskCommand[] {
    const codeOnly = z.object({ code: z.string() });
    const codeAndText = (args: string) => {
      const [rawCode, text] = split(args);
      const code = this.code(rawCode);
      return parse(z.object({ code: z.string(), text: z.string().min(2) }), { code, text });
    };

    /** A status change command: `/name <code> <text>` or `/name <code>`. */
    const action = (
      names: string[],
      who: Who,
      help: MessageKey,
      usage: MessageKey,
      act: ReportAction,
      withText: boolean,
    ): DeskCommand => ({
      names,
      who,
      help,
      run: async (context, staff) => {
        const args = withText
          ? codeAndText(context.args)
          : parse(codeOnly, { code: this.code(context.args) });
        if (!args || !staff) return say(context.language, usage);
        const text = "text" in args ? (args.text as string) : undefined;
        return this.change(staff, context.language, {
          trackingCode: args.code,
          action: act,
          ...(text ? { text } : {}),
        });
      },
    });

    return [
      {
        names: ["statistik", "stats", "statistics"],
        who: "staff",
        help: "deskHelpStatistics",
        run: async (context, staff) =>
          staff ? this.options.statistics.answer(context.args, staff, context.language) : [],
      },
      {
        names: ["masuk", "inbox"],
        who: "staff",
        help: "deskHelpInbox",
        run: async (context, staff) => {
          const page = parse(z.coerce.number().int().min(1).max(1000), context.args || "1");
          if (page === undefined || !staff) return say(context.language, "deskUsageInbox");
          return this.inbox(staff, context.language, page);
        },
      },
      {
        names: ["lihat", "view"],
        who: "staff",
        help: "deskHelpView",
        run: async (context, staff) => {
          const code = this.code(context.args);
          if (!code || !staff) return say(context.language, "deskUsageView");
          return this.view(staff, context.language, code);
        },
      },
      {
        names: ["verifikasi", "verify"],
        who: "admin",
        help: "deskHelpVerify",
        run: async (context, staff) => {
          const [rawCode, agency] = split(context.args);
          const args = parse(
            z.object({
              code: z.string(),
              agency: z
                .string()
                .regex(/^[a-z0-9-]+$/)
                .optional(),
            }),
            { code: this.code(rawCode), agency: agency ? agency.toLowerCase() : undefined },
          );
          if (!args || !staff) return say(context.language, "deskUsageVerify");
          if (!args.agency)
            return this.change(staff, context.language, {
              trackingCode: args.code,
              action: "verify",
            });
          if (!this.options.catalog.agency(args.agency)) {
            return say(context.language, "deskUnknownAgency", {
              agencies: this.options.catalog.agencies.map((entry) => entry.id).join(", "),
            });
          }
          return this.verifyAndRoute(staff, context.language, args.code, args.agency);
        },
      },
      action(["tolak", "reject"], "admin", "deskHelpReject", "deskUsageReject", "reject", true),
      action(["tunda", "hold"], "staff", "deskHelpHold", "deskUsageHold", "hold", true),
      action(
        ["bukanwewenang", "notours"],
        "staff",
        "deskHelpNotAuthority",
        "deskUsageNotAuthority",
        "not_authority",
        true,
      ),
      {
        names: ["disposisi", "route", "forward"],
        who: "admin",
        help: "deskHelpRoute",
        run: async (context, staff) => {
          const [rawCode, agency] = split(context.args);
          const args = parse(z.object({ code: z.string(), agency: z.string().min(1) }), {
            code: this.code(rawCode),
            agency: agency.toLowerCase(),
          });
          if (!args || !staff) return say(context.language, "deskUsageRoute");
          return this.change(staff, context.language, {
            trackingCode: args.code,
            action: "route",
            agencyId: args.agency,
          });
        },
      },
      {
        names: ["balas", "reply", "answer"],
        who: "staff",
        help: "deskHelpReply",
        run: async (context, staff) => {
          const args = codeAndText(context.args);
          if (!args || !staff) return say(context.language, "deskUsageReply");
          let text = args.text;
          const templateRef = /^#(\S+)$/.exec(text)?.[1];
          if (templateRef) {
            const name = parse(templateName, templateRef);
            const found = name
              ? await this.options.prisma.answerTemplate.findUnique({ where: { name } })
              : null;
            if (!found) return say(context.language, "deskTemplateMissing", { name: templateRef });
            text = found.text;
          }
          return this.change(staff, context.language, {
            trackingCode: args.code,
            action: "reply",
            text,
          });
        },
      },
      {
        names: ["catatan", "note"],
        who: "staff",
        help: "deskHelpNote",
        run: async (context, staff) => {
          const args = codeAndText(context.args);
          if (!args || !staff) return say(context.language, "deskUsageNote");
          try {
            await this.options.workflow.note({
              trackingCode: args.code,
              actor: this.actor(staff),
              text: args.text,
            });
            return say(context.language, "deskNoted", { code: args.code });
          } catch (error) {
            return this.explain(error, context.language, args.code, staff);
          }
        },
      },
      action(
        ["selesai", "done", "close"],
        "staff",
        "deskHelpDone",
        "deskUsageDone",
        "complete",
        true,
      ),
      {
        names: ["buka", "reopen"],
        who: "anyone",
        help: "deskHelpReopen",
        helpFor: "admin",
        run: async (context, staff) => {
          const code = this.code(context.args);
          if (!code) return say(context.language, staff ? "deskUsageReopen" : "reopenUsage");
          if (staff) {
            if (staff.role !== "admin") return say(context.language, "deskNotAllowed", { code });
            return this.change(staff, context.language, { trackingCode: code, action: "reopen" });
          }
          const reporterId = await this.reporterId(context.message);
          if (!reporterId) return say(context.language, "statusNotFound", { code });
          try {
            const result = await this.options.workflow.apply({
              trackingCode: code,
              action: "reopen",
              actor: { type: "reporter", reporterId },
            });
            await this.enqueue(result.pendingOutbox);
            return say(context.language, "reopened", { code });
          } catch (error) {
            if (error instanceof NotPermittedError && error.reason === "window")
              return say(context.language, "ratingWindowClosed", {
                code,
                days: this.options.reopenWindowDays,
              });
            if (error instanceof ReportNotFoundError || error instanceof NotPermittedError)
              return say(context.language, "statusNotFound", { code });
            if (error instanceof IllegalTransitionError)
              return say(context.language, "reopenNotNow", {
                code,
                status: reportStatusLabels[context.language][error.status],
              });
            throw error;
          }
        },
      },
      {
        names: ["tambah", "add", "more"],
        who: "anyone",
        run: async (context) => {
          const args = codeAndText(context.args);
          if (!args) return say(context.language, "addInfoUsage");
          return this.addInfo(context.message, context.language, args.code, args.text);
        },
      },
      {
        names: ["templat", "templates", "template"],
        who: "staff",
        help: "deskHelpTemplates",
        run: async (context, staff) => this.templates(context, staff),
      },
      {
        names: ["staf", "staff"],
        who: "admin",
        help: "deskHelpStaff",
        run: async (context, staff) => this.staffCommand(context, staff),
      },
    ];
  }

  private async templates(
    context: CommandContext,
    staff: StaffMember | undefined,
  ): Promise<OutboundMessage[]> {
    const { language } = context;
    const [sub, rest] = split(context.args);
    const prisma = this.options.prisma;
    if (!sub || ["daftar", "list"].includes(sub.toLowerCase())) {
      const all = await prisma.answerTemplate.findMany({ orderBy: { name: "asc" } });
      if (all.length === 0) return say(language, "deskTemplatesNone");
      return reply({
        text: joinLines([
          t(language, "deskTemplatesHeader"),
          ...all.map((entry) =>
            t(language, "deskTemplateLine", { name: entry.name, text: truncate(entry.text, 120) }),
          ),
        ]),
      });
    }
    if (staff?.role !== "admin") return this.refuse(context.message, language, "templat");
    const [rawName, text] = split(rest);
    if (["tambah", "add"].includes(sub.toLowerCase())) {
      const args = parse(z.object({ name: templateName, text: z.string().min(2).max(3500) }), {
        name: rawName,
        text,
      });
      if (!args) return say(language, "deskUsageTemplates");
      await prisma.answerTemplate.upsert({
        where: { name: args.name },
        create: { name: args.name, text: args.text, createdBy: staff.id },
        update: { text: args.text },
      });
      return say(language, "deskTemplateSaved", { name: args.name });
    }
    if (["hapus", "remove", "delete"].includes(sub.toLowerCase())) {
      const name = parse(templateName, rawName);
      if (!name) return say(language, "deskUsageTemplates");
      const { count } = await prisma.answerTemplate.deleteMany({ where: { name } });
      return say(language, count > 0 ? "deskTemplateRemoved" : "deskTemplateMissing", { name });
    }
    return say(language, "deskUsageTemplates");
  }

  /** An account id given as such, or taken from the message this command replies to. */
  private target(context: CommandContext, raw: string | undefined): string | undefined {
    if (!raw && context.message.replyTo?.userId) return context.message.replyTo.userId;
    if (!raw) return undefined;
    return /^[A-Za-z0-9_.@+:-]{3,64}$/.test(raw) && !raw.startsWith("@") ? raw : undefined;
  }

  /**
   * Usernames change hands, so a role is never granted by one: the admin is shown the account
   * that most recently wrote to the bot under the name, and the command to grant it by id.
   */
  private async confirmUsername(
    context: CommandContext,
    username: string,
    grant: string,
  ): Promise<OutboundMessage[]> {
    const { language, message } = context;
    const holder =
      (await this.options.usernames.usernameHolder(message.channel, username)) ??
      (await this.options.directory.usernameHolder(message.channel, username));
    if (!holder) return say(language, "deskStaffUnknownTarget", { target: username });
    return say(language, "deskStaffConfirmUsername", {
      username: username.replace(/^@/, ""),
      name: holder.displayName ?? "—",
      id: holder.externalId,
      seen: formatDateTime(language, holder.seenAt, this.options.timeZone),
      command: `/staf tambah ${holder.externalId} ${grant}`,
    });
  }

  private async staffCommand(
    context: CommandContext,
    staff: StaffMember | undefined,
  ): Promise<OutboundMessage[]> {
    const { language, message } = context;
    const words = context.args.split(/\s+/).filter(Boolean);
    const sub = words[0]?.toLowerCase();
    const directory = this.options.directory;
    if (!staff) return this.refuse(message, language, "staf");
    if (!sub || sub === "daftar" || sub === "list") {
      const members = await directory.list();
      return reply({
        text: joinLines([
          t(language, "deskStaffHeader", { count: members.length }),
          ...members.map((member) =>
            t(language, "deskStaffLine", {
              id: member.externalId,
              channel: member.channel,
              name: member.displayName ?? (member.username ? `@${member.username}` : "—"),
              role:
                member.role === "admin"
                  ? label(language, "deskRoleAdmin")
                  : label(language, "deskRoleOfficer", {
                      agency: member.agencyId
                        ? this.options.catalog.agencyName(member.agencyId, language)
                        : "—",
                    }),
            }),
          ),
        ]),
      });
    }
    if (sub === "tambah" || sub === "add") {
      // The target is an id or @username, or left out when the command replies to their message.
      const rest = words.slice(1);
      const roleIndex = rest.findIndex((word) => /^(admin|petugas|officer)$/i.test(word));
      const args = parse(
        z.object({
          target: z.string().optional(),
          role: z.enum(["admin", "petugas", "officer"]),
          agency: z.string().optional(),
        }),
        {
          target: roleIndex === 1 ? rest[0] : undefined,
          role: rest[roleIndex]?.toLowerCase(),
          agency: rest[roleIndex + 1]?.toLowerCase(),
        },
      );
      if (roleIndex < 0 || roleIndex > 1 || !args) return say(language, "deskUsageStaff");
      if (args.target?.startsWith("@")) {
        return this.confirmUsername(context, args.target, rest.slice(roleIndex).join(" "));
      }
      const externalId = this.target(context, args.target);
      if (!externalId)
        return say(language, "deskStaffUnknownTarget", { target: args.target ?? "—" });
      const role = args.role === "admin" ? "admin" : "officer";
      if (role === "officer" && (!args.agency || !this.options.catalog.agency(args.agency))) {
        return say(language, "deskUnknownAgency", {
          agencies: this.options.catalog.agencies.map((entry) => entry.id).join(", "),
        });
      }
      const added = await directory.add({
        channel: message.channel,
        externalId,
        role,
        agencyId: role === "officer" ? (args.agency ?? null) : null,
        addedBy: staff.id,
      });
      this.options.logger.info(
        { staffId: added.id, role, agencyId: added.agencyId, addedBy: staff.id },
        "staff account added",
      );
      return say(language, "deskStaffAdded", {
        id: externalId,
        role:
          role === "admin"
            ? label(language, "deskRoleAdmin")
            : label(language, "deskRoleOfficer", {
                agency: this.options.catalog.agencyName(added.agencyId ?? "", language),
              }),
      });
    }
    if (sub === "hapus" || sub === "remove") {
      const externalId = words[1]?.startsWith("@")
        ? await directory.staffByUsername(message.channel, words[1])
        : this.target(context, words[1]);
      if (!externalId) return say(language, "deskUsageStaff");
      if (externalId === staff.externalId) return say(language, "deskStaffNotSelf");
      const removed = await directory.remove(message.channel, externalId);
      if (removed)
        this.options.logger.info({ externalId, removedBy: staff.id }, "staff account removed");
      return say(language, removed ? "deskStaffRemoved" : "deskStaffNotFound", { id: externalId });
    }
    return say(language, "deskUsageStaff");
  }
}

function promptParams(prompt: PendingPrompt, language: Language) {
  return {
    code: prompt.code,
    action: label(language, prompt.action === "hold" ? "deskButtonHold" : "deskButtonReject"),
    minutes: PROMPT_ANSWER_MINUTES,
  };
}

function split(args: string): [string | undefined, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return [match?.[1], (match?.[2] ?? "").trim()];
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
