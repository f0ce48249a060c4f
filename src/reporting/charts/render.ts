import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type { AccountabilityChart } from "../../core/reports/accountability-text.js";
import { accountabilityChartSvg, CHART_COLORS } from "./accountability-chart.js";

const require = createRequire(import.meta.url);

/**
 * The fonts every chart is drawn with, shipped by the dejavu-fonts-ttf package (Bitstream Vera
 * licence: free to redistribute). System fonts are never used, so a bare server draws the same
 * letters as a developer's machine.
 */
export const CHART_FONT_FILES: readonly string[] = [
  require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
  require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
];

/** An SVG document drawn as a PNG, with the shipped fonts only. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    background: CHART_COLORS.background,
    font: {
      fontFiles: [...CHART_FONT_FILES],
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans",
    },
  });
  return resvg.render().asPng();
}

/** The accountability chart (agencies against the 90% line, then the monthly trend) as PNG. */
export const accountabilityChartPng = (chart: AccountabilityChart): Buffer =>
  renderPng(accountabilityChartSvg(chart));
