import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChainableCommander, Redis } from "ioredis";
import { z } from "zod";
import type { RedisCipher } from "../privacy/redis-cipher.js";
import type { UsernameHolder } from "../staff/staff-store.js";
import { LANGUAGES, type ChannelName, type Choice, type Language } from "../messages.js";
import { REPORT_STATUSES } from "../words.js";
import { locationSchema, storedFileSchema } from "../reports/submission.js";
import { rememberMenu, storedMenuSchema, type StoredMenu } from "./menu.js";

export const SUMMARY_STEP = "$summary";

const answerSchema = z.union([
  z.string(),
  z.boolean(),
  z.null(),
  locationSchema,
  z.array(storedFileSchema),
]);
export type Answer = z.infer<typeof answerSchema>;

const sessionSchema = z.object({
  v: z.literal(1),
  flowId: z.string(),
  /** The step waiting for an answer, or SUMMARY_STEP. */
  stepId: z.string(),
  answers: z.record(z.string(), answerSchema),
  /** Set while the reporter changes one answer from the summary. */
  editing: z.boolean(),
  /** Becomes the intake job id and the report's unique submission id. */
  submissionId: z.uuid(),
  startedAt: z.number(),
  updatedAt: z.number(),
  /** "Me too" (./me-too.ts): the search last made, and the reports offered while it shows. */
  nearby: z
    .object({
      /** The category and spot searched, so an unchanged draft is not asked twice. */
      searched: z.string().max(100),
      offered: z
        .array(
          z.object({
            trackingCode: z.string().max(20),
            title: z.string().max(200),
            status: z.enum(REPORT_STATUSES),
            distanceMetres: z.number().nonnegative(),
          }),
        )
        .max(10)
        .optional(),
    })
    .optional(),
});
export type Session = z.infer<typeof sessionSchema>;

export interface ConversationKey {
  readonly channel: ChannelName;
  readonly userId: string;
}

export interface LoadedState {
  readonly session: Session | null;
  /**
   * The stored draft failed validation (and `session` is null): what was wrong, as paths and
   * reasons without the values, for the log.
   */
  readonly unreadable?: readonly string[];
  /** The person's language; undefined when Redis does not know, null when they chose none. */
  readonly language: Language | null | undefined;
  /** The menu showing, unless it is the pending flow question's own (the engine knows those). */
  readonly menu: StoredMenu | null;
  /** This message id was handled before (a duplicate delivery). */
  readonly seen: boolean;
}

/** What a turn returns, and what it saves (nothing, when `commit` is absent). */
export interface TurnOutcome<T> {
  readonly value: T;
  readonly commit?: Commit;
}

export interface Commit {
  readonly messageId: string;
  /** undefined leaves the session as it is; null ends it. */
  readonly session?: Session | null;
  /** undefined leaves it; null records that the person has no language of their own. */
  readonly language?: Language | null;
  /** undefined leaves it; null: no menu but the pending flow question's. */
  readonly menu?: StoredMenu | null;
  /** The sender's @username and name as this message showed them, for `/staf tambah @name`. */
  readonly seenAs?: { readonly username: string; readonly displayName?: string };
  /**
   * The person's identity was erased: their draft, language, menu and the @username they
   * were seen with go (the other fields are then ignored, only the message id is kept).
   */
  readonly forget?: { readonly username?: string };
}

/** Stored instead of a language for someone known to have none, so the database is asked once. */
const NO_LANGUAGE = "-";

const usernameHolderSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  at: z.number(),
});

/** How long a @username is remembered after its holder last wrote to the bot. */
const USERNAME_TTL_MS = 400 * 24 * 60 * 60 * 1000;

interface SessionStoreOptions {
  prefix: string;
  /** Account ids, message ids and usernames appear in key names only as its pseudonyms. */
  cipher: RedisCipher;
  /** How long an untouched session is kept: long enough to tell a returning user it expired. */
  retentionMs: number;
  /** How long a message id is remembered for duplicate detection. */
  seenTtlMs?: number;
  lockTtlMs?: number;
}

/**
 * Conversation state in Redis, never in process memory: any bot process can continue any
 * conversation, and a restart in the middle of a flow loses nothing.
 */
