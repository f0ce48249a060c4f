import { rm } from "node:fs/promises";
import { privateDirectory } from "../../core/media/private-dir.js";
import { join } from "node:path";
import QRCode from "qrcode";
import qrcodeTerminal from "qrcode-terminal";
import type { Logger } from "../../infra/logger.js";

export interface LoginPromptOptions {
  readonly sessionDir: string;
  readonly logger: Logger;
  /** Where the QR code is drawn for an operator at the console. */
  readonly console: NodeJS.WritableStream;
}

/**
 * Shows an operator how to link the WhatsApp number: the QR code drawn on the console and
 * saved as a PNG (for headless servers, fetch it with scp), or the pairing code to type.
 */
export class LoginPrompt {
  readonly qrFile: string;

  constructor(private readonly options: LoginPromptOptions) {
    this.qrFile = join(options.sessionDir, "login-qr.png");
  }

  async showQr(qr: string): Promise<void> {
    qrcodeTerminal.generate(qr, { small: true }, (drawing) => {
      this.options.console.write(
        `\nScan with WhatsApp > Linked devices > Link a device / Pindai dengan WhatsApp > Perangkat tertaut > Tautkan perangkat:\n${drawing}\n`,
      );
    });
    await privateDirectory(this.options.sessionDir);
    await QRCode.toFile(this.qrFile, qr, { width: 512, margin: 2 });
    this.options.logger.warn(
      { qrFile: this.qrFile },
      "WhatsApp is not linked: scan the QR code printed above, or the PNG file, with " +
        "WhatsApp > Linked devices > Link a device on the phone of the number the bot uses " +
        "(the code changes every ~20 seconds)",
    );
  }

  showPairingCode(code: string): void {
    const shown = code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
    this.options.console.write(`\nWhatsApp pairing code / kode penautan: ${shown}\n`);
    this.options.logger.warn(
      { pairingCode: shown },
      "WhatsApp is not linked: on the phone, open WhatsApp > Linked devices > Link a device > " +
        "Link with phone number instead, and type this code",
    );
  }

  /** A QR code left behind after linking would only confuse; it cannot be used again. */
  async loggedIn(): Promise<void> {
    await rm(this.qrFile, { force: true });
  }
}
