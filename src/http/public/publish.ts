import { coarsenLocation, type GeoPoint } from "./geo.js";
import type { PublicReportDetail, PublicReportSummary } from "./report-source.js";

declare const coarsened: unique symbol;

/** A location that went through `coarsenLocation`: the only kind a page or response can show. */
export type CoarseLocation = GeoPoint & { readonly [coarsened]: true };

type Published<Report extends PublicReportSummary> = Omit<Report, "location" | "confidential"> & {
  readonly location: CoarseLocation | null;
};

export type PublishedSummary = Published<PublicReportSummary>;
export type PublishedDetail = Published<PublicReportDetail>;

/**
 * The one door between a report source and what the public sees: a rahasia report does not get
 * through (whatever the source's own filter did), and the location comes out coarsened.
 */
export function publishReport<Report extends PublicReportSummary>(
  report: Report,
): Published<Report> | undefined {
  if (report.confidential) return undefined;
  const published: Published<Report> & { confidential?: boolean } = {
    ...report,
    location: report.location ? (coarsenLocation(report.location) as CoarseLocation) : null,
  };
  delete published.confidential;
  return published;
}

export function publishReports(
  reports: readonly PublicReportSummary[],
): readonly PublishedSummary[] {
  return reports.flatMap((report) => publishReport(report) ?? []);
}
