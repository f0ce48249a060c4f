import { setTimeout as sleep } from "node:timers/promises";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHolidays, readHolidayFile } from "../../src/config/holidays.js";
import { HolidayBook, shippedInPart } from "../../src/core/time/holiday-book.js";
import { PrismaHolidayStore } from "../../src/infra/db/holiday-store.js";
import { DeadlineService } from "../../src/core/reports/deadlines.js";
import { ReportIntake } from "../../src/core/reports/intake-service.js";
import { ReportWorkflow, type ReportChange } from "../../src/core/reports/workflow.js";
import { WorkingCalendar } from "../../src/core/time/working-days.js";
import { syncCatalog } from "../../src/infra/db/sync-catalog.js";
import { Metrics } from "../../src/observability/metrics.js";
import { DeadlineScheduler, startDeadlineWorker } from "../../src/queues/deadlines.js";
import type { QueueSettings } from "../../src/queues/options.js";
import { OutboundQueues, startOutboundWorker } from "../../src/queues/outbound.js";
import { TestClock } from "../support/clock.js";
import { testDeadlinePolicy } from "../support/desk-harness.js";
import { catalog } from "../support/engine-harness.js";
import { RecordingSender } from "../support/recording-sender.js";
import {
  testCipher,
  createTestDatabase,
  createTestRedis,
  queueSettings,
  silentLogger,
  untilWaitingForLock,
  type TestDatabase,
  type TestRedis,
} from "../support/services.js";
import { makeSubmission } from "../support/submissions.js";
import { eventually } from "../support/wait.js";
import { PrismaReportStore } from "../../src/infra/db/report-store.js";
import { PrismaTimelineSource } from "../../src/infra/db/timeline-source.js";
import { AccountabilityReports } from "../../src/core/reports/accountability-service.js";
import { MonthlySummaries } from "../../src/core/reports/monthly-summaries.js";

const STAFF_CHAT = "-100777";
// Friday 27 November 2026, 19:00 in Jakarta: verification is due at the end of Wednesday
// 2 December, and the desk is reminded on Tuesday 1 December at 08:00.
const FRIDAY_EVENING = new Date("2026-11-27T12:00:00Z");
const VERIFY_DUE = new Date("2026-12-02T16:59:59.999Z");
const VERIFY_REMINDER = new Date("2026-12-01T01:00:00Z");

let db: TestDatabase;
let redis: TestRedis;
let settings: QueueSettings;
let outbound: OutboundQueues;
let clock: TestClock;
let service: DeadlineService;
let scheduler: DeadlineScheduler;
let deadlineWorker: Worker;
let outboundWorker: Worker;
const staffChat = new RecordingSender("telegram");
const metrics = new Metrics();
let workflow: ReportWorkflow;
let holidays: HolidayBook;

const calendar = new WorkingCalendar("Asia/Jakarta", loadHolidays("config/holidays.yaml"));
const policy = testDeadlinePolicy(calendar);

function startDeadlines() {
  service = new DeadlineService(new PrismaReportStore(db.database.prisma, testCipher), {
    policy,
    calendar,
    catalog,
    logger: silentLogger,
    timeZone: "Asia/Jakarta",
    staffLanguage: "id",
    desk: { groups: [{ channel: "telegram", chatId: STAFF_CHAT }], privateOn: [] },
    clock: clock.now,
    metrics,
  });
  scheduler = new DeadlineScheduler(settings, service, silentLogger, clock.now);
  workflow = new ReportWorkflow(new PrismaReportStore(db.database.prisma, testCipher), {
    catalog,
    logger: silentLogger,
    clock: clock.now,
    listeners: [scheduler],
    deadlines: service,
  });
  deadlineWorker = startDeadlineWorker({
    settings,
    service,
    outbound,
    logger: silentLogger,
    clock: clock.now,
    workflow,
    autoCloseText: "ditutup otomatis",
    resync: async () => {
      await holidays.reload();
      return scheduler.resyncOpenReports();
    },
  });
}

