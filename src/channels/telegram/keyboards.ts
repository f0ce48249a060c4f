/** How many private chats' keyboards are remembered; the least recently changed go first. */
const REMEMBERED_CHATS = 10_000;

interface Shown {
  /** The message that put this keyboard on screen (or took the keyboard away: no keys). */
  readonly messageId: number;
  readonly keys: ReadonlySet<string>;
}

/**
 * The reply keyboards lately sent to private chats. A key sends its label as text, tied to no
 * question: pressed twice before the next question arrives, the second press would answer
 * that question unseen ("Tidak" to anonim, then to rahasia). Telegram numbers all the
 * messages a bot sees in one rising sequence, so a message's id tells whether it was sent
 * before the keyboard on screen now was; a key of the keyboard it replaced is then stale.
 * In memory only: after a restart, or for a chat another process answered, nothing is known
 * and every press counts.
 */
export class ShownKeyboards {
  private readonly chats = new Map<string, { previous?: Shown; current: Shown }>();

  /** A message with a reply keyboard (`keys` its text keys) or its removal (none) was sent. */
  shown(chatId: string, messageId: number, keys: readonly string[]): void {
    const before = this.chats.get(chatId);
    this.chats.delete(chatId);
    this.chats.set(chatId, {
      ...(before ? { previous: before.current } : {}),
      current: { messageId, keys: new Set(keys) },
    });
    if (this.chats.size > REMEMBERED_CHATS) {
      const oldest = this.chats.keys().next().value;
      if (oldest !== undefined) this.chats.delete(oldest);
    }
  }

  /** True when the text was sent from a keyboard the chat had replaced by the time it arrived. */
  isStale(chatId: string, messageId: number, text: string): boolean {
    const chat = this.chats.get(chatId);
    if (!chat || messageId > chat.current.messageId) return false;
    const { previous } = chat;
    return previous !== undefined && messageId > previous.messageId && previous.keys.has(text);
  }
}
