import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../src/infra/paths.js";
import { publicApp } from "../../support/public-app.js";
import { CODES, HIDDEN_MARKERS, INJECTED_TITLE } from "../../support/public-fixtures.js";
import { SECRET_OWNER } from "../../support/tagged-images.js";

/**
 * The public pages as a reader sees them: rendered by a real headless Chromium (Debian's,
 * driven by puppeteer-core, no downloaded browser) at a phone's size, 360×740, in both
 * languages, with JavaScript off where it matters, since the pages must work without it.
 * Screenshots are kept under test-artifacts/public-pages/ (git-ignored) for people to look at.
 *
 * Skipped only where /usr/bin/chromium is not installed; CI (.ci/run) installs it.
 */
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(PROJECT_ROOT, "test-artifacts", "public-pages");
const PHONE = { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

let app: FastifyInstance;
let base: string;
let browser: Browser;
let profile: string;

describe.skipIf(!existsSync(CHROMIUM))("the public pages in a real browser", () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A fresh profile each run: no cache, cookies or settings from an earlier one.
    profile = mkdtempSync(join(tmpdir(), "aduan-chromium-"));
    // Three reports a page, so the five public fixtures need two.
    app = await publicApp({ pageSize: 3 });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profile,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  });

  afterAll(async () => {
    await browser.close();
    await app.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /** A fresh tab at a phone's size, asking for `language` the way a phone's browser does. */
  async function phone(language: "id" | "en", javaScript = true): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport(PHONE);
    await page.setJavaScriptEnabled(javaScript);
    await page.setExtraHTTPHeaders({
      "accept-language": language === "id" ? "id-ID,id;q=0.9" : "en-GB,en;q=0.9",
    });
    return page;
  }

  async function open(page: Page, path: string): Promise<number> {
    const response = await page.goto(`${base}${path}`, { waitUntil: "load" });
    return response?.status() ?? 0;
  }

  /** Evaluated in the page; the expression is plain JavaScript, as a reader's browser runs it. */
  const inPage = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;
  const text = (page: Page, selector: string) =>
    inPage<string>(page, `document.querySelector(${JSON.stringify(selector)})?.innerText ?? ""`);
  const texts = (page: Page, selector: string) =>
    inPage<string[]>(
      page,
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((element) => element.innerText)`,
    );
  const bodyText = (page: Page) => text(page, "body");

  /** What every page owes a phone reader and a screen reader alike. */
  async function expectReadableOnAPhone(page: Page, language: "id" | "en") {
    expect(await inPage<string>(page, "document.documentElement.lang")).toBe(language);
    // The inline stylesheet is the one the Content-Security-Policy allows, so it applies.
    expect(await inPage<boolean>(page, `document.querySelector("style").sheet !== null`)).toBe(
      true,
    );
    expect(await inPage<string>(page, "getComputedStyle(document.body).fontFamily")).toContain(
      "system-ui",
    );
    const width = await inPage<{ scroll: number; view: number }>(
      page,
      "({ scroll: document.documentElement.scrollWidth, view: window.innerWidth })",
    );
    expect(width.view).toBe(360);
    expect(width.scroll, "the page scrolls sideways").toBeLessThanOrEqual(width.view);
    expect(await texts(page, "h1")).toHaveLength(1);
    expect(
      await inPage<string[]>(
        page,
        `[...document.querySelectorAll("select, input:not([type=hidden])")]
          .filter((control) => !document.querySelector('label[for="' + control.id + '"]'))
          .map((control) => control.name)`,
      ),
      "form controls without a label",
    ).toEqual([]);
    expect(await inPage<number>(page, `document.querySelectorAll("img:not([alt])").length`)).toBe(
      0,
    );
    for (const hidden of [...HIDDEN_MARKERS, SECRET_OWNER, "Rahayu"]) {
      expect(await bodyText(page)).not.toContain(hidden);
    }
  }

  async function screenshot(page: Page, name: string) {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  it("lists the public reports, newest first, in Bahasa Indonesia", async () => {
    const page = await phone("id");
    expect(await open(page, "/laporan")).toBe(200);
    expect(await text(page, "h1")).toBe("Laporan publik");
    expect(await text(page, "[role=status]")).toBe("5 laporan");
    expect(await texts(page, ".reports h2")).toEqual([
      "Saluran air tersumbat di Jalan Kenanga",
      "Jembatan kayu di Kampung Melayu rusak",
      "Sampah menumpuk di Pasar Baru",
    ]);
    expect(await text(page, ".pages")).toContain("Halaman 1 dari 2");
    expect(await bodyText(page)).toContain("Diteruskan ke instansi");
    await expectReadableOnAPhone(page, "id");
    await screenshot(page, "list-id");
    await page.close();
  });

  it("filters, pages and opens a report with JavaScript off", async () => {
    const page = await phone("id", false);
    await open(page, "/laporan");
    await page.select("#filter-kategori", "jalan-jembatan");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    expect(new URL(page.url()).searchParams.get("kategori")).toBe("jalan-jembatan");
    expect(await texts(page, ".reports h2")).toEqual(["Jembatan kayu di Kampung Melayu rusak"]);
    // The choice stays selected on the filtered page.
    expect(await inPage<string>(page, `document.querySelector("#filter-kategori").value`)).toBe(
      "jalan-jembatan",
    );

    await open(page, "/laporan");
    await Promise.all([page.waitForNavigation(), page.click("a[rel=next]")]);
    expect(await text(page, ".pages")).toContain("Halaman 2 dari 2");
    expect(await texts(page, ".reports h2")).toEqual([
      INJECTED_TITLE,
      "Antrean puskesmas terlalu panjang",
    ]);
    await Promise.all([page.waitForNavigation(), page.click(".reports li:last-child h2 a")]);
    expect(new URL(page.url()).pathname).toBe(`/laporan/${CODES.old}`);
    expect(await text(page, "h1")).toBe("Antrean puskesmas terlalu panjang");
    await page.close();
  });

  it("shows a report's facts, answers, public timeline and consented photo, and switches to English", async () => {
    const page = await phone("id");
    expect(await open(page, `/laporan/${CODES.road}`)).toBe(200);
    expect(await text(page, "h1")).toBe("Jembatan kayu di Kampung Melayu rusak");
    const facts = await text(page, "dl.facts");
    for (const fact of [
      CODES.road,
      "Sudah ditindaklanjuti",
      "Jalan dan jembatan",
      "Dinas Pekerjaan Umum dan Penataan Ruang",
      "14 November 2026",
      "sekitar -6.20868, 106.84525 (dibulatkan ±100 m)",
      "Jl. Kampung Melayu Kecil, dekat rumah Bu […]",
    ]) {
      expect(facts).toContain(fact);
    }
    expect(await text(page, ".answers")).toContain(
      "Terima kasih Bu […], tim survei datang Senin pagi.",
    );
    const timeline = await texts(page, ".timeline li");
    expect(timeline.map((entry) => entry.replace(/^.* — /s, "").split("\n")[0])).toEqual([
      "Laporan diterima",
      "Laporan diverifikasi",
      "Diteruskan ke instansi",
      "Informasi tambahan dari pelapor",
      "Tanggapan instansi",
    ]);
    const body = await bodyText(page);
    expect(body).not.toContain("WA saya"); // what the reporter added stays with the desk
    expect(body).not.toContain("gang sebelah"); // the internal note never shows
    expect(body).not.toContain("0812");

    // Lazy images do not hold up the load event: wait for the photo itself.
    await page.waitForFunction(
      `(() => { const img = document.querySelector("figure img"); return img?.complete && img.naturalWidth > 0; })()`,
    );
    const photo = await inPage<{ alt: string; width: number; height: number; complete: boolean }>(
      page,
      `(() => { const img = document.querySelector("figure img");
        return { alt: img.alt, width: img.naturalWidth, height: img.naturalHeight, complete: img.complete }; })()`,
    );
    // 8×4 px turned upright by the orientation the cleaned file kept.
    expect(photo).toEqual({
      alt: `Foto 1 dari laporan ${CODES.road}`,
      width: 4,
      height: 8,
      complete: true,
    });
    await expectReadableOnAPhone(page, "id");
    await screenshot(page, "report-id");

    await Promise.all([page.waitForNavigation(), page.click("a[hreflang=en]")]);
    expect(await text(page, "dl.facts")).toContain("Followed up");
    expect(await text(page, "h2#answers")).toBe("Answers");
    await expectReadableOnAPhone(page, "en");
    await screenshot(page, "report-en");
    // The picked language travels with the links, without cookies or JavaScript.
    await Promise.all([page.waitForNavigation(), page.click("main > p:first-child a")]);
    expect(await text(page, "h1")).toBe("Public reports");
    await page.close();
  });

  it("serves the photo without its metadata", async () => {
    const response = await fetch(`${base}/laporan/${CODES.road}/foto/1`);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.toString("latin1")).not.toContain(SECRET_OWNER);
    // The flood report's reporter did not agree to publish photos.
    expect((await fetch(`${base}/laporan/${CODES.flood}/foto/1`)).status).toBe(404);
  });

  it("shows injected markup as the text it is and runs none of it", async () => {
    const page = await phone("en");
    expect(await open(page, `/laporan/${CODES.injection}`)).toBe(200);
    expect(await text(page, "h1")).toBe(INJECTED_TITLE);
    expect(await bodyText(page)).toContain("</p><script>window.__pwned=2</script>");
    expect(await bodyText(page)).toContain("Menunggu suku cadang <i>dari pusat</i>.");
    expect(await inPage<unknown>(page, "window.__pwned ?? null")).toBeNull();
    expect(
      await inPage<number>(
        page,
        `document.querySelectorAll("main img, main svg, main script").length`,
      ),
    ).toBe(0);
    await screenshot(page, "report-injection-en");
    await page.close();
  });

  it("answers the same page for a rahasia report as for a code nobody has", async () => {
    const page = await phone("id");
    expect(await open(page, `/laporan/${CODES.secret}`)).toBe(404);
    const secret = await text(page, "main");
    expect(await open(page, "/laporan/ADU-2222ZZ")).toBe(404);
    expect(await text(page, "main")).toBe(secret);
    expect(secret).toContain("Laporan tidak ditemukan");
    await expectReadableOnAPhone(page, "id");
    await page.close();
  });

  it("shows the accountability table, lowest rate first, against 90%, in both languages", async () => {
    for (const language of ["id", "en"] as const) {
      const page = await phone(language);
      expect(await open(page, "/statistik")).toBe(200);
      const rows = await texts(page, "tbody th");
      const last =
        language === "id" ? "Belum diteruskan ke instansi" : "Not routed to an agency yet";
      expect(rows.at(-1)).toBe(last);
      // The rahasia report's agency left it unanswered past its deadline: counted, not shown.
      expect(rows[0]).toBe(language === "id" ? "Inspektorat Daerah" : "Regional Inspectorate");
      expect(rows.at(-2)).toBe(language === "id" ? "Dinas Lingkungan Hidup" : "Environment Agency");
      const table = await text(page, "table");
      expect(table).toContain(language === "id" ? "di bawah target" : "below the target");
      expect(table).toContain(language === "id" ? "memenuhi target" : "meets the target");
      expect(await bodyText(page)).toContain(
        language === "id"
          ? "Semua instansi: 3 dari 4 laporan yang jatuh tempo ditindaklanjuti (75,0%)."
          : "All agencies: 3 of 4 reports due were followed up (75.0%).",
      );
      await expectReadableOnAPhone(page, language);
      await screenshot(page, `statistics-${language}`);
      await page.close();
    }
  });

  it("changes the accountability period with JavaScript off", async () => {
    const page = await phone("id", false);
    await open(page, "/statistik");
    await page.select("#filter-periode", "tahun-ini");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    expect(new URL(page.url()).searchParams.get("periode")).toBe("tahun-ini");
    expect(await bodyText(page)).toContain(
      "Semua instansi: 4 dari 5 laporan yang jatuh tempo ditindaklanjuti",
    );
    expect(await texts(page, "tbody th")).toContain("Dinas Kesehatan");
    await page.close();
  });
});
