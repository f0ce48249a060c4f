import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeToo } from "../../../src/core/conversation/me-too.js";
import type { ChannelName } from "../../../src/core/messages.js";
import type { OutboxQueue, PendingOutbox } from "../../../src/core/reports/outbox.js";
import { ReportWorkflow } from "../../../src/core/reports/workflow.js";
import { PrismaNearbyReports } from "../../../src/infra/db/nearby-reports.js";
import { PrismaReportStore } from "../../../src/infra/db/report-store.js";
import {
  catalog,
  createEngineHarness,
  TEXT_ONLY,
  type EngineHarness,
} from "../../support/engine-harness.js";
import { silentLogger, testCipher } from "../../support/services.js";

/** What the support wrote to the outbox (card redraws), instead of the outbound queue. */
const queued: PendingOutbox[] = [];
const outbox: OutboxQueue = {
  enqueue: async (items) => {
    queued.push(...items);
  },
};

let harness: EngineHarness;

beforeAll(async () => {
  harness = await createEngineHarness({
    meToo: (db) =>
      new MeToo({
        nearby: new PrismaNearbyReports(db.database.prisma),
        workflow: new ReportWorkflow(new PrismaReportStore(db.database.prisma, testCipher), {
          catalog,
          logger: silentLogger,
        }),
        outbox,
        logger: silentLogger,
        radiusMetres: 200,
        days: 30,
      }),
  });
  // A verified road report at Pasar Baru, filed yesterday by someone else.
  await storeRoadReport(
    { channel: "telegram", externalId: "555", displayName: "Siti Aminah" },
    {
      trackingCode: "ADU-7K3F9Q",
      submissionId: "0b8e2f0c-6a59-4f0b-8d3a-9c51f2d7e4a3",
      title: "Jalan berlubang di depan Pasar Baru, kata Siti Aminah",
      description: "Ada lubang besar di jalan depan Pasar Baru yang membahayakan pengendara.",
      submittedAt: new Date(Date.now() - 24 * 3_600_000),
    },
  );
}, 60_000);

afterAll(() => harness.close());

/** A verified road report at Pasar Baru by a new reporter, verified an hour after filing. */
async function storeRoadReport(
  reporter: { channel: ChannelName; externalId: string; displayName?: string },
  report: {
    trackingCode: string;
    submissionId: string;
    title: string;
    description: string;
    submittedAt: Date;
  },
): Promise<void> {
  const prisma = harness.db.database.prisma;
  const { id } = await prisma.reporter.create({
    data: { ...reporter, chatId: reporter.externalId },
  });
  await prisma.report.create({
    data: {
      ...report,
      flowId: "lapor",
      reporterId: id,
      kind: "pengaduan",
      categoryId: "jalan-jembatan",
      latitude: -6.2088,
      longitude: 106.8456,
      anonymous: false,
      confidential: false,
      status: "verified",
      verifiedAt: new Date(report.submittedAt.getTime() + 3_600_000),
      language: "id",
    },
  });
}

/** A road complaint on a text-only channel, up to the typed coordinates ~55 m away. */
async function fileNearby(id: string) {
  const citizen = harness.citizen(id, "terminal", TEXT_ONLY);
  await citizen.send("/lapor");
  await citizen.send("1");
  await citizen.send("Jalan Pasar Baru berlubang besar");
  await citizen.send(
    "Lubang besar di jalan depan Pasar Baru membuat pengendara motor sering terjatuh malam hari.",
  );
  await citizen.send("Jalan dan jembatan");
  await citizen.send("-6.2083, 106.8456");
  return citizen;
}

