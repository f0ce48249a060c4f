import type { Logger } from "pino";
import type { Redis } from "ioredis";

/**
 * Tells every process of the installation that something they all hold in memory changed
 * (the holiday list), over Redis pub/sub. A message sent while a process was disconnected is
 * lost, so a listener also runs each time its connection comes back.
 */
export class Broadcast {
  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  async publish(): Promise<void> {
    await this.redis.publish(this.channel, "changed");
  }

  /** Runs `onChange` at each message and reconnection; returns how to stop listening. */
  async listen(onChange: () => Promise<void>, logger: Logger): Promise<() => Promise<unknown>> {
    const subscriber = this.redis.duplicate({ connectionName: `aduan:listen:${this.channel}` });
    const run = () => {
      onChange().catch((error: unknown) =>
        logger.error({ err: error, channel: this.channel }, "could not reload after a change"),
      );
    };
    let connectedOnce = false;
    subscriber.on("ready", () => {
      if (connectedOnce) run();
      connectedOnce = true;
    });
    subscriber.on("message", run);
    // Connection errors are watched on the main client (watchRedis); this one only retries.
    subscriber.on("error", (error: Error) =>
      logger.debug({ err: error, channel: this.channel }, "broadcast listener error"),
    );
    await subscriber.subscribe(this.channel);
    return () => subscriber.quit();
  }
}
