import { describe, expect, it } from "vitest";
import {
  computeAccountability,
  reportOutcome,
  type ReportTimeline,
  type TimelineEvent,
} from "../../../src/core/reports/accountability.js";
import { PUPR, context, extend, route, timeline, wib } from "../../support/timelines.js";

const august = { from: wib("2026-08-01 00:00"), to: wib("2026-09-01 00:00") };
const asOf = wib("2026-09-10 12:00");

/** The original, routed and not answered by its deadline (5 working days after routing). */
const original = timeline(
  "A",
  "2026-08-03 09:00",
  "jalan-jembatan",
  route("2026-08-03 10:00", PUPR),
);
/** The same problem filed again, routed too. */
const duplicate = timeline(
  "B",
  "2026-08-04 09:00",
  "jalan-jembatan",
  route("2026-08-04 10:00", PUPR),
);

/** What /gabung B A leaves on each timeline (see ReportWorkflow.merge). */
const mergedAway: TimelineEvent = {
  type: "merged",
  at: wib("2026-08-05 09:00"),
  actor: "staff",
  public: true,
  hasText: true,
  from: "routed",
  to: "rejected",
};
const mergedIn: TimelineEvent = {
  type: "merged",
  at: wib("2026-08-05 09:00"),
  actor: "staff",
  public: false,
  hasText: true,
};

const withEvent = (report: ReportTimeline, event: TimelineEvent): ReportTimeline =>
  extend(report, () => event);

describe("a report merged into another (/gabung)", () => {
  it("is counted apart, like an archived report: never as overdue", () => {
    const before = reportOutcome(duplicate, asOf, context);
    expect(before.timeliness).toBe("overdue");
    const after = reportOutcome(withEvent(duplicate, mergedAway), asOf, context);
    expect(after).toMatchObject({ status: "rejected", timeliness: "rejected" });
  });

  it("leaves the report it went into as it was", () => {
    expect(reportOutcome(withEvent(original, mergedIn), asOf, context)).toEqual(
      reportOutcome(original, asOf, context),
    );
  });

  it("leaves one report in the month's figures for the problem, as supporters add none", () => {
    const figures = computeAccountability(
      [withEvent(original, mergedIn), withEvent(duplicate, mergedAway)],
      { period: august, now: asOf },
      context,
    );
    expect(figures.overall).toMatchObject({ received: 2, rejected: 1, overdue: 1, followedUp: 0 });
  });
});
