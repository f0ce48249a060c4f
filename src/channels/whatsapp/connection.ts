import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../infra/logger.js";
import type { LoginPrompt } from "./login.js";
import type { WhatsAppClient, WhatsAppClientFactory, WhatsAppMessage } from "./transport.js";

export type ConnectionState =
  "stopped" | "starting" | "waiting_for_login" | "ready" | "reconnecting";

export interface ReconnectDelays {
  readonly firstMs: number;
  readonly maxMs: number;
}

export interface WhatsAppConnectionOptions {
  readonly createClient: WhatsAppClientFactory;
  readonly login: LoginPrompt;
  readonly logger: Logger;
  readonly onMessage: (message: WhatsAppMessage) => void;
  readonly reconnect?: ReconnectDelays;
}

/** How long a closed session's initialize() may take to settle, so its browser is closed too. */
const LAUNCH_GRACE_MS = 10_000;

const DEFAULT_RECONNECT: ReconnectDelays = { firstMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Keeps one WhatsApp Web session alive: a fresh client for every attempt (whatsapp-web.js
 * destroys itself on disconnect), reconnecting with doubling delays, and the browser always
 * closed when an attempt fails or the connection stops, so no Chromium is left behind.
 */
export class WhatsAppConnection {
  private current?: WhatsAppClient;
  private stateValue: ConnectionState = "stopped";
  private failures = 0;
  private loop?: Promise<void>;
  private stopRequested: Promise<string> = Promise.resolve("stopped");
  private requestStop: () => void = () => undefined;
  private readyWaiters: (() => void)[] = [];
  private readonly reconnect: ReconnectDelays;

  constructor(private readonly options: WhatsAppConnectionOptions) {
    this.reconnect = options.reconnect ?? DEFAULT_RECONNECT;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Starts connecting in the background; linking may wait for an operator for a long time. */
  start(): void {
    if (this.loop) return;
    this.stateValue = "starting";
    this.stopRequested = new Promise((resolve) => (this.requestStop = () => resolve("stopped")));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stateValue = "stopped";
    this.requestStop();
    await this.loop;
    this.loop = undefined;
    this.readyWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** A method, not a property read: the state changes while the connection awaits. */
  private isStopped(): boolean {
    return this.stateValue === "stopped";
  }

  /** The client once the session is ready, or undefined if it is not within `timeoutMs`. */
  async readyClient(timeoutMs: number): Promise<WhatsAppClient | undefined> {
    if (this.stateValue !== "ready") {
      await Promise.race([
        new Promise<void>((resolve) => this.readyWaiters.push(resolve)),
        sleep(timeoutMs, undefined, { ref: false }),
      ]);
    }
    return this.stateValue === "ready" ? this.current : undefined;
  }

  private async run(): Promise<void> {
    while (!this.isStopped()) {
      const ended = await this.session();
      if (this.isStopped()) break;
      this.stateValue = "reconnecting";
      const delay = Math.min(this.reconnect.maxMs, this.reconnect.firstMs * 2 ** this.failures);
      this.failures += 1;
      this.options.logger.info({ delayMs: delay, reason: ended }, "reconnecting to WhatsApp Web");
      await Promise.race([sleep(delay, undefined, { ref: false }), this.stopRequested]);
    }
  }

  /** Runs one client until it fails or disconnects; resolves to the reason it ended. */
  private async session(): Promise<string> {
    const { logger, login } = this.options;
    let client: WhatsAppClient;
    try {
      client = await this.options.createClient();
    } catch (error) {
      logger.error({ err: error }, "cannot create the WhatsApp client; retrying");
      return `client not created: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.current = client;
    let end!: (reason: string) => void;
    const ended = new Promise<string>((resolve) => (end = resolve));

    client.on("qr", (qr) => {
      this.stateValue = "waiting_for_login";
      login.showQr(qr).catch((error: unknown) => {
        logger.error({ err: error }, "could not write the WhatsApp QR code file");
      });
    });
    client.on("code", (code) => {
      this.stateValue = "waiting_for_login";
      login.showPairingCode(code);
    });
    client.on("authenticated", () => logger.info("WhatsApp session authenticated"));
    client.on("auth_failure", (message) => {
      logger.error(
        { reason: message },
        "WhatsApp refused the saved session; a new QR code (or pairing code) will be shown: " +
          "link the number again from the phone",
      );
      end(`auth_failure: ${message}`);
    });
    client.on("ready", () => {
      this.stateValue = "ready";
      this.failures = 0;
      logger.info("WhatsApp is connected and receiving messages");
      login.loggedIn().catch(() => undefined);
      this.readyWaiters.splice(0).forEach((resolve) => resolve());
    });
    client.on("disconnected", (reason) => {
      logger.error(
        { reason },
        reason === "LOGOUT"
          ? "WhatsApp logged this device out (removed from Linked devices on the phone): " +
              "the session was deleted; scan the next QR code to link the number again"
          : "WhatsApp disconnected; reconnecting",
      );
      end(`disconnected: ${reason}`);
    });
    client.on("message", (message) => {
      if (this.current === client) this.options.onMessage(message);
    });

    // Not awaited: opening WhatsApp Web can hang on a bad network, and stop() must not.
    const initialized = client.initialize().catch((error: unknown) => {
      if (!this.isStopped()) {
        logger.error(
          { err: error },
          "could not open WhatsApp Web: check that Chromium runs (WHATSAPP_CHROMIUM_PATH; " +
            "install it with `apt-get install chromium`) and that this server reaches " +
            "web.whatsapp.com; retrying",
        );
      }
      end("initialize failed");
    });
    const reason = await Promise.race([ended, this.stopRequested]);
    if (this.stateValue === "ready") this.stateValue = "reconnecting";
    await client.destroy();
    // A browser still being launched when destroy() ran would outlive it: close it again
    // once initialize() has settled.
    const settled = await Promise.race([
      initialized.then(() => true),
      sleep(LAUNCH_GRACE_MS, false, { ref: false }),
    ]);
    if (settled) await client.destroy();
    else logger.warn("WhatsApp Web did not finish opening after it was closed");
    return reason;
  }
}
