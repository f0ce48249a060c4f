import type { AccountabilityChart, ChartBar } from "../../core/reports/accountability-text.js";
import { element, svgDocument, text } from "./svg.js";

/** Colours: below the target, at or above it, the target line, ink, faint ink, grid. */
export const CHART_COLORS = {
  below: "#c0392b",
  met: "#1e8449",
  target: "#1f3a93",
  ink: "#1b1b1b",
  faint: "#6b6b6b",
  grid: "#e3e3e3",
  background: "#ffffff",
} as const;

const FONT = "DejaVu Sans";
const WIDTH = 960;
const MARGIN = 24;
const LABEL_WIDTH = 300;
const VALUE_WIDTH = 72;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const AGENCY_TOP = 104;
const TREND_HEIGHT = 180;
const LABEL_SIZE = 13;

/**
 * Where everything of a chart is drawn. The drawing below uses it, and so can a test that
 * checks the picture: a bar ends at `rateX(rate)`, the target line stands at `rateX(target)`.
 */
export interface ChartGeometry {
  readonly width: number;
  readonly height: number;
  /** The agency panel: bars start at `plotLeft` and grow right. */
  readonly plotLeft: number;
  readonly plotRight: number;
  readonly rateX: (rate: number) => number;
  /** The vertical middle of agency row `index` (lowest rate first). */
  readonly rowY: (index: number) => number;
  /** Where agency names are written, right-aligned against the plot. */
  readonly labelArea: { readonly left: number; readonly right: number };
  /** The trend panel: vertical bars per month over `trendTop`–`trendBottom`. */
  readonly trendTop: number;
  readonly trendBottom: number;
  readonly rateY: (rate: number) => number;
  readonly monthX: (index: number) => number;
  readonly monthBarWidth: number;
}

export function chartGeometry(chart: AccountabilityChart): ChartGeometry {
  const rows = Math.max(chart.agencies.length, 1);
  const plotLeft = MARGIN + LABEL_WIDTH;
  const plotRight = WIDTH - MARGIN - VALUE_WIDTH;
  const agencyBottom = AGENCY_TOP + rows * ROW_HEIGHT;
  const trendTop = agencyBottom + 110;
  const trendBottom = trendTop + TREND_HEIGHT;
  const trendLeft = MARGIN + 48;
  const trendRight = WIDTH - MARGIN;
  const slot = (trendRight - trendLeft) / Math.max(chart.months.length, 1);
  return {
    width: WIDTH,
    height: trendBottom + 48,
    plotLeft,
    plotRight,
    rateX: (rate) => plotLeft + Math.min(Math.max(rate, 0), 1) * (plotRight - plotLeft),
    rowY: (index) => AGENCY_TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
    labelArea: { left: MARGIN, right: plotLeft - 8 },
    trendTop,
    trendBottom,
    rateY: (rate) => trendBottom - Math.min(Math.max(rate, 0), 1) * TREND_HEIGHT,
    monthX: (index) => trendLeft + slot * index + slot / 2,
    monthBarWidth: Math.min(slot * 0.6, 64),
  };
}

const colorOf = (bar: ChartBar, target: number) =>
  bar.rate !== null && bar.rate < target ? CHART_COLORS.below : CHART_COLORS.met;

/** Names longer than the label column are cut with "…" (DejaVu Sans averages ~0.6 em). */
function fitLabel(label: string): string {
  const room = Math.floor((LABEL_WIDTH - 8) / (LABEL_SIZE * 0.6));
  return label.length <= room ? label : `${label.slice(0, room - 1).trimEnd()}…`;
}

const label = (
  content: string,
  x: number,
  y: number,
  extra: Record<string, string | number> = {},
) =>
  text(content, {
    x,
    y,
    "font-family": FONT,
    "font-size": LABEL_SIZE,
    fill: CHART_COLORS.ink,
    ...extra,
  });

