/**
 * Each chat's messages handled one after another, in the order they came, and different chats
 * side by side: a conversation's turns must not overtake each other, and one person's slow
 * turn must not hold up anyone else's.
 */
export class ChatOrder {
  /** The last task of each chat with one still to finish. */
  private readonly chats = new Map<string, Promise<void>>();

  /**
   * Runs `task` once the tasks given before for `chat` have finished. The promise settles when
   * it has, and never rejects: `failed` hears why a task failed.
   */
  run(chat: string, task: () => Promise<void>, failed: (error: unknown) => void): Promise<void> {
    const previous = this.chats.get(chat);
    const next = (previous ? previous.then(task) : task()).catch((error: unknown) => {
      failed(error);
    });
    this.chats.set(chat, next);
    void next.then(() => {
      if (this.chats.get(chat) === next) this.chats.delete(chat);
    });
    return next;
  }

  /** Once every task given so far has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.chats.values());
  }
}