export class SessionStore {
  private readonly seenTtlMs: number;
  private readonly lockTtlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: SessionStoreOptions,
  ) {
    this.seenTtlMs = options.seenTtlMs ?? 24 * 60 * 60 * 1000;
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
  }

  // Key names hold no account id, phone number (a WhatsApp message id contains one) or
  // username in clear: a Redis dump or the queue dashboard must name nobody.
  private key(kind: string, key: ConversationKey): string {
    return `${this.options.prefix}:${kind}:${key.channel}:${this.options.cipher.pseudonym(key.userId)}`;
  }

  private seenKey(key: ConversationKey, messageId: string): string {
    return `${this.options.prefix}:seen:${key.channel}:${this.options.cipher.pseudonym(messageId)}`;
  }

  private usernameKey(channel: ChannelName, username: string): string {
    const name = username.replace(/^@/, "").toLowerCase();
    return `${this.options.prefix}:username:${channel}:${this.options.cipher.pseudonym(name)}`;
  }

  /** The account that most recently wrote to the bot as @username, if one did. */
  async usernameHolder(
    channel: ChannelName,
    username: string,
  ): Promise<UsernameHolder | undefined> {
    const raw = await this.redis.get(this.usernameKey(channel, username));
    if (!raw) return undefined;
    try {
      const parsed = usernameHolderSchema.safeParse(this.options.cipher.open(raw));
      if (!parsed.success) return undefined;
      const { id, name, at } = parsed.data;
      return { externalId: id, ...(name ? { displayName: name } : {}), seenAt: new Date(at) };
    } catch {
      return undefined;
    }
  }

  /** Redis key holding the session; exposed for memory measurements. */
  sessionKey(key: ConversationKey): string {
    return this.key("conv", key);
  }

  /**
   * Runs one message's turn under its conversation's lock, so two processes never interleave
   * messages of one user (a webhook may reach any bot process). Two round trips in all: the
   * lock and the stored state come together, and the turn's outcome is saved atomically with
   * the mark that the message was handled and the lock's release. A turn that throws saves
   * nothing, so a redelivery of the message is handled again.
   */
  async turn<T>(
    key: ConversationKey,
    messageId: string,
    work: (state: LoadedState) => Promise<TurnOutcome<T>>,
  ): Promise<T> {
    const lockKey = this.key("lock", key);
    const token = randomUUID();
    const deadline = Date.now() + this.lockTtlMs;
    let state: LoadedState | undefined;
    while (!state) {
      const results = await this.redis
        .pipeline()
        .set(lockKey, token, "PX", this.lockTtlMs, "NX")
        .get(this.key("conv", key))
        .get(this.key("lang", key))
        .get(this.key("menu", key))
        .exists(this.seenKey(key, messageId))
        .exec();
      const [locked, session, language, menu, seen] = (results ?? []).map(([error, value]) => {
        if (error) throw error;
        return value;
      });
      if (locked === "OK") state = readState(session, language, menu, seen);
      else if (Date.now() > deadline) throw new Error(`conversation lock ${lockKey} is stuck`);
      else await sleep(10);
    }
    const release = () => this.redis.eval(RELEASE, 1, lockKey, token);
    let outcome: TurnOutcome<T>;
    try {
      outcome = await work(state);
    } catch (error) {
      await release();
      throw error;
    }
    if (!outcome.commit) {
      await release();
      return outcome.value;
    }
    const transaction = this.redis.multi();
    const { commit } = outcome;
    if (commit.forget) await this.forgetInto(transaction, key, commit.forget.username);
    else this.commitInto(transaction, key, commit);
    transaction.set(this.seenKey(key, commit.messageId), "1", "PX", this.seenTtlMs);
    transaction.eval(RELEASE, 1, lockKey, token);
    try {
      const results = await transaction.exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (failure) throw failure;
    } catch (error) {
      // Not saved: the lock goes anyway, so the next message does not wait for it to expire.
      await release().catch(() => undefined);
      throw error;
    }
    return outcome.value;
  }

  /** Adds the outcome of one message to `transaction`, with the mark that it was handled. */
  private commitInto(transaction: ChainableCommander, key: ConversationKey, commit: Commit): void {
    if (commit.session === null) transaction.del(this.key("conv", key));
    else if (commit.session) {
      transaction.set(
        this.key("conv", key),
        JSON.stringify(commit.session),
        "PX",
        this.options.retentionMs,
      );
    }
    if (commit.language !== undefined) {
      transaction.set(
        this.key("lang", key),
        commit.language ?? NO_LANGUAGE,
        "PX",
        400 * 24 * 60 * 60 * 1000,
      );
    }
    if (commit.menu === null) transaction.del(this.key("menu", key));
    else if (commit.menu) this.setMenu(transaction, key, commit.menu);
    if (commit.seenAs) {
      // Names change hands on Telegram: the last account seen using one holds it.
      const holder = { id: key.userId, name: commit.seenAs.displayName, at: Date.now() };
      transaction.set(
        this.usernameKey(key.channel, commit.seenAs.username),
        this.options.cipher.seal(holder),
        "PX",
        USERNAME_TTL_MS,
      );
    }
  }

  /** Adds the removal of everything kept of this person (after an erasure) to `transaction`. */
  private async forgetInto(
    transaction: ChainableCommander,
    key: ConversationKey,
    username?: string,
  ): Promise<void> {
    transaction.del(
      this.key("conv", key),
      this.key("lang", key),
      this.key("menu", key),
      this.key("unreadable", key),
    );
    if (username && (await this.usernameHolder(key.channel, username))?.externalId === key.userId) {
      transaction.del(this.usernameKey(key.channel, username));
    }
  }

  /**
   * Records the choices of a message sent outside a conversation turn (a notice from the
   * outbox) as the menu showing, so a number typed next answers it. In a private chat the
   * chat is the person, so `key.userId` is the chat id.
   */
  async showMenu(key: ConversationKey, choices: readonly Choice[]): Promise<void> {
    if (choices.length === 0) return;
    const transaction = this.redis.multi();
    this.setMenu(transaction, key, rememberMenu(choices));
    await transaction.exec();
  }

  /**
   * The menu showing in a group chat: the last card or list shown there, answered by a number
   * from whichever member writes next (a staff group on a channel without buttons).
   */
  async chatMenu(key: ConversationKey): Promise<StoredMenu | null> {
    const raw = await this.redis.get(this.key("menu", key));
    return raw ? parseMenu(raw) : null;
  }

  /** The group's menu was answered: a number typed later answers nothing. */
  async endChatMenu(key: ConversationKey): Promise<void> {
    await this.redis.del(this.key("menu", key));
  }

  private setMenu(transaction: ChainableCommander, key: ConversationKey, menu: StoredMenu): void {
    transaction.set(this.key("menu", key), JSON.stringify(menu), "PX", this.options.retentionMs);
  }

  /**
   * Moves a draft that can no longer be read out of the way, kept for `retentionMs` under an
   * `unreadable` key where an operator can look at it, so the person can start again.
   */
  async setAside(key: ConversationKey): Promise<void> {
    const aside = this.key("unreadable", key);
    await this.redis
      .multi()
      .copy(this.key("conv", key), aside, "REPLACE")
      .pexpire(aside, this.options.retentionMs)
      .del(this.key("conv", key))
      .exec();
  }
}

/** Deletes the lock only if it is still this turn's (it may have expired and been taken). */
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

function readState(session: unknown, language: unknown, menu: unknown, seen: unknown): LoadedState {
  const parsed = typeof session === "string" ? parseSession(session) : { session: null };
  return {
    ...parsed,
    language:
      language === NO_LANGUAGE
        ? null
        : (LANGUAGES.find((candidate) => candidate === language) ?? undefined),
    menu: typeof menu === "string" ? parseMenu(menu) : null,
    seen: seen === 1,
  };
}

function parseSession(raw: string): { session: Session | null; unreadable?: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // The parser's message quotes the text, which may hold personal data.
    return { session: null, unreadable: ["not valid JSON"] };
  }
  const parsed = sessionSchema.safeParse(json);
  if (parsed.success) return { session: parsed.data };
  return {
    session: null,
    unreadable: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
  };
}

function parseMenu(raw: string): StoredMenu | null {
  try {
    const parsed = storedMenuSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
