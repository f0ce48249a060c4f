import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { publishReport } from "../../../src/http/public/publish.js";
import type {
  PageRequest,
  PublicReportDetail,
  PublicReportFilter,
  PublicReportPage,
} from "../../../src/http/public/report-source.js";
import { publicApp } from "../../support/public-app.js";
import { CODES, NOW, STORED_REPORTS } from "../../support/public-fixtures.js";
import { MemoryPublicReportSource } from "../../support/public-reports.js";

/**
 * A broken source that hands out the rahasia report anyway (as a wrong WHERE clause would),
 * still flagged confidential: the pages and the API drop it all the same.
 */
class LeakySource extends MemoryPublicReportSource {
  constructor() {
    super(
      STORED_REPORTS.map((report) => ({ ...report, confidential: false })),
      NOW,
    );
  }

  private static flag<Report extends PublicReportDetail>(report: Report): Report {
    return report.code === CODES.secret ? { ...report, confidential: true } : report;
  }

  override async list(filter: PublicReportFilter, page: PageRequest): Promise<PublicReportPage> {
    const answer = await super.list(filter, page);
    return {
      ...answer,
      reports: answer.reports.map((report) => LeakySource.flag(report as PublicReportDetail)),
    };
  }

  override async byCode(code: string): Promise<PublicReportDetail | undefined> {
    const report = await super.byCode(code);
    return report && LeakySource.flag(report);
  }
}

let app: FastifyInstance;

beforeAll(async () => {
  app = await publicApp({ source: new LeakySource() });
});

afterAll(async () => {
  await app.close();
});

describe("publishing", () => {
  it("drops a report flagged rahasia, whatever the source did, and coarsens the location", () => {
    const road = STORED_REPORTS.find((report) => report.code === CODES.road);
    const summary = {
      code: CODES.road,
      kind: "pengaduan",
      title: "t",
      description: "d",
      status: "routed",
      categoryId: null,
      agencyId: null,
      submittedAt: new Date(),
      updatedAt: new Date(),
      answerDueAt: null,
      location: road?.location ?? null,
      address: null,
      statusNote: null,
      photoIds: [],
    } as const;
    expect(publishReport({ ...summary, confidential: true })).toBeUndefined();
    const published = publishReport({ ...summary, confidential: false });
    expect(published?.location).toEqual({ latitude: -6.20868, longitude: 106.84525 });
    expect(published && "confidential" in published).toBe(false);
  });

  it("keeps a leaked rahasia report off the list, its page and the API", async () => {
    for (const url of [
      "/laporan",
      `/laporan/${CODES.secret}`,
      "/open311/v2/requests.json",
      `/open311/v2/requests/${CODES.secret}.xml`,
    ]) {
      const response = await app.inject({ url });
      // The rahasia report's own words.
      expect(response.body, url).not.toContain("PUNGLI-KELURAHAN");
    }
    expect((await app.inject({ url: `/laporan/${CODES.secret}` })).statusCode).toBe(404);
  });
});
