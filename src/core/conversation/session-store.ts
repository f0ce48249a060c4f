import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChainableCommander, Redis } from "ioredis";
import { z } from "zod";
import { BoundedMemo } from "../bounded-memo.js";
import {
  redisScript,
  type RedisArgument,
  type RedisReply,
  type ScriptRunner,
} from "../redis-script.js";
import { SealError, type RedisCipher } from "../privacy/redis-cipher.js";
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
  /**
   * While an answer that grows as it is given (attachments) is changed from the summary: the
   * answer as it was before, which /batal puts back. Any other answer stays as it was until the
   * new one is given, so it needs no copy.
   */
  changedFrom: answerSchema.optional(),
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
  /** The flood counter with this message counted, when the turn was asked to count it. */
  readonly counted?: number;
}

/** A counter the turn increments as it takes the lock, unless the message is a duplicate. */
export interface TurnCounter {
  readonly key: string;
  readonly ttlMs: number;
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
/** How stale a holder's "last seen" may grow before a turn writes it anew. */
const HOLDER_REFRESH_MS = 10 * 60 * 1000;
const NAMES_REMEMBERED = 10_000;

/** A @username holder as sealed into Redis. */
interface HeldName {
  readonly id: string;
  readonly name: string | undefined;
  readonly at: number;
  readonly sealed: string;
}

/** A turn's write of the holder of a @username: sealed anew, or kept if still there. */
interface HolderWrite {
  readonly key: string;
  readonly held: HeldName;
  readonly keep: boolean;
}

/** Drafts remembered as saved: a crowd filing at once, not every draft of the day. */
const DRAFTS_REMEMBERED = 5_000;

/** How long a person's chosen language is kept after they last wrote. */
const LANGUAGE_TTL_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * Takes the lock and, only if it was free, reads the draft, language and menu, whether the
 * message was handled before, and counts a new message against the flood limit: one round
 * trip, and nothing counted while another process holds the conversation.
 * KEYS: lock, draft, language, menu, handled messages[, flood counter];
 * ARGV: token, lock ms, the message's mark[, counter ms].
 */
const BEGIN_TURN = redisScript(`
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return false end
local seen = 0
if redis.call('zscore', KEYS[5], ARGV[3]) then seen = 1 end
local count = false
if seen == 0 and KEYS[6] then
  count = redis.call('incr', KEYS[6])
  if count == 1 then redis.call('pexpire', KEYS[6], ARGV[4]) end
end
return {redis.call('get', KEYS[2]), redis.call('get', KEYS[3]), redis.call('get', KEYS[4]), seen, count}`);

/**
 * Saves a turn's outcome, marks its message handled (pruning marks older than a day) and
 * releases the lock: one command, so that under load many turns' outcomes share one write to
 * Redis (the connection pipelines commands automatically). A turn that outlived its lock saves
 * nothing if another turn of the conversation took the lock meanwhile (it holds it now, or
 * marked its message handled since this turn began): that one read the draft before this
 * outcome, and one of the two would silently be lost (returns 2). Nor if anyone's data was
 * erased since it began: the erasure deleted the handled marks it would look for, and saving
 * would bring back the draft and names of the person just forgotten.
 * KEYS: lock, draft, language, menu, handled messages, last erasure[, @username];
 * ARGV: token, draft ("s" set to the next value, "d" delete, "-" keep), draft bytes, retention
 * ms, language ("" keeps it), language ms, menu ("s"/"d"/"-"), menu JSON, mark, now ms, day
 * ms, the turn's start ms[, holder ("s" set, "=" keep if it is still), @username holder
 * sealed, its ms].
 * Returns 1 when a holder to keep was no longer there (someone else took the name since).
 */
const COMMIT_TURN = redisScript(`
local holder = redis.call('get', KEYS[1])
if holder ~= ARGV[1] and (holder or
    tonumber(redis.call('get', KEYS[6]) or '0') >= tonumber(ARGV[12]) or
    #redis.call('zrangebyscore', KEYS[5], '(' .. ARGV[12], '+inf', 'LIMIT', 0, 1) > 0) then
  return 2
end
local function put(mode, key, value, ms)
  if mode == 's' then redis.call('set', key, value, 'PX', ms)
  elseif mode == 'd' then redis.call('del', key) end
end
put(ARGV[2], KEYS[2], ARGV[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('set', KEYS[3], ARGV[5], 'PX', ARGV[6]) end
put(ARGV[7], KEYS[4], ARGV[8], ARGV[4])
redis.call('zadd', KEYS[5], ARGV[10], ARGV[9])
redis.call('zremrangebyscore', KEYS[5], '-inf', tonumber(ARGV[10]) - tonumber(ARGV[11]))
redis.call('pexpire', KEYS[5], ARGV[11])
local moved = 0
if KEYS[7] then
  if ARGV[13] == 's' then redis.call('set', KEYS[7], ARGV[14], 'PX', ARGV[15])
  elseif redis.call('get', KEYS[7]) ~= ARGV[14] then moved = 1 end
end
if holder == ARGV[1] then redis.call('del', KEYS[1]) end
return moved`);

/** Deletes the lock only if it is still this turn's (it may have expired and been taken). */
const RELEASE = redisScript(
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
);

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
  /**
   * The drafts this process saved last, by key, sealed and as JSON: one read back unchanged
   * (the same sealed bytes) needs no opening and no checking, ~15 µs of every turn.
   */
  private readonly savedDrafts = new BoundedMemo<string, { sealed: Buffer; json: string }>(
    DRAFTS_REMEMBERED,
  );
  /** The @username holders this process wrote last, by key. */
  private readonly heldNames = new BoundedMemo<string, HeldName>(NAMES_REMEMBERED);
  /** When someone's data was last erased (epoch ms): names nobody, only the moment. */
  private readonly lastErasureKey: string;

