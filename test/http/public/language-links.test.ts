import { describe, expect, it } from "vitest";
import { chooseLanguage, negotiateLanguage } from "../../../src/http/public/language.js";
import { PageLinks, reportPageUrl } from "../../../src/http/public/links.js";

describe("the page's language", () => {
  it("follows Accept-Language by preference, and knows Indonesian's old code", () => {
    expect(negotiateLanguage("en-US,en;q=0.9,id;q=0.8")).toBe("en");
    expect(negotiateLanguage("fr;q=1, id-ID;q=0.5, en;q=0.4")).toBe("id");
    expect(negotiateLanguage("en;q=0.2, id;q=0.8")).toBe("id");
    expect(negotiateLanguage("in-ID")).toBe("id");
    expect(negotiateLanguage("de, fr")).toBeUndefined();
    expect(negotiateLanguage("en;q=0, id;q=0")).toBeUndefined();
    expect(negotiateLanguage(undefined)).toBeUndefined();
  });

  it("lets ?lang= win, then the browser, then the deployment's default", () => {
    expect(chooseLanguage("en", "id", "id")).toEqual({ language: "en", explicit: true });
    expect(chooseLanguage(undefined, "en-GB", "id")).toEqual({ language: "en", explicit: false });
    expect(chooseLanguage(undefined, "ja", "id")).toEqual({ language: "id", explicit: false });
  });
});

describe("links", () => {
  it("give a report's page from PUBLIC_BASE_URL, with or without a path and a slash", () => {
    expect(reportPageUrl("https://aduan.example.go.id", "ADU-7K3F9Q")).toBe(
      "https://aduan.example.go.id/laporan/ADU-7K3F9Q",
    );
    expect(reportPageUrl("https://pemda.example.go.id/aduan/", "ADU-7K3F9Q")).toBe(
      "https://pemda.example.go.id/aduan/laporan/ADU-7K3F9Q",
    );
  });

  it("are relative, so pages work behind a proxy's path, and keep a picked language", () => {
    const top = new PageLinks(0, "en");
    expect(top.reports({ status: "done", kategori: undefined })).toBe(
      "laporan?status=done&lang=en",
    );
    expect(top.report("ADU-7K3F9Q")).toBe("laporan/ADU-7K3F9Q?lang=en");
    const report = new PageLinks(1, undefined);
    expect(report.reports()).toBe("../laporan");
    expect(report.accountability()).toBe("../statistik");
    expect(report.photo("ADU-7K3F9Q", "1")).toBe("../laporan/ADU-7K3F9Q/foto/1");
    const base = "https://pemda.example.go.id/aduan/laporan/ADU-7K3F9Q";
    expect(new URL(report.reports(), base).pathname).toBe("/aduan/laporan");
    expect(new URL(top.report("ADU-7K3F9Q"), "https://x.id/aduan/laporan").pathname).toBe(
      "/aduan/laporan/ADU-7K3F9Q",
    );
  });

  it("switch the language and keep the page's filters", () => {
    expect(PageLinks.switchLanguage({ status: "done", lang: "id" }, "en")).toBe(
      "?status=done&lang=en",
    );
  });
});