async function stopDeadlines() {
  await deadlineWorker.close();
  await scheduler.close();
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  await syncCatalog(db.database.prisma, catalog);
  const holidayStore = new PrismaHolidayStore(db.database.prisma);
  const holidayFile = readHolidayFile("config/holidays.yaml");
  await holidayStore.seed(holidayFile);
  holidays = new HolidayBook(holidayStore, calendar, shippedInPart(holidayFile), () =>
    scheduler.requestResync(),
  );
  settings = queueSettings(redis, 4);
  outbound = new OutboundQueues(settings);
  clock = new TestClock(FRIDAY_EVENING);
  outboundWorker = startOutboundWorker({
    settings,
    queues: outbound,
    prisma: db.database.prisma,
    sender: staffChat,
    logger: silentLogger,
  });
  startDeadlines();
});

afterAll(async () => {
  await stopDeadlines();
  await outboundWorker.close();
  await outbound.close();
  await redis.cleanup();
  await db.drop();
});

const prisma = () => db.database.prisma;

/** As the worker files one: its deadlines stored with it, then its timers scheduled. */
async function fileReport(title: string): Promise<string> {
  const intake = new ReportIntake(new PrismaReportStore(prisma(), testCipher), {
    trackingCodePrefix: "ADU",
    catalog,
    logger: silentLogger,
    dueDates: (submittedAt) => service.atSubmission(submittedAt),
  });
  const stored = await intake.store(makeSubmission({ title, submittedAt: FRIDAY_EVENING }));
  if (!stored.dueDates) throw new Error("the report was stored without its deadlines");
  await scheduler.stored(stored.reportId, stored.dueDates);
  return stored.reportId;
}

const timerEvents = (reportId: string) =>
  prisma().reportEvent.findMany({
    where: { reportId, type: { in: ["reminded", "escalated"] } },
    orderBy: { id: "asc" },
  });

