import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/infra/logger.js";

/** A logger writing into an array, with the service's serializers and scrubbing. */
function capturedLogger(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "info",
    secrets,
    destination: { write: (line: string) => lines.push(line) },
  });
  return { logger, output: () => lines.join("") };
}

describe("log lines", () => {
  it("show a WhatsApp id only by its last four digits, in messages and in errors", () => {
    const { logger, output } = capturedLogger();
    logger.warn("no chat 6281234567890@c.us for message true_6281234567890@c.us_3EB0C431");
    logger.error(
      { err: new Error("Evaluation failed: invalid wid 6289876543210@s.whatsapp.net") },
      "send failed",
    );
    logger.info("group 120363025246125486@g.us, linked 184467440737095@lid");
    logger.info("old group 6285551234567-1581234567@g.us");
    const text = output();
    for (const number of [
      "6281234567890",
      "6289876543210",
      "120363025246125486",
      "184467440737095",
      "6285551234567",
    ])
      expect(text).not.toContain(number);
    expect(text).toContain("*********7890@c.us");
    expect(text).toContain("*********3210@s.whatsapp.net");
    expect(text).toContain("**************5486@g.us");
    expect(text).toContain("***********7095@lid");
    expect(text).toContain("********************4567@g.us");
  });

  it("keep numbers that are not WhatsApp ids, and still redact secrets", () => {
    const { logger, output } = capturedLogger(["123456:secret-token-value"]);
    logger.info("report LPR-7K3Q9X stored in 1234 ms by bot 123456:secret-token-value");
    expect(output()).toContain("report LPR-7K3Q9X stored in 1234 ms by bot [redacted]");
  });
});