  /**
   * `scripts` runs the turns' scripts (two a message, the store's hot path); `redis` the rest.
   * Both may be connections of their own: see services.ts.
   */
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
    private readonly options: SessionStoreOptions,
  ) {
    this.seenTtlMs = options.seenTtlMs ?? 24 * 60 * 60 * 1000;
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.lastErasureKey = `${options.prefix}:last-erasure`;
  }

  // Key names hold no account id, phone number (a WhatsApp message id contains one) or
  // username in clear: a Redis dump or the queue dashboard must name nobody.
  private key(kind: string, key: ConversationKey): string {
    return this.keyOf(kind, key.channel, this.options.cipher.pseudonym(key.userId));
  }

  /** A key of one person, whose pseudonym a turn computes once for all of them. */
  private keyOf(kind: string, channel: ChannelName, pseudonym: string): string {
    return `${this.options.prefix}:${kind}:${channel}:${pseudonym}`;
  }

  /**
   * How a message id is marked as handled, in its person's set: half a pseudonym (66 bits)
   * tells apart one person's messages of a day as surely as a whole one, in less memory.
   */
  private handledMark(messageId: string): string {
    return this.options.cipher.pseudonymOnce(messageId).slice(0, 11);
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
   * lock, the stored state and the flood counter (`count`) come together, and the turn's
   * outcome is saved atomically with the mark that the message was handled and the lock's
   * release. A turn that throws saves nothing, so a redelivery of the message is handled again.
   */
  async turn<T>(
    key: ConversationKey,
    messageId: string,
    work: (state: LoadedState) => Promise<TurnOutcome<T>>,
    count?: TurnCounter,
  ): Promise<T> {
    const who = this.options.cipher.pseudonym(key.userId);
    const keyOf = (kind: string) => this.keyOf(kind, key.channel, who);
    const lockKey = keyOf("lock");
    const handledKey = keyOf("handled");
    const token = randomUUID();
    const deadline = Date.now() + this.lockTtlMs;
    const draftKey = keyOf("conv");
    const turnKeys = [lockKey, draftKey, keyOf("lang"), keyOf("menu"), handledKey];
    const mark = this.handledMark(messageId);
    const keys = count ? [...turnKeys, count.key] : turnKeys;
    const args = count ? [token, this.lockTtlMs, mark, count.ttlMs] : [token, this.lockTtlMs, mark];
    let state: LoadedState | undefined;
    while (!state) {
      const taken = turnState(await this.scripts.run(BEGIN_TURN, keys, args));
      if (taken) state = this.readState(draftKey, ...taken);
      else if (Date.now() > deadline) throw new Error(`conversation lock ${lockKey} is stuck`);
      else await sleep(10);
    }
    const began = Date.now();
    const release = () => this.scripts.run(RELEASE, [lockKey], [token]);
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
    const { commit } = outcome;
    let holder: HolderWrite | undefined;
    let holderMoved = false;
    try {
      if (commit.forget) {
        const transaction = this.redis.multi();
        await this.forgetInto(transaction, key, who, commit.forget.username);
        transaction.set(this.lastErasureKey, Date.now());
        transaction.eval(RELEASE.lua, 1, lockKey, token);
        const results = await transaction.exec();
        const failure = results?.find(([error]) => error)?.[0];
        if (failure) throw failure;
        this.rememberDraft(draftKey, null);
        const { username } = commit.forget;
        if (username) this.heldNames.delete(this.usernameKey(key.channel, username));
      } else {
        const handledAs =
          commit.messageId === messageId ? mark : this.handledMark(commit.messageId);
        const draft = commit.session ? this.sealDraft(commit.session) : undefined;
        holder = commit.seenAs && this.holderWrite(key, commit.seenAs);
        const moved = await this.scripts.run(
          COMMIT_TURN,
          ...this.commitArguments(
            turnKeys,
            key,
            { token, began },
            commit,
            handledAs,
            draft?.sealed,
            holder,
          ),
        );
        if (moved === 2) {
          throw new Error(
            `conversation lock ${lockKey} expired during a turn and another turn took it ` +
              "(or someone's data was erased meanwhile); this turn saved nothing and its " +
              "message is not marked handled",
          );
        }
        this.rememberDraft(draftKey, commit.session === null ? null : draft);
        holderMoved = moved === 1;
      }
    } catch (error) {
      // Not saved: the lock goes anyway, so the next message does not wait for it to expire.
      await release().catch(() => undefined);
      throw error;
    }
    // The turn is saved and must be answered: a holder that failed to be written is left to
    // the person's next message, which seals it anew.
    if (holder) await this.holderWritten(holder, holderMoved).catch(() => undefined);
    return outcome.value;
  }

  /** COMMIT_TURN's keys and arguments for the outcome of one message. */
  private commitArguments(
    turnKeys: readonly string[],
    key: ConversationKey,
    lock: { readonly token: string; readonly began: number },
    commit: Commit,
    handledAs: string,
    sealedDraft?: Buffer,
    holder?: HolderWrite,
  ): [keys: string[], args: RedisArgument[]] {
    const { retentionMs } = this.options;
    const keys = [...turnKeys, this.lastErasureKey];
    const draft =
      commit.session === null ? ["d", ""] : sealedDraft ? ["s", sealedDraft] : ["-", ""];
    const language =
      commit.language === undefined ? ["", 0] : [commit.language ?? NO_LANGUAGE, LANGUAGE_TTL_MS];
    const menu =
      commit.menu === null
        ? ["d", ""]
        : commit.menu
          ? ["s", JSON.stringify(commit.menu)]
          : ["-", ""];
    const args: RedisArgument[] = [lock.token, ...draft, retentionMs];
    args.push(...language, ...menu, handledAs, Date.now(), this.seenTtlMs, lock.began);
    if (holder) {
      keys.push(holder.key);
      args.push(holder.keep ? "=" : "s", holder.held.sealed, USERNAME_TTL_MS);
    }
    return [keys, args];
  }

  /**
   * Names change hands on Telegram: the last account seen using one holds it. The holder this
   * process wrote last is kept as it is, without sealing it anew, while it is still the one in
   * Redis and was written less than HOLDER_REFRESH_MS ago.
   */
  private holderWrite(key: ConversationKey, seenAs: NonNullable<Commit["seenAs"]>): HolderWrite {
    const nameKey = this.usernameKey(key.channel, seenAs.username);
    const held = this.heldNames.get(nameKey);
    const now = Date.now();
    if (
      held?.id === key.userId &&
      held.name === seenAs.displayName &&
      now - held.at < HOLDER_REFRESH_MS
    ) {
      return { key: nameKey, held, keep: true };
    }
    return {
      key: nameKey,
      held: this.sealHolder(key.userId, seenAs.displayName, now),
      keep: false,
    };
  }

  private sealHolder(id: string, name: string | undefined, at: number): HeldName {
    return { id, name, at, sealed: this.options.cipher.seal({ id, name, at }) };
  }

  /** After the turn's commit: remembers the holder written, or writes it if it had moved. */
  private async holderWritten(write: HolderWrite, moved: boolean): Promise<void> {
    if (!moved) {
      if (!write.keep) this.heldNames.set(write.key, write.held);
      return;
    }
    this.heldNames.delete(write.key);
    const held = this.sealHolder(write.held.id, write.held.name, Date.now());
    await this.redis.set(write.key, held.sealed, "PX", USERNAME_TTL_MS);
    this.heldNames.set(write.key, held);
  }

  /** A draft as Redis keeps it: compact, then sealed. */
  private sealDraft(session: Session): { sealed: Buffer; json: string } {
    const json = JSON.stringify(compactSession(session));
    return { sealed: this.options.cipher.sealJsonBytes(json), json };
  }

  /** After a save: the draft now under `key` (null: none; undefined: unchanged). */
  private rememberDraft(key: string, draft: { sealed: Buffer; json: string } | null | undefined) {
    if (draft === undefined) return;
    if (draft === null) {
      this.savedDrafts.delete(key);
      return;
    }
    this.savedDrafts.set(key, draft);
  }

  /**
   * Adds the removal of everything kept of this person (after an erasure) to `transaction`:
   * every key named by their pseudonym `who`, the messages they sent included.
   */
  private async forgetInto(
    transaction: ChainableCommander,
    key: ConversationKey,
    who: string,
    username?: string,
  ): Promise<void> {
    transaction.del(
      ...["conv", "lang", "menu", "unreadable", "handled"].map((kind) =>
        this.keyOf(kind, key.channel, who),
      ),
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
    const menu = JSON.stringify(rememberMenu(choices));
    await this.redis.set(this.key("menu", key), menu, "PX", this.options.retentionMs);
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

  private readState(
    draftKey: string,
    session: Buffer | null,
    language: Buffer | null,
    menu: Buffer | null,
    seen: number,
    counted: number | null,
  ): LoadedState {
    const lang = language?.toString();
    return {
      ...(session ? this.readSession(draftKey, session) : { session: null }),
      language:
        lang === NO_LANGUAGE
          ? null
          : (LANGUAGES.find((candidate) => candidate === lang) ?? undefined),
      menu: menu ? parseMenu(menu.toString()) : null,
      seen: seen === 1,
      ...(counted === null ? {} : { counted }),
    };
  }

  /**
   * A draft is kept sealed, in a compact form (`compactSession`); one an earlier version kept
   * as JSON in clear is still read, and is sealed when the turn saves it.
   */
  private readSession(
    key: string,
    raw: Buffer,
  ): { session: Session | null; unreadable?: string[] } {
    const saved = this.savedDrafts.get(key);
    // The very bytes this process sealed: what it sealed, which was a Session then.
    if (saved?.sealed.equals(raw)) {
      return { session: expandSession(JSON.parse(saved.json)) as Session };
    }
    let json: unknown;
    try {
      json =
        raw[0] === LEGACY_DRAFT
          ? JSON.parse(raw.toString("utf8"))
          : expandSession(this.options.cipher.openBytes(raw));
    } catch (error) {
      // The parser's message quotes the text, which may hold personal data.
      return {
        session: null,
        unreadable: [error instanceof SealError ? "sealed with another key" : "not valid JSON"],
      };
    }
    const parsed = sessionSchema.safeParse(json);
    if (parsed.success) return { session: parsed.data };
    return {
      session: null,
      unreadable: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
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

type TurnState = [
  draft: Buffer | null,
  language: Buffer | null,
  menu: Buffer | null,
  seen: number,
  counted: number | null,
];

/** BEGIN_TURN's reply: null when another turn holds the lock. */
function turnState(reply: RedisReply): TurnState | null {
  if (reply === null) return null;
  const unexpected = () =>
    new Error("Redis answered a turn's lock with something other than its state");
  if (!Array.isArray(reply) || reply.length !== 5) throw unexpected();
  const [draft, language, menu, seen, counted] = reply;
  const bytes = (value: RedisReply | undefined): Buffer | null => {
    if (value === null || Buffer.isBuffer(value)) return value;
    throw unexpected();
  };
  return [
    bytes(draft),
    bytes(language),
    bytes(menu),
    seen === 1 ? 1 : 0,
    typeof counted === "number" ? counted : null,
  ];
}

function parseMenu(raw: string): StoredMenu | null {
  try {
    const parsed = storedMenuSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The first byte of a draft an earlier version stored as JSON in clear ("{"). */
const LEGACY_DRAFT = 0x7b;

/**
 * A draft as stored, before sealing: its fields in order, without names, and `updatedAt` as
 * the time since `startedAt`; a third of a draft was its field names and the like.
 */
type CompactSession = readonly [
  flowId: string,
  stepId: string,
  answers: Session["answers"],
  submissionId: string,
  startedAt: number,
  sinceStart: number,
  /** 1 while an answer is changed from the summary, or `[changedFrom]` when the draft has that. */
  editing: 0 | 1 | readonly [Answer],
  nearby?: Session["nearby"],
];

function compactSession(session: Session): CompactSession {
  const { flowId, stepId, answers, submissionId, startedAt, updatedAt, editing, changedFrom } =
    session;
  const fields = [
    flowId,
    stepId,
    answers,
    submissionId,
    startedAt,
    updatedAt - startedAt,
    // Wrapped: a skipped answer (null) is one to put back too.
    changedFrom === undefined ? (editing ? 1 : 0) : ([changedFrom] as const),
  ] as const;
  return session.nearby ? [...fields, session.nearby] : fields;
}

/** The draft `compactSession` was given, for the schema to check. */
function expandSession(stored: unknown): unknown {
  if (!Array.isArray(stored)) return stored;
  const [flowId, stepId, answers, submissionId, startedAt, sinceStart, editing, nearby] =
    stored as unknown[];
  return {
    v: 1,
    flowId,
    stepId,
    answers,
    submissionId,
    startedAt,
    updatedAt:
      typeof startedAt === "number" && typeof sinceStart === "number"
        ? startedAt + sinceStart
        : undefined,
    editing: editing === 1 || Array.isArray(editing),
    ...(Array.isArray(editing) ? { changedFrom: (editing as unknown[])[0] } : {}),
    ...(nearby === undefined ? {} : { nearby }),
  };
}
