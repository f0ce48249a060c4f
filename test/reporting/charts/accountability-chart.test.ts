import { existsSync } from "node:fs";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { AccountabilityChart } from "../../../src/core/reports/accountability-text.js";
import {
  CHART_COLORS,
  accountabilityChartSvg,
  chartGeometry,
} from "../../../src/reporting/charts/accountability-chart.js";
import { CHART_FONT_FILES, accountabilityChartPng } from "../../../src/reporting/charts/render.js";
import { element, text } from "../../../src/reporting/charts/svg.js";

const chart: AccountabilityChart = {
  title: "2026-08-01 – 2026-08-31",
  agencyTitle: "Tingkat tindak lanjut per instansi · Follow-up rate by agency",
  trendTitle: "Tren bulanan · Monthly trend",
  target: 0.9,
  targetLabel: "target 90%",
  agencies: [
    { label: "Dinas Sosial", rate: 0.5, value: "50,0%" },
    { label: "Dinas Kesehatan", rate: 0.95, value: "95,0%" },
    { label: "Dinas Pendidikan", rate: null, value: "–" },
  ],
  months: [
    { label: "2026-06", rate: 0.8, value: "80,0%" },
    { label: "2026-07", rate: 0.93, value: "93,0%" },
    { label: "2026-08", rate: 0.75, value: "75,0%" },
  ],
};

/** The PNG decoded back to pixels, read as colours. */
function decode(png: Buffer) {
  const image = PNG.sync.read(png);
  const at = (x: number, y: number) => {
    const offset = (Math.round(y) * image.width + Math.round(x)) * 4;
    return [image.data[offset], image.data[offset + 1], image.data[offset + 2]] as const;
  };
  const hex = (color: string) =>
    [1, 3, 5].map((index) => Number.parseInt(color.slice(index, index + 2), 16));
  return {
    image,
    /** The pixel is the colour, give or take anti-aliasing. */
    is: (x: number, y: number, color: string) =>
      at(x, y).every((channel, index) => Math.abs((channel ?? 0) - (hex(color)[index] ?? 0)) <= 24),
    /** Dark pixels (text) inside a rectangle. */
    ink: (left: number, top: number, right: number, bottom: number) => {
      let count = 0;
      for (let y = Math.round(top); y < bottom; y++) {
        for (let x = Math.round(left); x < right; x++) {
          if (at(x, y).every((channel) => (channel ?? 255) < 110)) count++;
        }
      }
      return count;
    },
  };
}

describe("the accountability chart", () => {
  const geometry = chartGeometry(chart);
  const picture = decode(accountabilityChartPng(chart));
  const targetX = geometry.rateX(0.9);

  it("is a PNG of the size its layout says", () => {
    expect([picture.image.width, picture.image.height]).toEqual([geometry.width, geometry.height]);
  });

  it("draws a 95% agency's bar past the 90% line and a 50% one short of it", () => {
    const [low, high] = [geometry.rowY(0), geometry.rowY(1)];
    expect(picture.is(targetX + 6, high, CHART_COLORS.met)).toBe(true);
    expect(picture.is(geometry.rateX(0.94), high, CHART_COLORS.met)).toBe(true);
    expect(picture.is(geometry.rateX(0.955) + 2, high, CHART_COLORS.met)).toBe(false);
    expect(picture.is(geometry.rateX(0.45), low, CHART_COLORS.below)).toBe(true);
    expect(picture.is(geometry.rateX(0.7), low, CHART_COLORS.background)).toBe(true);
    expect(picture.is(targetX + 6, low, CHART_COLORS.background)).toBe(true);
  });

  it("draws no bar for an agency with nothing due", () => {
    const y = geometry.rowY(2);
    expect(picture.is(geometry.rateX(0.1), y, CHART_COLORS.background)).toBe(true);
    expect(picture.is(geometry.rateX(0.6), y, CHART_COLORS.background)).toBe(true);
  });

  it("stands the target line at 90%, across the rows", () => {
    const between = (geometry.rowY(0) + geometry.rowY(1)) / 2;
    expect(picture.is(targetX, between, CHART_COLORS.target)).toBe(true);
    expect(picture.is(targetX, geometry.rowY(2), CHART_COLORS.target)).toBe(true);
    expect(picture.is(targetX - 8, between, CHART_COLORS.target)).toBe(false);
    expect(picture.is(targetX + 8, between, CHART_COLORS.target)).toBe(false);
  });

  it("writes the agency names in the label column with the shipped font", () => {
    const { left, right } = geometry.labelArea;
    expect(picture.ink(left, geometry.rowY(0) - 9, right, geometry.rowY(0) + 9)).toBeGreaterThan(
      40,
    );
    expect(picture.ink(left, geometry.rowY(2) - 9, right, geometry.rowY(2) + 9)).toBeGreaterThan(
      40,
    );
    // Nothing is written where no row is.
    expect(picture.ink(left, geometry.rowY(3) - 9, right, geometry.rowY(3) + 9)).toBe(0);
    for (const file of CHART_FONT_FILES) expect(existsSync(file)).toBe(true);
  });

  it("draws each month's rate as a bar against the target line", () => {
    const { monthX, rateY, monthBarWidth } = geometry;
    expect(picture.is(monthX(0), rateY(0.7), CHART_COLORS.below)).toBe(true); // 80%
    expect(picture.is(monthX(0), rateY(0.85), CHART_COLORS.below)).toBe(false);
    expect(picture.is(monthX(1), rateY(0.92), CHART_COLORS.met)).toBe(true); // 93%
    expect(picture.is(monthX(2), rateY(0.7), CHART_COLORS.below)).toBe(true); // 75%
    expect(picture.is(monthX(2), rateY(0.8), CHART_COLORS.below)).toBe(false);
    const gap = (monthX(0) + monthX(1)) / 2;
    expect(gap - monthX(0)).toBeGreaterThan(monthBarWidth / 2 + 4);
    expect(picture.is(gap, rateY(0.9), CHART_COLORS.target)).toBe(true);
    // Month labels under the bars.
    expect(
      picture.ink(
        monthX(1) - 40,
        geometry.trendBottom + 4,
        monthX(1) + 40,
        geometry.trendBottom + 22,
      ),
    ).toBeGreaterThan(30);
  });
});

describe("the SVG writer", () => {
  it("escapes names, so one cannot break out of its element", () => {
    expect(text(`Dinas "A" & <B>`, { x: 1 })).toBe(
      '<text x="1">Dinas &quot;A&quot; &amp; &lt;B&gt;</text>',
    );
    expect(element("rect", { fill: '"/><script>' })).toBe(
      '<rect fill="&quot;/&gt;&lt;script&gt;"/>',
    );
    const svg = accountabilityChartSvg({
      ...chart,
      agencies: [{ label: "</text><script>alert(1)</script>", rate: 1, value: "100%" }],
    });
    expect(svg).not.toContain("<script>");
    expect(accountabilityChartPng({ ...chart, agencies: [] }).length).toBeGreaterThan(0);
  });
});
