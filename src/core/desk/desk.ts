import type { Redis } from "ioredis";
import type { RedisCipher } from "../privacy/redis-cipher.js";
import type { Command, CommandContext, CommandResult } from "../conversation/commands.js";
import type { InboundHandler, Turn } from "../conversation/pipeline.js";
import type { InboundMessage, Language } from "../messages.js";
import type { StaffRole } from "../words.js";
import { PROMPT_ANSWER_MINUTES } from "./buttons.js";
import type { DeskCommand } from "./command.js";
import { auditCommand } from "./commands/audit.js";
import { reportActionCommands } from "./commands/report-actions.js";
import { exportCommand, type ExportCommandOptions } from "./commands/export.js";
import { mergeCommand } from "./commands/merge.js";
import { holidaysCommand, type HolidaysCommandOptions } from "./commands/holidays.js";
import { staffCommand } from "./commands/staff-admin.js";
import { statisticsCommand, type StatisticsCommandOptions } from "./commands/statistics.js";
import { templatesCommand } from "./commands/templates.js";
import { viewCommands } from "./commands/views.js";
import { filesCommand } from "./commands/files.js";
import { staffMenu, type MenuCommand } from "./help.js";
import { DeskKit, type DeskDependencies } from "./kit.js";
import { ReasonPrompts } from "./reason-prompts.js";
import { DeskRouter } from "./router.js";

export interface StaffDeskOptions extends DeskDependencies {
  /** Where reason questions are kept (they bind to a person and a chat, across processes). */
  readonly redis: Redis;
  readonly prefix: string;
  /** Keeps staff account ids out of Redis key names (REDIS_ENCRYPTION_KEY). */
  readonly cipher: RedisCipher;
  /** What /statistik computes from. */
  readonly statistics: StatisticsCommandOptions;
  /** The holiday list /libur keeps. */
  readonly holidays: HolidaysCommandOptions;
  /** What /ekspor reads, keeps and records. */
  readonly export: ExportCommandOptions;
}

/**
 * The staff desk in the chat: staff commands (channel-agnostic, so they work from any channel),
 * the buttons of desk cards, replies to cards and updates, and the reporter's /tambah and
 * /buka. Every change goes through the ReportWorkflow. A new staff command is a DeskCommand in
 * commands/ and one line in the list below.
 */
export class StaffDesk implements InboundHandler {
  /** Desk commands for the engine's registry; each checks who may run it. */
  readonly commands: readonly Command[];
  /** Names of the desk's commands reporters use too (/tambah, /buka). */
  readonly reporterCommandNames: readonly string[];
  private readonly deskCommands: readonly DeskCommand[];
  private readonly kit: DeskKit;
  private readonly prompts: ReasonPrompts;
  private readonly router: DeskRouter;

  constructor(options: StaffDeskOptions) {
    this.kit = new DeskKit(options);
    this.prompts = new ReasonPrompts(options.redis, {
      prefix: options.prefix,
      cipher: options.cipher,
      answerWithinMs: PROMPT_ANSWER_MINUTES * 60_000,
    });
    // The order is the order of /bantuan and of the platforms' command menus.
    this.deskCommands = [
      statisticsCommand(options.statistics),
      exportCommand(options.export),
      ...viewCommands(this.kit),
      filesCommand(this.kit),
      ...reportActionCommands(this.kit),
      mergeCommand(this.kit),
      templatesCommand(this.kit),
      staffCommand(this.kit),
      auditCommand(this.kit),
      holidaysCommand(options.holidays),
    ];
    this.router = new DeskRouter(this.kit, this.prompts, this.deskCommands);
    this.reporterCommandNames = this.deskCommands
      .filter((command) => command.who === "anyone")
      .flatMap((command) => command.names);
    this.commands = this.deskCommands.map((command) => ({
      names: command.names,
      run: (context) => this.run(command, context),
    }));
  }

  handle(turn: Turn): Promise<CommandResult | undefined> {
    return this.router.handle(turn);
  }

  /** Whether the desk listens to this sender in this staff group: staff only. */
  async hears(message: InboundMessage): Promise<boolean> {
    return (await this.router.recognize(message, true)) !== undefined;
  }

  /** The channel sent a question that awaits an answer (a reason prompt) with this id. */
  async shown(message: InboundMessage, platformMessageId: string): Promise<void> {
    await this.prompts.shown(message, platformMessageId);
  }

  /** The desk commands a role may use, as a platform's command menu shows them. */
  menu(role: StaffRole, language: Language): MenuCommand[] {
    return staffMenu(this.deskCommands, role, language);
  }

  private async run(command: DeskCommand, context: CommandContext): Promise<CommandResult> {
    const staff = await this.kit.deps.directory.recognize(context.message);
    const allowed =
      command.who === "anyone" ||
      (staff !== undefined && (command.who === "staff" || staff.role === "admin"));
    if (!allowed) {
      return {
        replies: this.kit.refuse(context.message, context.language, command.names[0] ?? "", staff),
      };
    }
    return { replies: await command.run(context, staff) };
  }
}
