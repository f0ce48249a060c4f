import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../../src/config/catalog.js";
import { IllegalTransitionError } from "../../../src/core/reports/lifecycle.js";
import { PrismaReportQueries } from "../../../src/infra/db/report-queries.js";
import {
  InvalidActionError,
  NotPermittedError,
  ReportWorkflow,
  type ReportActivity,
  type ReportChange,
} from "../../../src/core/reports/workflow.js";
import { createDeskHarness, DESK_CHAT, type DeskHarness } from "../../support/desk-harness.js";
import { catalog } from "../../support/engine-harness.js";
import { silentLogger, testCipher, whileLockHeld } from "../../support/services.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import { eraseReporter } from "../../../src/infra/db/privacy-store.js";

let desk: DeskHarness;
const changes: ReportChange[] = [];
const activities: ReportActivity[] = [];
let failListener = false;

beforeAll(async () => {
  desk = await createDeskHarness({
    listeners: [
      {
        async onChange(change) {
          changes.push(change);
          if (failListener) throw new Error("listener broke");
        },
        async onActivity(activity) {
          activities.push(activity);
        },
      },
    ],
  });
});

afterAll(async () => {
  await desk.close();
});

const system = { type: "system" } as const;

describe("ReportWorkflow", () => {
  it("routes with milestones, an event, the reporter's notice and the agency's card in one change", async () => {
    const admin = await desk.staff("wf-admin", "admin");
    const { code } = await desk.file();
    const result = await desk.workflow.apply({
      trackingCode: code,
      action: "route",
      agencyId: "dinas-pupr",
      actor: { type: "staff", staff: { id: admin.id, role: "admin", agencyId: null } },
    });
    expect(result.change).toMatchObject({
      trackingCode: code,
      action: "route",
      from: "submitted",
      to: "routed",
      agencyId: "dinas-pupr",
    });
    expect(changes.at(-1)).toEqual(result.change);
    const report = await desk.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { events: true },
    });
    expect(report.routedAt).toEqual(result.change.at);
    expect(report.verifiedAt).toEqual(result.change.at);
    expect(report.events.at(-1)).toMatchObject({
      type: "routed",
      actorType: "staff",
      actorId: admin.id,
      public: true,
    });
    const outbox = await desk.outbox(code);
    // Rows: confirmation + desk card (intake), then the reporter's update and the card redraw.
    const ids = new Set(result.pendingOutbox.map((row) => row.id));
    const written = outbox.filter((row) => ids.has(row.id));
    expect(written.map((row) => row.purpose).sort()).toEqual(["card_update", "update:route"]);
    const card = outbox.find((row) => row.purpose === "card");
    expect(written.find((row) => row.purpose === "card_update")).toMatchObject({
      chatId: DESK_CHAT.chatId,
      replacesId: card?.id,
    });
    expect(written.find((row) => row.purpose === "update:route")?.text).toContain(
      `Laporan ${code} diteruskan ke Dinas Pekerjaan Umum`,
    );
  });

  it("writes the reporter's notices in the reporter's language", async () => {
    const { code, reporterId } = await desk.file();
    await desk.prisma.reporter.update({
      where: { channel_externalId: { channel: "terminal", externalId: reporterId } },
      data: { language: "en" },
    });
    await desk.workflow.apply({
      trackingCode: code,
      action: "reject",
      actor: system,
      text: "Duplicate of ADU-2222AA",
    });
    const notice = (await desk.outbox(code)).find((row) => row.purpose === "update:reject");
    expect(notice?.text).toContain(`Report ${code} cannot be processed: Duplicate of ADU-2222AA`);
    // Closed: no invitation to add information that /tambah would then refuse.
    expect(notice?.text).toContain("You can file a new report with /lapor.");
    expect(notice?.text).not.toContain("/tambah");
  });

  it("tells supporters of milestones with a notice of their own, never the reporter's rating or reply", async () => {
    const { code } = await desk.file();
    const act = (action: "route" | "reply" | "complete") =>
      desk.workflow.apply({
        trackingCode: code,
        action,
        actor: system,
        ...(action === "route" ? { agencyId: "dinas-pupr" } : { text: "Lubang sudah ditambal." }),
      });
    // Routed reports are public, and can be supported.
    await act("route");
    const supporter = { channel: "whatsapp", chatId: "62812000111@c.us", language: "en" } as const;
    await desk.workflow.support({
      trackingCode: code,
      account: { ...supporter, externalId: "62812000111" },
    });
    await act("reply");
    await act("complete");
    const toSupporter = (await desk.outbox(code)).filter((row) => row.chatId === supporter.chatId);
    const notice = (status: string) => ({
      kind: "supported",
      language: "en",
      values: { code, status },
    });
    expect(toSupporter.map((row) => [row.purpose, row.message.notice])).toEqual([
      ["support:reply", notice("Followed up")],
      ["support:complete", notice("Done")],
    ]);
    expect(toSupporter.every((row) => row.message.choices === undefined)).toBe(true);
  });

  it("refuses an illegal transition naming the current status, and changes nothing", async () => {
    const { code } = await desk.file();
    const attempt = desk.workflow.apply({ trackingCode: code, action: "complete", actor: system });
    await expect(attempt).rejects.toThrow(IllegalTransitionError);
    await expect(attempt).rejects.toThrow("submitted");
    expect(await desk.status(code)).toBe("submitted");
  });

  it("lets officers act only on their agency's reports and never verify", async () => {
    const officer = await desk.staff("wf-officer", "officer", "dinas-pupr");
    const actor = {
      type: "staff",
      staff: { id: officer.id, role: "officer", agencyId: "dinas-pupr" },
    } as const;
    const { code } = await desk.file();
    await expect(
      desk.workflow.apply({ trackingCode: code, action: "verify", actor }),
    ).rejects.toThrow(NotPermittedError);
    await expect(
      desk.workflow.apply({ trackingCode: code, action: "reply", actor, text: "Halo" }),
    ).rejects.toThrow(NotPermittedError);
    await desk.workflow.apply({
      trackingCode: code,
      action: "route",
      actor: system,
      agencyId: "dinas-pupr",
    });
    await expect(
      desk.workflow.apply({ trackingCode: code, action: "reply", actor }),
    ).rejects.toThrow(InvalidActionError);
    await desk.workflow.apply({
      trackingCode: code,
      action: "reply",
      actor,
      text: "Kami cek besok",
    });
    const report = await desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } });
    expect(report).toMatchObject({ status: "followed_up", assigneeId: officer.id });
    expect(report.firstAnsweredAt).not.toBeNull();
  });

  it("lets only the reporter reopen their own report", async () => {
    const { code, reporterId } = await desk.file();
    const other = await desk.file();
    await desk.workflow.apply({
      trackingCode: code,
      action: "route",
      actor: system,
      agencyId: "dinas-pupr",
    });
    await desk.workflow.apply({
      trackingCode: code,
      action: "complete",
      actor: system,
      text: "Beres",
    });
    const owner = await desk.prisma.reporter.findUniqueOrThrow({
      where: { channel_externalId: { channel: "terminal", externalId: reporterId } },
    });
    const stranger = await desk.prisma.reporter.findUniqueOrThrow({
      where: { channel_externalId: { channel: "terminal", externalId: other.reporterId } },
    });
    await expect(
      desk.workflow.apply({
        trackingCode: code,
        action: "reopen",
        actor: { type: "reporter", reporterId: stranger.id },
      }),
    ).rejects.toThrow(NotPermittedError);
    await expect(
      desk.workflow.apply({
        trackingCode: code,
        action: "complete",
        actor: { type: "reporter", reporterId: owner.id },
      }),
    ).rejects.toThrow(NotPermittedError);
    const result = await desk.workflow.apply({
      trackingCode: code,
      action: "reopen",
      actor: { type: "reporter", reporterId: owner.id },
    });
    expect(result.change.to).toBe("reopened");
    expect(
      (await desk.prisma.report.findUniqueOrThrow({ where: { trackingCode: code } })).resolvedAt,
    ).toBeNull();
  });

  it("serialises concurrent changes: of two verifications at once, one wins", async () => {
    const { code } = await desk.file();
    const outcomes = await Promise.allSettled([
      desk.workflow.apply({ trackingCode: code, action: "verify", actor: system }),
      desk.workflow.apply({ trackingCode: code, action: "verify", actor: system }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    expect(failed?.reason).toBeInstanceOf(IllegalTransitionError);
    expect(
      await desk.prisma.reportEvent.count({
        where: { report: { trackingCode: code }, type: "verified" },
      }),
    ).toBe(1);
  });

  it("waits for an erasure of the reporter that holds their report for seconds, then makes the change", async () => {
    const { code, reporterId } = await desk.file();
    const reporter = await desk.prisma.reporter.findFirstOrThrow({
      where: { externalId: reporterId },
    });
    // Published photos make the erasure rewrite the report's row, as a name written into it
    // does: a long history keeps that row locked until the whole erasure commits.
    await desk.prisma.report.update({
      where: { trackingCode: code },
      data: { photosPublic: true },
    });
    const verified = await whileLockHeld(
      desk.db,
      (tx) => eraseReporter(tx, reporter.id, "request", new Date()),
      () => desk.workflow.apply({ trackingCode: code, action: "verify", actor: system }),
    );
    expect(verified).toMatchObject({ change: { to: "verified" } });
    const report = await desk.prisma.report.findUniqueOrThrow({
      where: { trackingCode: code },
      include: { reporter: true },
    });
    expect(report).toMatchObject({ status: "verified", photosPublic: false });
    expect(report.reporter.erasedAt).not.toBeNull();
  }, 30_000);

  it("keeps a change when a listener fails", async () => {
    const { code } = await desk.file();
    failListener = true;
    try {
      const result = await desk.workflow.apply({
        trackingCode: code,
        action: "verify",
        actor: system,
      });
      expect(result.change.to).toBe("verified");
    } finally {
      failListener = false;
    }
    expect(await desk.status(code)).toBe("verified");
  });

  it("keeps internal notes out of the reporter's timeline and reports activities", async () => {
    const { code, reporterId } = await desk.file();
    const admin = await desk.staff("wf-admin-2", "admin");
    const owner = await desk.prisma.reporter.findUniqueOrThrow({
      where: { channel_externalId: { channel: "terminal", externalId: reporterId } },
    });
    await desk.workflow.note({
      trackingCode: code,
      actor: { type: "staff", staff: { id: admin.id, role: "admin", agencyId: null } },
      text: "Pelapor sering mengirim laporan ganda",
    });
    await desk.workflow.addInfo({
      trackingCode: code,
      actor: { type: "reporter", reporterId: owner.id },
      text: "Lubangnya makin besar",
    });
    expect(activities.slice(-2).map((activity) => activity.type)).toEqual(["note", "info_added"]);
    const view = await new PrismaReportQueries(desk.prisma).statusFor(
      { channel: "terminal", externalId: reporterId },
      code,
    );
    const texts = view?.timeline.map((event) => event.text) ?? [];
    expect(texts).toContain("Lubangnya makin besar");
    expect(texts).not.toContain("Pelapor sering mengirim laporan ganda");
    // Nobody holds the report yet, so the reporter's information goes to the desk.
    const notice = (await desk.outbox(code)).find((row) => row.purpose === "staff_notice");
    expect(notice).toMatchObject({ chatId: DESK_CHAT.chatId });
    expect(notice?.text).toContain("Lubangnya makin besar");
  });

  it("posts a routed report to the agency's chat when the catalog names one, else to its officers", async () => {
    const withChat = new Catalog({
      ...catalog.data,
      agencies: catalog.data.agencies.map((agency) =>
        agency.id === "dlh" ? { ...agency, chat: "-200" } : agency,
      ),
    });
    const workflow = new ReportWorkflow(new PrismaReportStore(desk.prisma, testCipher), {
      catalog: withChat,
      logger: silentLogger,
      desk: { groups: [DESK_CHAT], privateOn: [] },
    });
    const officer = await desk.staff("wf-officer-sosial", "officer", "dinas-sosial");
    await desk.prisma.staff.update({
      where: { id: officer.id },
      data: { chatId: "chat-of-officer" },
    });
    const first = await desk.file();
    await workflow.apply({
      trackingCode: first.code,
      action: "route",
      actor: system,
      agencyId: "dlh",
    });
    const second = await desk.file();
    await workflow.apply({
      trackingCode: second.code,
      action: "route",
      actor: system,
      agencyId: "dinas-sosial",
    });
    const cards = async (code: string) =>
      (await desk.outbox(code)).filter((row) => row.purpose === "card").map((row) => row.chatId);
    expect(await cards(first.code)).toEqual([DESK_CHAT.chatId, "-200"]);
    expect(await cards(second.code)).toEqual([DESK_CHAT.chatId, "chat-of-officer"]);
  });
});