function agencyPanel(chart: AccountabilityChart, geometry: ChartGeometry): string[] {
  const { plotLeft, plotRight, rateX, rowY } = geometry;
  const top = AGENCY_TOP;
  const bottom = top + Math.max(chart.agencies.length, 1) * ROW_HEIGHT;
  const parts = [
    text(chart.agencyTitle, {
      x: MARGIN,
      y: 74,
      "font-family": FONT,
      "font-size": 16,
      "font-weight": "bold",
      fill: CHART_COLORS.ink,
    }),
  ];
  for (const rate of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      element("line", {
        x1: rateX(rate),
        y1: top,
        x2: rateX(rate),
        y2: bottom,
        stroke: CHART_COLORS.grid,
        "stroke-width": 1,
      }),
      label(`${rate * 100}%`, rateX(rate), bottom + 18, {
        "text-anchor": "middle",
        "font-size": 11,
        fill: CHART_COLORS.faint,
      }),
    );
  }
  if (chart.agencies.length === 0) {
    parts.push(label("–", plotLeft + 6, rowY(0) + 4, { fill: CHART_COLORS.faint }));
  }
  chart.agencies.forEach((bar, index) => {
    const y = rowY(index);
    parts.push(
      label(fitLabel(bar.label), geometry.labelArea.right, y + 4, { "text-anchor": "end" }),
    );
    const end = bar.rate === null ? plotLeft : rateX(bar.rate);
    if (end > plotLeft) {
      parts.push(
        element("rect", {
          x: plotLeft,
          y: y - BAR_HEIGHT / 2,
          width: end - plotLeft,
          height: BAR_HEIGHT,
          fill: colorOf(bar, chart.target),
        }),
      );
    }
    parts.push(
      label(bar.value, Math.min(end, plotRight) + 6, y + 4, {
        "font-size": 12,
        fill: bar.rate === null ? CHART_COLORS.faint : CHART_COLORS.ink,
      }),
    );
  });
  const targetX = rateX(chart.target);
  parts.push(
    element("line", {
      x1: targetX,
      y1: top - 8,
      x2: targetX,
      y2: bottom + 4,
      stroke: CHART_COLORS.target,
      "stroke-width": 2,
    }),
    label(chart.targetLabel, targetX, top - 14, {
      "text-anchor": "middle",
      "font-size": 11,
      fill: CHART_COLORS.target,
    }),
  );
  return parts;
}

function trendPanel(chart: AccountabilityChart, geometry: ChartGeometry): string[] {
  const { trendTop, trendBottom, rateY, monthX, monthBarWidth } = geometry;
  const left = MARGIN + 48;
  const right = WIDTH - MARGIN;
  const parts = [
    text(chart.trendTitle, {
      x: MARGIN,
      y: trendTop - 40,
      "font-family": FONT,
      "font-size": 16,
      "font-weight": "bold",
      fill: CHART_COLORS.ink,
    }),
  ];
  for (const rate of [0, 0.5, 1]) {
    parts.push(
      element("line", {
        x1: left,
        y1: rateY(rate),
        x2: right,
        y2: rateY(rate),
        stroke: CHART_COLORS.grid,
        "stroke-width": 1,
      }),
      label(`${rate * 100}%`, left - 8, rateY(rate) + 4, {
        "text-anchor": "end",
        "font-size": 11,
        fill: CHART_COLORS.faint,
      }),
    );
  }
  chart.months.forEach((bar, index) => {
    const x = monthX(index);
    if (bar.rate !== null && bar.rate > 0) {
      parts.push(
        element("rect", {
          x: x - monthBarWidth / 2,
          y: rateY(bar.rate),
          width: monthBarWidth,
          height: trendBottom - rateY(bar.rate),
          fill: colorOf(bar, chart.target),
        }),
      );
    }
    parts.push(
      label(bar.value, x, rateY(bar.rate ?? 0) - 6, { "text-anchor": "middle", "font-size": 12 }),
      label(bar.label, x, trendBottom + 18, { "text-anchor": "middle", "font-size": 12 }),
    );
  });
  parts.push(
    element("line", {
      x1: left,
      y1: rateY(chart.target),
      x2: right,
      y2: rateY(chart.target),
      stroke: CHART_COLORS.target,
      "stroke-width": 2,
    }),
    label(chart.targetLabel, right, rateY(chart.target) - 6, {
      "text-anchor": "end",
      "font-size": 11,
      fill: CHART_COLORS.target,
    }),
  );
  return parts;
}

/** The accountability chart as an SVG document: agencies against the target, then the trend. */
export function accountabilityChartSvg(chart: AccountabilityChart): string {
  const geometry = chartGeometry(chart);
  return svgDocument(
    geometry.width,
    geometry.height,
    element("rect", {
      x: 0,
      y: 0,
      width: geometry.width,
      height: geometry.height,
      fill: CHART_COLORS.background,
    }),
    text(chart.title, {
      x: MARGIN,
      y: 36,
      "font-family": FONT,
      "font-size": 20,
      "font-weight": "bold",
      fill: CHART_COLORS.ink,
    }),
    ...agencyPanel(chart, geometry),
    ...trendPanel(chart, geometry),
  );
}