describe("deadline timers", () => {
  it("remind the desk once, at the start of the working day before the deadline, then escalate once when it passes", async () => {
    const reportId = await fileReport("Lampu jalan mati di Jalan Merdeka");
    const report = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report.verifyDueAt?.toISOString()).toBe(VERIFY_DUE.toISOString());

    await clock.advanceTo(new Date(VERIFY_REMINDER.getTime() - 60_000), scheduler.queue);
    await sleep(1500);
    expect(await timerEvents(reportId)).toEqual([]);

    await clock.advanceTo(VERIFY_REMINDER, scheduler.queue);
    const [reminder] = await eventually(
      async () => ((await timerEvents(reportId)).length === 1 ? timerEvents(reportId) : undefined),
      { what: "the reminder event" },
    );
    expect(reminder?.type).toBe("reminded");
    expect(reminder?.public).toBe(false);
    const firedAt = new Date((reminder?.data as { firedAt: string }).firedAt);
    expect(firedAt.getTime()).toBeGreaterThanOrEqual(VERIFY_REMINDER.getTime());
    const reminderText = await eventually(
      () => staffChat.textsTo(STAFF_CHAT).find((text) => text.includes(report.trackingCode)),
      { what: "the reminder in the staff chat" },
    );
    expect(reminderText).toContain("Pengingat: tenggat verifikasi");

    await clock.advanceTo(new Date(VERIFY_DUE.getTime() + 1), scheduler.queue);
    await eventually(
      async () => (await timerEvents(reportId)).some((event) => event.type === "escalated"),
      { what: "the escalation event" },
    );
    const texts = () =>
      staffChat.textsTo(STAFF_CHAT).filter((text) => text.includes(report.trackingCode));
    // The escalation reaches the chat through the outbound worker; then nothing more comes.
    await eventually(() => texts().length >= 2, { what: "the escalation in the staff chat" });
    await sleep(1000);
    expect((await timerEvents(reportId)).map((event) => event.type)).toEqual([
      "reminded",
      "escalated",
    ]);
    expect(texts()).toHaveLength(2);
    expect(texts()[1]).toContain("Tenggat verifikasi terlewati");
    // The reminder is not a breach; the escalation is, once.
    const breaches = await metrics.registry.getSingleMetricAsString(
      "aduan_deadline_breaches_total",
    );
    expect(breaches).toContain('aduan_deadline_breaches_total{deadline="verify"} 1');
    expect(breaches).not.toContain('deadline="follow-up"');
  });

  it("do nothing when the report moved on before its deadline", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Sampah menumpuk di TPS Kelurahan");
    // Verified on Monday: the verification timers go, the agency's follow-up timers come.
    const monday = new Date("2026-11-30T03:00:00Z");
    await clock.advanceTo(monday, scheduler.queue);
    await prisma().$transaction([
      prisma().report.update({
        where: { id: reportId },
        data: { status: "verified", verifiedAt: monday },
      }),
      prisma().reportEvent.create({
        data: { reportId, type: "verified", actorType: "staff", public: true, createdAt: monday },
      }),
    ]);
    await scheduler.sync(reportId);
    const report = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report.verifyDueAt).toBeNull();
    // Five working days from Monday 30 November: Monday 7 December.
    expect(calendar.dateOf(report.followUpDueAt ?? new Date(0))).toBe("2026-12-07");
    const pending = (await scheduler.queue.getDelayed()).filter(
      (job) => (job.data as { reportId: string }).reportId === reportId,
    );
    expect(pending.map((job) => job.name).sort()).toEqual([
      "follow-up-escalation",
      "follow-up-reminder",
    ]);

    await clock.advanceTo(new Date(VERIFY_DUE.getTime() + 1), scheduler.queue);
    await sleep(1500);
    expect(await timerEvents(reportId)).toEqual([]);
  });

  it("survive a restart without losing or repeating a timer", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Pungutan liar di kantor kelurahan");
    const { trackingCode } = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });

    await stopDeadlines();
    startDeadlines();
    expect(await scheduler.resyncOpenReports()).toBeGreaterThan(0);
    await clock.advanceTo(VERIFY_REMINDER, scheduler.queue);
    await eventually(async () => (await timerEvents(reportId)).length === 1, {
      what: "the reminder after the restart",
    });

    // A second restart after the reminder went out schedules it again; it must not repeat.
    await stopDeadlines();
    startDeadlines();
    await scheduler.resyncOpenReports();
    await clock.advanceTo(new Date(VERIFY_REMINDER.getTime() + 60_000), scheduler.queue);
    await sleep(1500);
    expect((await timerEvents(reportId)).map((event) => event.type)).toEqual(["reminded"]);
    await eventually(
      () =>
        staffChat.textsTo(STAFF_CHAT).filter((text) => text.includes(trackingCode)).length === 1,
      { what: "one reminder message" },
    );
  });

  it("close a followed-up report the reporter left unanswered, once, and ask for a rating", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Pohon tumbang menutup jalan");
    const { trackingCode } = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    const system = { type: "system" } as const;
    await workflow.apply({ trackingCode, action: "route", actor: system, agencyId: "dlh" });
    await workflow.apply({ trackingCode, action: "reply", actor: system, text: "Sudah dipotong." });
    const followedUp = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    // Answered on Friday 27 Nov: ten working days later is Friday 11 December.
    expect(followedUp.status).toBe("followed_up");
    expect(calendar.dateOf(followedUp.autoCloseAt ?? new Date(0))).toBe("2026-12-11");

    await clock.advanceTo(
      new Date((followedUp.autoCloseAt?.getTime() ?? 0) - 60_000),
      scheduler.queue,
    );
    await sleep(1500);
    expect((await prisma().report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe(
      "followed_up",
    );
    await clock.advanceTo(followedUp.autoCloseAt ?? new Date(0), scheduler.queue);
    // Closed, and the reopen window runs ten working days from the close on Friday 11 December,
    // skipping Christmas and its cuti bersama: Tuesday 29 December.
    await eventually(
      async () => {
        const done = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
        return (
          done.status === "done" &&
          calendar.dateOf(done.autoCloseAt ?? new Date(0)) === "2026-12-29"
        );
      },
      { what: "the automatic close and its reopen window" },
    );
    const notice = await prisma().outboxMessage.findFirstOrThrow({
      where: { reportId, purpose: "update:complete" },
    });
    expect(JSON.stringify(notice.payload)).toContain("ditutup otomatis");
    expect(JSON.stringify(notice.payload)).toContain(`$rate:${trackingCode}:5`);
    expect(
      await prisma().reportEvent.count({ where: { reportId, type: "done", actorType: "system" } }),
    ).toBe(1);
  });

  it("date the timeline by the service clock, so deadlines do not depend on the database's", async () => {
    // A year away from the wall clock: any event dated by PostgreSQL's now() would be the
    // latest status event and move every deadline computed from it.
    const lastYear = new Date(FRIDAY_EVENING.getTime() - 364 * 24 * 3_600_000);
    clock = new TestClock(lastYear);
    await stopDeadlines();
    startDeadlines();
    const intake = new ReportIntake(new PrismaReportStore(prisma(), testCipher), {
      trackingCodePrefix: "ADU",
      catalog,
      logger: silentLogger,
    });
    const stored = await intake.store(
      makeSubmission({ title: "Jembatan retak di Desa Sukamaju", submittedAt: lastYear }),
    );
    await scheduler.sync(stored.reportId);
    const system = { type: "system" } as const;
    await workflow.apply({
      trackingCode: stored.trackingCode,
      action: "route",
      actor: system,
      agencyId: "dlh",
    });
    const events = await prisma().reportEvent.findMany({
      where: { reportId: stored.reportId },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => [event.type, calendar.dateOf(event.createdAt)])).toEqual([
      ["submitted", "2025-11-28"],
      ["routed", "2025-11-28"],
    ]);
    const routed = await prisma().report.findUniqueOrThrow({ where: { id: stored.reportId } });
    // Routed on Friday 28 November 2025: five working days later is Friday 5 December 2025.
    expect(calendar.dateOf(routed.followUpDueAt ?? new Date(0))).toBe("2025-12-05");
  });

  it("leave a followed-up report open when the reporter wrote back", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Air PDAM tidak mengalir");
    const report = await prisma().report.findUniqueOrThrow({
      where: { id: reportId },
      include: { reporter: true },
    });
    const { trackingCode } = report;
    const system = { type: "system" } as const;
    await workflow.apply({ trackingCode, action: "route", actor: system, agencyId: "dinas-pupr" });
    await workflow.apply({ trackingCode, action: "reply", actor: system, text: "Sudah normal." });
    await workflow.addInfo({
      trackingCode,
      actor: { type: "reporter", reporterId: report.reporterId },
      text: "Belum, air masih mati di RT 03.",
    });
    const { autoCloseAt } = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    await clock.advanceTo(new Date((autoCloseAt?.getTime() ?? 0) + 1), scheduler.queue);
    await sleep(2000);
    expect((await prisma().report.findUniqueOrThrow({ where: { id: reportId } })).status).toBe(
      "followed_up",
    );
  });

  it("chase a report left on hold, then give the agency back the days it had left", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Saluran air tersumbat di Pasar Baru");
    const { trackingCode } = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    const system = { type: "system" } as const;
    // Routed on Friday 27 November: due Friday 4 December.
    await workflow.apply({ trackingCode, action: "route", actor: system, agencyId: "dlh" });
    // Held on Monday 30 November with four working days left (1, 2, 3, 4 December).
    await clock.advanceTo(new Date("2026-11-30T03:00:00Z"), scheduler.queue);
    await workflow.apply({
      trackingCode,
      action: "hold",
      actor: system,
      text: "Menunggu anggaran.",
    });
    const held = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(held.followUpDueAt).toBeNull();
    // Five working days on hold: Monday 7 December.
    expect(held.holdDueAt?.toISOString()).toBe("2026-12-07T16:59:59.999Z");
    const pending = (await scheduler.queue.getDelayed()).filter(
      (job) => (job.data as { reportId: string }).reportId === reportId,
    );
    expect(pending.map((job) => job.name).sort()).toEqual(["hold-escalation", "hold-reminder"]);

    const holdTexts = () =>
      staffChat.sent
        .filter((entry) => entry.text.includes(trackingCode) && entry.text.includes("penundaan"))
        .map((entry) => entry.text);
    // The working day before, at 08:00: Friday 4 December.
    await clock.advanceTo(new Date("2026-12-04T01:00:00Z"), scheduler.queue);
    await eventually(() => holdTexts().length === 1 || undefined, { what: "the hold reminder" });
    expect(holdTexts()[0]).toContain("Pengingat: batas penundaan");
    await clock.advanceTo(new Date("2026-12-07T17:00:00Z"), scheduler.queue);
    await eventually(() => holdTexts().length === 2 || undefined, { what: "the hold escalation" });
    expect(holdTexts()[1]).toContain("Batas penundaan terlewati");
    expect(
      await metrics.registry.getSingleMetricAsString("aduan_deadline_breaches_total"),
    ).toContain('aduan_deadline_breaches_total{deadline="hold"} 1');

    // Back to the agency on Tuesday 8 December: four working days, Monday 14 December.
    await clock.advanceTo(new Date("2026-12-08T03:00:00Z"), scheduler.queue);
    await workflow.apply({ trackingCode, action: "route", actor: system, agencyId: "dlh" });
    const resumed = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(resumed.holdDueAt).toBeNull();
    expect(calendar.dateOf(resumed.followUpDueAt ?? new Date(0))).toBe("2026-12-14");
  });

  it("keep the later change's timers when two changes are heard out of order", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Pipa air bocor di Jalan Kenanga");
    const { trackingCode } = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    const heard: ReportChange[] = [];
    const quiet = new ReportWorkflow(new PrismaReportStore(prisma(), testCipher), {
      catalog,
      logger: silentLogger,
      clock: clock.now,
      deadlines: service,
      listeners: [{ onChange: async (change) => void heard.push(change) }],
    });
    const system = { type: "system" } as const;
    await quiet.apply({ trackingCode, action: "route", actor: system, agencyId: "dlh" });
    await quiet.apply({
      trackingCode,
      action: "hold",
      actor: system,
      text: "Menunggu suku cadang.",
    });
    // Two processes: the hold's listener runs before the routing's.
    for (const change of [...heard].reverse()) await scheduler.onChange(change);
    const pending = (await scheduler.queue.getDelayed()).filter(
      (job) => (job.data as { reportId: string }).reportId === reportId,
    );
    expect(pending.map((job) => job.name).sort()).toEqual(["hold-escalation", "hold-reminder"]);
  });

  it("send each holder a digest of open, due-today and overdue reports on working days", async () => {
    // Wednesday 2 December at 08:00.
    clock = new TestClock(new Date("2026-12-02T01:00:00Z"));
    await stopDeadlines();
    startDeadlines();
    const digest = await service.digest();
    await outbound.enqueue(digest);
    const text = await eventually(
      () => staffChat.textsTo(STAFF_CHAT).find((line) => line.includes("Ringkasan harian meja")),
      { what: "the digest" },
    );
    expect(text).toContain("meja pengaduan — 2026-12-02");
    // The three reports above: two wait for verification (due today), one verified but not
    // routed yet (due 7 December); all three are the desk's.
    expect(text).toContain("Terbuka: 3 · Tenggat hari ini: 2 · Lewat tenggat: 0");

    // Saturday: no digest.
    clock = new TestClock(new Date("2026-12-05T01:00:00Z"));
    await stopDeadlines();
    startDeadlines();
    expect(await service.digest()).toEqual([]);
  });

  it("move open reports' deadlines when an admin adds a holiday, and back when it is removed", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Lampu taman mati di alun-alun");
    const verifyDue = async () =>
      (await prisma().report.findUniqueOrThrow({ where: { id: reportId } })).verifyDueAt;
    expect((await verifyDue())?.toISOString()).toBe(VERIFY_DUE.toISOString());
    const runResync = async () => {
      // The resync waits for a burst of changes to end; the test does not, and lets the next
      // change start a burst of its own.
      const [job] = (await scheduler.queue.getDelayed()).filter((job) => job.name === "resync");
      expect(job).toBeDefined();
      await job?.changeDelay(0);
      await scheduler.queue.removeDeduplicationKey("holiday-resync");
    };

    // A regional holiday on Tuesday 1 December: verification is due a day later.
    await holidays.put({ date: "2026-12-01", name: "Hari jadi kabupaten", leave: false }, "test");
    await runResync();
    await eventually(
      async () => calendar.dateOf((await verifyDue()) ?? new Date(0)) === "2026-12-03" || undefined,
      { what: "the deadline moved past the new holiday" },
    );
    // The timers follow: the resync writes the deadline first, then replaces the report's
    // timers, so for a moment the report has none (a full suite's load made that visible).
    const moved = (await verifyDue())?.toISOString();
    const timerDues = async () =>
      new Set(
        (await scheduler.queue.getDelayed())
          .filter((job) => (job.data as { reportId?: string }).reportId === reportId)
          .map((job) => (job.data as { dueAt: string }).dueAt),
      );
    await eventually(
      async () => {
        expect(await timerDues()).toEqual(new Set([moved]));
        return true;
      },
      { what: "the report's timers to follow the deadline" },
    );

    await holidays.remove("2026-12-01");
    await runResync();
    await eventually(
      async () => (await verifyDue())?.toISOString() === VERIFY_DUE.toISOString() || undefined,
      { what: "the deadline back where it was" },
    );
  });

  it("remind the desk weekly to enter next year's holidays, once a day at most", async () => {
    // Monday 30 November 2026, 08:00: 2027 is not in.
    clock = new TestClock(new Date("2026-11-30T01:00:00Z"));
    await stopDeadlines();
    startDeadlines();
    const sent = await service.holidayReminder();
    expect(sent).toHaveLength(1);
    await outbound.enqueue(sent);
    const reminder = await eventually(
      () => staffChat.textsTo(STAFF_CHAT).find((text) => text.includes("hari libur 2027")),
      { what: "the holiday reminder" },
    );
    expect(reminder).toContain("/libur tambah <tanggal> <nama>, lalu /libur lengkap 2027");
    // The job running again the same day writes nothing more; Tuesday is not a reminder day.
    expect(await service.holidayReminder()).toEqual([]);
    clock = new TestClock(new Date("2026-12-01T01:00:00Z"));
    await stopDeadlines();
    startDeadlines();
    expect(await service.holidayReminder()).toEqual([]);
  });

  it("send the desk last month's figures on the first working day of the month, once", async () => {
    const summaries = (now: Date) =>
      new MonthlySummaries(
        new PrismaReportStore(prisma(), testCipher),
        new AccountabilityReports(new PrismaTimelineSource(prisma()), {
          calendar,
          policy,
          catalog,
          timeZone: "Asia/Jakarta",
          clock: () => now,
        }),
        {
          calendar,
          catalog,
          desk: { groups: [{ channel: "telegram", chatId: STAFF_CHAT }], privateOn: [] },
          staffLanguage: "id",
          clock: () => now,
        },
      );
    // Monday 30 November is not the day; Tuesday 1 December is (at the digest's hour).
    expect(await summaries(new Date("2026-11-30T01:00:00Z")).due()).toEqual([]);
    const december = summaries(new Date("2026-12-01T01:00:00Z"));
    const sent = await december.due();
    expect(sent).toHaveLength(1);
    await outbound.enqueue(sent);
    const summary = await eventually(
      () => staffChat.textsTo(STAFF_CHAT).find((text) => text.includes("Ringkasan bulanan")),
      { what: "the monthly summary" },
    );
    // The reports this file filed in November, as they stood at the end of the month.
    const filed = await prisma().report.count({
      where: {
        submittedAt: {
          gte: new Date("2026-10-31T17:00:00Z"),
          lt: new Date("2026-11-30T17:00:00Z"),
        },
      },
    });
    expect(filed).toBeGreaterThan(0);
    expect(summary).toContain("Ringkasan bulanan semua instansi · November 2026");
    expect(summary).toContain(`Diterima: ${filed}`);
    expect(await december.due()).toEqual([]);
  });

  // Last: the report it files would count in the digest and the monthly figures above.
  it("wait for a staff action in progress before moving a report's deadlines", async () => {
    clock = new TestClock(FRIDAY_EVENING);
    await stopDeadlines();
    startDeadlines();
    const reportId = await fileReport("Jalan berlubang di depan pasar");
    const monday = new Date("2026-11-30T03:00:00Z");
    let synced: Promise<void> | undefined;
    // The desk verifies the report (its row locked, as every staff action locks it) while a
    // resync (a holiday entered, a retried intake job) works out its deadlines.
    await prisma().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM reports WHERE id = ${reportId}::uuid FOR UPDATE`;
        await tx.report.update({
          where: { id: reportId },
          data: { status: "verified", verifiedAt: monday },
        });
        await tx.reportEvent.create({
          data: { reportId, type: "verified", actorType: "staff", public: true, createdAt: monday },
        });
        synced = scheduler.sync(reportId);
        await untilWaitingForLock(db);
      },
      { timeout: 30_000 },
    );
    await synced;
    const report = await prisma().report.findUniqueOrThrow({ where: { id: reportId } });
    expect(report.verifyDueAt).toBeNull();
    expect(calendar.dateOf(report.followUpDueAt ?? new Date(0))).toBe("2026-12-07");
  });
});