describe("the me-too question on a text-only channel", () => {
  it("lists the nearby report with numbered choices, without its reporter, and a typed 1 supports it", async () => {
    const citizen = await fileNearby("6001");
    const asked = citizen.lastText();
    expect(asked).toContain("Apakah ini masalah yang sama?");
    expect(asked).toContain("ADU-7K3F9Q — Jalan berlubang di depan Pasar Baru, kata […]");
    expect(asked).toContain("Terverifikasi, ± 60 m");
    expect(asked).not.toMatch(/Siti|Aminah/);
    expect(citizen.lastLabels()).toEqual(["👍 Dukung ADU-7K3F9Q", "📝 Tetap buat laporan baru"]);

    await citizen.send("1");
    expect(citizen.lastText()).toContain(
      "Anda kini mendukung laporan ADU-7K3F9Q (didukung 1 warga)",
    );
    // Told its news will come, they can follow it, as the public pages show it: without its
    // reporter's name, nor the words the reporter added.
    const prisma = harness.db.database.prisma;
    const supported = await prisma.report.findUniqueOrThrow({
      where: { trackingCode: "ADU-7K3F9Q" },
    });
    await prisma.reportEvent.create({
      data: {
        reportId: supported.id,
        type: "info_added",
        actorType: "reporter",
        public: true,
        text: "Rumah saya Jl. Melati 5, dekat lubangnya",
      },
    });
    await citizen.send("/status ADU-7K3F9Q");
    expect(citizen.lastText()).toContain("ADU-7K3F9Q — Jalan berlubang di depan Pasar Baru");
    expect(citizen.lastText()).not.toMatch(/Siti|Aminah|Melati/);
    expect(queued).toEqual([]); // no card was posted for this report, so none is redrawn
    // Their reports name it too, the reporter still blanked out.
    await citizen.send("/laporan");
    expect(citizen.lastText()).toContain(
      "ADU-7K3F9Q · Terverifikasi · Jalan berlubang di depan Pasar Baru, kata […] (👍 Anda dukung)",
    );

    // Supporting again (a second draft) counts once.
    const again = await fileNearby("6001");
    await again.send("1");
    expect(again.lastText()).toContain("didukung 1 warga");
    const supporters = await harness.db.database.prisma.reportSupporter.count();
    expect(supporters).toBe(1);
  });

  it("goes on with the new report on a typed 2, and asks the pending question", async () => {
    const citizen = await fileNearby("6002");
    await citizen.send("2");
    expect(citizen.lastText()).toContain("kita lanjutkan laporan baru Anda");
    expect(citizen.lastText()).toContain("Kapan kejadiannya?");
    // Typing something else meanwhile is not taken as an answer to the next question.
    const other = await fileNearby("6003");
    await other.send("kemarin");
    expect(other.lastText()).toContain("Apakah ini masalah yang sama?");
  });

  it("takes a typed yes as the one report offered, and a typed no as a new report", async () => {
    const no = await fileNearby("6007");
    await no.send("gak");
    expect(no.lastText()).toContain("Kapan kejadiannya?");
    // "ok", often typed for "noted", would end the draft: the question stays.
    const noted = await fileNearby("6009");
    await noted.send("ok");
    expect(noted.lastText()).toContain("Apakah ini masalah yang sama?");
    const yes = await fileNearby("6008");
    await yes.send("iya");
    expect(yes.lastText()).toContain("Anda kini mendukung laporan ADU-7K3F9Q");
  });

  it("does not offer a citizen their own report", async () => {
    await storeRoadReport(
      { channel: "terminal", externalId: "6005" },
      {
        trackingCode: "ADU-OWN6K5",
        submissionId: "5d0c3b7e-2f41-4a8e-9b6d-1e7f0a2c4d55",
        title: "Lubang di depan Pasar Baru belum ditambal",
        description:
          "Lubang besar di jalan depan Pasar Baru belum juga ditambal sejak minggu lalu.",
        submittedAt: new Date(Date.now() - 3_600_000),
      },
    );
    const citizen = await fileNearby("6005");
    expect(citizen.lastText()).toContain("ADU-7K3F9Q");
    expect(citizen.lastText()).not.toContain("ADU-OWN6K5");
    // Somebody else near the same spot is shown both.
    const neighbour = await fileNearby("6006");
    expect(neighbour.lastText()).toContain("ADU-OWN6K5");
  });

  it("is not asked for a spot farther than the radius", async () => {
    const citizen = harness.citizen("6004", "terminal", TEXT_ONLY);
    await citizen.send("/lapor");
    await citizen.send("1");
    await citizen.send("Jalan Pasar Baru berlubang besar");
    await citizen.send(
      "Lubang besar di jalan depan Pasar Baru membuat pengendara motor sering terjatuh malam hari.",
    );
    await citizen.send("Jalan dan jembatan");
    await citizen.send("-6.2118, 106.8456");
    expect(citizen.lastText()).not.toContain("Apakah ini masalah yang sama?");
    expect(citizen.lastText()).toContain("Kapan kejadiannya?");
  });
});

describe("the nearby search of citizens sharing their spot at the same moment", () => {
  it("answers each with the reports around their own spot, never their own report", async () => {
    const nearby = new PrismaNearbyReports(harness.db.database.prisma);
    const ask = (
      latitude: number,
      categoryId: string,
      excludeReporter?: { channel: ChannelName; externalId: string },
    ) =>
      nearby.near({
        latitude,
        longitude: 106.8456,
        categoryId,
        radiusMetres: 200,
        since: new Date(Date.now() - 30 * 86_400_000),
        limit: 3,
        ...(excludeReporter ? { excludeReporter } : {}),
      });
    const [farAway, neighbour, otherCategory, siti] = await Promise.all([
      ask(-6.2118, "jalan-jembatan"),
      ask(-6.2083, "jalan-jembatan", { channel: "telegram", externalId: "7001" }),
      ask(-6.2083, "kebersihan"),
      ask(-6.2083, "jalan-jembatan", { channel: "telegram", externalId: "555" }),
    ]);
    expect(neighbour.map((report) => report.trackingCode)).toContain("ADU-7K3F9Q");
    // Siti's own title is not shown with her name to others.
    expect(neighbour.find((r) => r.trackingCode === "ADU-7K3F9Q")?.title).not.toContain("Siti");
    expect(farAway).toEqual([]);
    expect(otherCategory).toEqual([]);
    expect(siti.map((report) => report.trackingCode)).not.toContain("ADU-7K3F9Q");
  });
});
