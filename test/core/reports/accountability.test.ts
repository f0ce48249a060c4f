import { describe, expect, it } from "vitest";
import {
  computeAccountability,
  readEventData,
  reportOutcome,
  type ReportTimeline,
} from "../../../src/core/reports/accountability.js";
import {
  AUGUST_2026 as reports,
  HEALTH,
  PUPR,
  complete,
  context,
  extend,
  rate,
  reopen,
  reply,
  wib,
} from "../../support/timelines.js";

const august = { from: wib("2026-08-01 00:00"), to: wib("2026-09-01 00:00") };
const september = { from: wib("2026-09-01 00:00"), to: wib("2026-10-01 00:00") };

const closedAugust = (input: readonly ReportTimeline[], now: string) =>
  computeAccountability(input, { period: august, now: wib(now) }, context);

describe("accountability figures of a closed month", () => {
  const figures = closedAugust(reports, "2026-09-10 12:00");

  it("match the month counted by hand", () => {
    expect(figures.asOf).toEqual(august.to);
    expect(figures.overall).toEqual({
      received: 11,
      verified: 8, // every routed report; R2, R9 and R10 never were
      routed: 8,
      rejected: 1, // R2
      followedUp: 6, // R1 R3 R4 R5 R7 R11
      onTime: 5, // all but R7
      overdue: 2, // R6, R10
      pending: 2, // R8, R9
      onHold: 1,
      holdOverdue: 1, // R4
      resolved: 2, // R1, R3
      followUpRate: 6 / 8,
      onTimeRate: 5 / 8,
      belowTarget: true,
      // 1 (R1) 3 (R3) 4 (R4) 6 (R5) 1.5 (R6) 1 (R7) 3 (R8) 1 (R11)
      medianWorkingHoursToVerification: 2.25,
      // 8.5 (R4) 10.5 (R3) 10.5 (R11) 22 (R1) 48.5 (R5) 52 (R7)
      medianWorkingHoursToFirstResponse: 16.25,
      satisfaction: { ratings: 2, average: 4, satisfiedShare: 0.5 }, // R1 3, R3 5 (not 2)
    });
  });

  it("count a /selesai-only report as followed up and on time", () => {
    const outcome = reportOutcome(reports[0] as ReportTimeline, august.to, context);
    expect(outcome).toMatchObject({
      status: "done",
      agencyId: PUPR,
      timeliness: "on-time",
      firstResponseAt: wib("2026-08-05 14:00"),
      workingHoursToFirstResponse: 22, // 7 on Monday, 8½ on Tuesday, 6½ on Wednesday
    });
  });

  it("measure a deadline across a holiday in working days", () => {
    const outcome = reportOutcome(reports[4] as ReportTimeline, august.to, context);
    expect(calendarDay(outcome.dueAt)).toBe("2026-08-24");
    expect(outcome.timeliness).toBe("on-time");
  });

  it("rank agencies lowest first, each with its own 90% flag", () => {
    expect(figures.ranking.map((rank) => [rank.agencyId, rank.figures.followUpRate])).toEqual([
      [PUPR, 2 / 3], // R1 R4 answered, R6 overdue, R8 pending
      [HEALTH, 1], // R3 R5 R7 (late, but followed up)
    ]);
    expect(figures.byAgency.get(PUPR)).toMatchObject({ belowTarget: true, onTimeRate: 2 / 3 });
    expect(figures.byAgency.get(HEALTH)).toMatchObject({ belowTarget: false, onTimeRate: 2 / 3 });
    // The desk: R2 rejected, R9 pending, R10 overdue, R11 routed on after "not our authority".
    expect(figures.byAgency.get(null)).toMatchObject({
      received: 4,
      rejected: 1,
      followedUp: 1,
      overdue: 1,
      pending: 1,
      followUpRate: 0.5,
      belowTarget: true,
    });
  });

  it("flag the 90% line per category too", () => {
    expect(figures.byCategory.get("jalan-jembatan")).toMatchObject({
      followUpRate: 2 / 3,
      belowTarget: true,
    });
    expect(figures.byCategory.get("kesehatan")).toMatchObject({
      followedUp: 4,
      followUpRate: 1,
      belowTarget: false,
    });
    expect(figures.byCategory.get(null)).toMatchObject({ followUpRate: 0, belowTarget: true });
  });

  it("give the same numbers later, whatever happened after the month ended", () => {
    const later = reports.map((report) => {
      switch (report.id) {
        case "R4":
          return extend(report, complete("2026-09-01 09:00", "on_hold"));
        case "R6":
          return extend(report, reply("2026-09-01 09:00"));
        case "R8":
          return extend(report, reply("2026-09-02 09:00"));
        case "R1":
          return extend(
            report,
            reopen("2026-09-02 10:00"),
            complete("2026-09-03 10:00", "reopened"),
            rate("2026-09-03 11:00", 1),
          );
        default:
          return report;
      }
    });
    expect(closedAugust(later, "2026-12-01 09:00")).toEqual(figures);
    // …while September's own figures do not take August's reports.
    const inSeptember = computeAccountability(
      later,
      { period: september, now: wib("2026-12-01 09:00") },
      context,
    );
    expect(inSeptember.overall.received).toBe(0);
  });

  it("narrow to one agency for an officer", () => {
    const own = computeAccountability(
      reports,
      { period: august, now: wib("2026-09-10 12:00"), agencyId: HEALTH },
      context,
    );
    expect(own.overall).toMatchObject({ received: 3, followedUp: 3, onTime: 2 });
    expect([...own.byAgency.keys()]).toEqual([HEALTH]);
  });
});

describe("a running month", () => {
  it("is taken as of now: a deadline still ahead is pending, not overdue", () => {
    const running = closedAugust(reports, "2026-08-26 12:00");
    expect(running.asOf).toEqual(wib("2026-08-26 12:00"));
    const r6 = reportOutcome(reports[5] as ReportTimeline, running.asOf, context);
    expect(r6.timeliness).toBe("pending"); // due at the end of the 26th
    expect(reportOutcome(reports[6] as ReportTimeline, running.asOf, context).timeliness).toBe(
      "pending",
    ); // R7's late answer has not happened yet
  });
});

describe("timeline data", () => {
  it("is read from the event's data column, leaving out what is not a status or a score", () => {
    expect(readEventData({ from: "routed", to: "followed_up", agencyId: PUPR })).toEqual({
      from: "routed",
      to: "followed_up",
      agencyId: PUPR,
    });
    expect(readEventData({ score: 4 })).toEqual({ score: 4 });
    expect(readEventData({ from: "closed", score: 9, timer: "x" })).toEqual({});
    expect(readEventData(null)).toEqual({});
  });
});

function calendarDay(date: Date | null): string | undefined {
  return date ? context.calendar.dateOf(date) : undefined;
}
