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
      ["status=nonsense", "status must be one of"],
      ["kategori=jalan", "kategori: no category &#39;jalan&#39; in the catalog"],
      ["periode=kemarin-lusa", "periode: &#39;kemarin-lusa&#39; is not a period"],
      ["halaman=0", "halaman must be a page number"],
    ] as const) {
      const response = await app.inject({ url: `/laporan?${query}` });
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
