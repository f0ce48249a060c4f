import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicApp } from "../../support/public-app.js";
import { CODES, NOW, STORED_REPORTS } from "../../support/public-fixtures.js";
import { MemoryPublicReportSource } from "../../support/public-reports.js";

/** What the pages answer at the HTTP level; how they read is in pages.browser.test.ts. */

let app: FastifyInstance;

beforeAll(async () => {
  app = await publicApp();
});

afterAll(async () => {
  await app.close();
});

describe("the public pages over HTTP", () => {
  it("send HTML whose only inline style is the one their Content-Security-Policy allows", async () => {
    const response = await app.inject({ url: "/laporan" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers.vary).toBe("Accept-Language");
    const styles = [...response.body.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    const hash = createHash("sha256")
      .update(styles[0]?.[1] ?? "", "utf8")
      .digest("base64");
    const policy = String(response.headers["content-security-policy"]);
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
    expect(policy).toContain("default-src 'none'");
    // No script, no style attribute, no event handler in any tag (the fixtures try all three).
    expect(response.body).not.toMatch(/<script|<[^>]*\s(style|on[a-z]+)=/i);
  });

  it("say which filter they could not read, with 400", async () => {
    for (const [query, problem] of [
      ["status=nonsense", "status “nonsense” tidak dikenal"],
      ["kategori=jalan", "kategori “jalan” tidak ada"],
      ["periode=kemarin-lusa", "periode “kemarin-lusa” tidak dikenal; coba bulan-ini"],
      ["halaman=0", "halaman “0” bukan nomor halaman"],
      ["halaman=%3Cb%3E", "halaman “&lt;b&gt;” bukan nomor halaman"],
      ["halaman=0&lang=en", "page “0” is not a page number"],
    ] as const) {
      const response = await app.inject({
        url: `/laporan?${query}`,
        headers: { "accept-language": "id" },
      });
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(problem);
    }
    const statistics = await app.inject({ url: "/statistik?periode=kemarin" });
    expect(statistics.statusCode).toBe(400);
  });

  it("send a code typed in lower case to its page, keeping the language", async () => {
    const response = await app.inject({ url: "/laporan/adu-jamb23?lang=en" });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(`${CODES.road}?lang=en`);
  });

  it("send an address ending in a slash to the page without it, relative like their links", async () => {
    const report = await app.inject({ url: `/laporan/${CODES.road}/?lang=en` });
    expect(report.statusCode).toBe(301);
    expect(report.headers.location).toBe(`../${CODES.road}?lang=en`);
    const list = await app.inject({ url: "/laporan/" });
    expect(list.headers.location).toBe("../laporan");
    const twice = await app.inject({ url: `/laporan/${CODES.road}//` });
    expect(twice.headers.location).toBe(`../../${CODES.road}`);
  });

  it("answer an address they do not have with a page of their own, in the reader's language", async () => {
    for (const [url, up] of [
      ["/favicon.ico", ""],
      [`/laporan/${CODES.road}/foto`, "../../"],
    ] as const) {
      const response = await app.inject({ url, headers: { "accept-language": "id" } });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(response.body).toContain("<h1>Halaman tidak ditemukan</h1>");
      expect(response.body).toContain(`<a href="${up}laporan">`);
    }
    const photo = await app.inject({ url: `/laporan/${CODES.road}/foto/9?lang=en` });
    expect(photo.statusCode).toBe(404);
    expect(photo.body).toContain("<h1>Report not found</h1>");
    expect(photo.body).toContain('<a href="../../../laporan?lang=en">');
  });

  it("send the site's root to the list", async () => {
    const response = await app.inject({ url: "/" });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("laporan");
  });

  it("ignore a language they do not have and follow the browser", async () => {
    const response = await app.inject({
      url: "/laporan?lang=fr",
      headers: { "accept-language": "en" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="en">');
  });

  it("publish no photo the reporter did not agree to, nor one of a rahasia report", async () => {
    expect((await app.inject({ url: `/laporan/${CODES.road}/foto/1` })).statusCode).toBe(200);
    expect((await app.inject({ url: `/laporan/${CODES.road}/foto/2` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/laporan/${CODES.flood}/foto/1` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/laporan/${CODES.secret}/foto/1` })).statusCode).toBe(404);
  });

  it("have a photo asked for again at each view, so one taken off the page leaves caches too", async () => {
    const reports = STORED_REPORTS.map((report) => ({ ...report }));
    const site = await publicApp({ source: new MemoryPublicReportSource(reports, NOW) });
    const url = `/laporan/${CODES.road}/foto/1`;
    const first = await site.inject({ url });
    expect(first.headers["cache-control"]).toBe("no-cache");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await site.inject({ url, headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.body).toBe("");
    // The reporter's identity was erased: the consent to publish went with it.
    const road = reports.find((report) => report.code === CODES.road);
    if (road) Object.assign(road, { photosPublic: false });
    expect((await site.inject({ url, headers: { "if-none-match": etag } })).statusCode).toBe(404);
    await site.close();
  });

  it("answer a failing database with a page in the reader's language, and log it", async () => {
    class FailingSource extends MemoryPublicReportSource {
      override async list(): Promise<never> {
        throw new Error("connection refused");
      }
    }
    const failing = await publicApp({ source: new FailingSource(STORED_REPORTS, NOW) });
    const response = await failing.inject({ url: "/laporan?lang=en" });
    expect(response.statusCode).toBe(500);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain("Something went wrong");
    expect(response.body).not.toContain("connection refused");
    await failing.close();
  });
});
