import { describe, expect, it } from "vitest";
import { planDelivery } from "../../../src/channels/whatsapp/cloud/service-window.js";
import {
  loadTemplates,
  type CloudNotice,
  type TemplateBook,
} from "../../../src/channels/whatsapp/cloud/templates.js";

const templates = loadTemplates("config/whatsapp-templates.yaml");
const lastWrote = new Date("2026-11-30T08:00:00+07:00");
const after = (ms: number) => new Date(lastWrote.getTime() + ms);
const HOUR = 60 * 60 * 1000;

const replied: CloudNotice = {
  kind: "replied",
  language: "id",
  values: { code: "ADU-7K3F9Q", agency: "Dinas PUPR", text: "Sudah diperbaiki." },
};

describe("the 24-hour customer service window", () => {
  it("lets a notice go free-form until the last millisecond of the 24 hours", () => {
    const plan = planDelivery({
      chatId: "1@c.us",
      lastInboundAt: lastWrote,
      now: after(24 * HOUR - 1),
      notice: replied,
      templates,
    });
    expect(plan).toEqual({ kind: "free_form" });
  });

  it("sends the notice's template from the 24th hour on, and when the citizen never wrote", () => {
    for (const lastInboundAt of [lastWrote, undefined]) {
      const plan = planDelivery({
        chatId: "1@c.us",
        lastInboundAt,
        now: after(24 * HOUR),
        notice: replied,
        templates,
      });
      expect(plan).toMatchObject({
        kind: "template",
        template: { name: "aduan_tanggapan" },
        notice: replied,
      });
    }
  });

  it("keeps a notice without a template, saying what waits and since when the citizen is silent", () => {
    const others: TemplateBook = { ...templates, replied: undefined };
    const plan = planDelivery({
      chatId: "6281@c.us",
      lastInboundAt: lastWrote,
      now: after(25 * HOUR),
      notice: replied,
      templates: others,
    });
    expect(plan).toEqual({
      kind: "hold",
      held: {
        chatId: "6281@c.us",
        noticeKind: "replied",
        lastInboundAt: lastWrote,
        heldAt: after(25 * HOUR),
      },
    });
  });

  it("keeps a message that is no notice (nothing to template) until the citizen writes", () => {
    const plan = planDelivery({
      chatId: "6281@c.us",
      lastInboundAt: lastWrote,
      now: after(30 * HOUR),
      templates,
    });
    expect(plan).toEqual({
      kind: "hold",
      held: { chatId: "6281@c.us", lastInboundAt: lastWrote, heldAt: after(30 * HOUR) },
    });
  });
});
