import { chmodSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WhatsAppChannel } from "../../../src/channels/whatsapp/whatsapp-channel.js";
import { MediaStore } from "../../../src/core/media/media-store.js";
import { PNG, media } from "../../support/engine-harness.js";
import { FakeWhatsApp } from "../../support/fake-whatsapp.js";
import { silentLogger, temporaryDirectory } from "../../support/services.js";

const mode = (path: string) => statSync(path).mode & 0o777;
const root = temporaryDirectory();
afterAll(() => root.remove());

describe("directories holding personal data", () => {
  it("media: created, and an existing one narrowed, readable by the service's user only", async () => {
    const fresh = new MediaStore({
      dir: join(root.path, "new", "media"),
      maxBytes: 4096,
      allowedTypes: ["image/png"],
    });
    await fresh.prepare();
    expect(mode(join(root.path, "new", "media"))).toBe(0o700);
    const saved = await fresh.save(media(PNG));
    if (!saved.ok) throw new Error("the test image was refused");
    expect(mode(join(fresh.pathOf(saved.file), ".."))).toBe(0o700);

    const existing = join(root.path, "old-media");
    mkdirSync(existing);
    chmodSync(existing, 0o755);
    await new MediaStore({ dir: existing, maxBytes: 1, allowedTypes: [] }).prepare();
    expect(mode(existing)).toBe(0o700);
  });

  it("the WhatsApp session: created readable by the service's user only when the channel starts", async () => {
    const sessionDir = join(root.path, "whatsapp");
    const fake = new FakeWhatsApp();
    fake.linked = true;
    const channel = new WhatsAppChannel({
      createClient: fake.createClient,
      sessionDir,
      maxMediaBytes: 1024,
      files: { read: () => Promise.reject(new Error("this test sends no files")) },
      sendPerMinute: 60,
      logger: silentLogger,
      console: { write: () => true } as unknown as NodeJS.WritableStream,
    });
    await channel.start({ handle: async () => [], shown: async () => undefined });
    try {
      expect(mode(sessionDir)).toBe(0o700);
    } finally {
      await channel.stop();
    }
  });
});
