import { describe, expect, it } from "vitest";
import type { StatusChange } from "../../../src/core/reports/deadline-policy.js";
import { calendar, policy, wib } from "../../support/timelines.js";

const day = (date: Date | null) => (date ? calendar.dateOf(date) : null);
const submittedAt = wib("2026-08-03 09:00"); // Monday; 17 and 25 August are holidays
const change = (from: StatusChange["from"], to: StatusChange["to"], at: string): StatusChange => ({
  from,
  to,
  at: wib(at),
});

describe("deadlines of the ordinary stages", () => {
  it("stay as they were: verification from filing, follow-up from routing, none once rejected", () => {
    expect(
      day(
        policy.dueDates({ status: "submitted", submittedAt, statusSince: submittedAt }).verifyDueAt,
      ),
    ).toBe("2026-08-06");
    const routedAt = wib("2026-08-03 10:00");
    expect(
      day(policy.dueDates({ status: "routed", submittedAt, statusSince: routedAt }).followUpDueAt),
    ).toBe("2026-08-10");
    expect(policy.dueDates({ status: "rejected", submittedAt, statusSince: routedAt })).toEqual({
      verifyDueAt: null,
      followUpDueAt: null,
      autoCloseAt: null,
      holdDueAt: null,
    });
  });
});

describe("a report on hold", () => {
  const heldAt = wib("2026-08-07 09:00"); // Friday
  const held = { status: "on_hold" as const, submittedAt, statusSince: heldAt };

  it("is due back after HOLD_WORKING_DAYS, with a reminder the working day before", () => {
    const due = policy.dueDates(held);
    expect(due.holdDueAt?.toISOString()).toBe("2026-08-14T16:59:59.999Z"); // Friday 14th, 23:59 WIB
    expect(policy.timers(due, false)).toEqual([
      { kind: "hold-reminder", fireAt: wib("2026-08-13 08:00"), dueAt: due.holdDueAt },
      { kind: "hold-escalation", fireAt: due.holdDueAt, dueAt: due.holdDueAt },
    ]);
  });

  it("counts its days past holidays", () => {
    // Held Friday 14th: 18, 19, 20, 21, 24 (the 17th is Independence Day).
    const due = policy.dueDates({ ...held, statusSince: wib("2026-08-14 10:00") });
    expect(day(due.holdDueAt)).toBe("2026-08-24");
  });

  it("has no hold deadline once it moves on, and other statuses never have one", () => {
    expect(
      policy.dueDates({ status: "routed", submittedAt, statusSince: heldAt }).holdDueAt,
    ).toBeNull();
  });
});

describe("the follow-up clock across a hold", () => {
  it("resumes with the working days it had left, instead of restarting", () => {
    // Routed Monday 3rd (due the 10th); held Wednesday 5th with 3 days left (6, 7, 10);
    // back to the agency Wednesday 12th: 13, 14, 18 (the 17th is a holiday).
    const facts = policy.factsFromTimeline(submittedAt, [
      change("submitted", "routed", "2026-08-03 10:00"),
      change("routed", "on_hold", "2026-08-05 10:00"),
      change("on_hold", "routed", "2026-08-12 10:00"),
    ]);
    expect(facts).toEqual({
      status: "routed",
      submittedAt,
      statusSince: wib("2026-08-12 10:00"),
      followUpDaysLeft: 3,
    });
    expect(day(policy.dueDates(facts).followUpDueAt)).toBe("2026-08-18");
  });

  it("gives at least the day it resumes on to a report held after its deadline", () => {
    const facts = policy.factsFromTimeline(submittedAt, [
      change("submitted", "routed", "2026-08-03 10:00"),
      change("routed", "on_hold", "2026-08-12 10:00"), // two days late
      change("on_hold", "routed", "2026-08-19 10:00"),
    ]);
    expect(facts.followUpDaysLeft).toBe(0);
    expect(day(policy.dueDates(facts).followUpDueAt)).toBe("2026-08-20");
  });

  it("starts whole for a report held before it was verified", () => {
    const facts = policy.factsFromTimeline(submittedAt, [
      change("submitted", "on_hold", "2026-08-03 11:00"),
      change("on_hold", "verified", "2026-08-10 09:00"),
    ]);
    expect(facts.followUpDaysLeft).toBeUndefined();
    // Verified Monday 10th: 11, 12, 13, 14, 18.
    expect(day(policy.dueDates(facts).followUpDueAt)).toBe("2026-08-18");
  });

  it("restarts as before when the report is routed anew without a hold", () => {
    const facts = policy.factsFromTimeline(submittedAt, [
      change("submitted", "routed", "2026-08-03 10:00"),
      change("routed", "not_authority", "2026-08-04 10:00"),
      change("not_authority", "routed", "2026-08-05 10:00"),
    ]);
    expect(facts).toEqual({ status: "routed", submittedAt, statusSince: wib("2026-08-05 10:00") });
    expect(day(policy.dueDates(facts).followUpDueAt)).toBe("2026-08-12");
  });
});
