import { describe, expect, it } from "vitest";
import { ReportStatus } from "../../../src/generated/prisma/enums.js";
import {
  IllegalTransitionError,
  REPORT_ACTIONS,
  actionsFrom,
  isOpen,
  transition,
} from "../../../src/core/reports/lifecycle.js";

// The SP4N-LAPOR! timeline as the desk describes it, one line per allowed move.
const LEGAL = `
  submitted     verify        verified
  on_hold       verify        verified
  submitted     route         routed
  verified      route         routed
  routed        route         routed
  on_hold       route         routed
  not_authority route         routed
  reopened      route         routed
  verified      reply         followed_up
  routed        reply         followed_up
  followed_up   reply         followed_up
  on_hold       reply         followed_up
  reopened      reply         followed_up
  submitted     hold          on_hold
  verified      hold          on_hold
  routed        hold          on_hold
  followed_up   hold          on_hold
  reopened      hold          on_hold
  submitted     reject        rejected
  verified      reject        rejected
  on_hold       reject        rejected
  not_authority reject        rejected
  submitted     not_authority not_authority
  verified      not_authority not_authority
  routed        not_authority not_authority
  on_hold       not_authority not_authority
  reopened      not_authority not_authority
  verified      complete      done
  routed        complete      done
  followed_up   complete      done
  on_hold       complete      done
  reopened      complete      done
  done          reopen        reopened
  rejected      reopen        reopened
`
  .trim()
  .split("\n")
  .map((line) => line.trim().split(/\s+/) as [ReportStatus, string, ReportStatus]);

const STATUSES = Object.values(ReportStatus);
const legal = new Map(LEGAL.map(([from, action, to]) => [`${from} ${action}`, to]));

describe("the report state machine", () => {
  for (const from of STATUSES) {
    for (const action of REPORT_ACTIONS) {
      const expected = legal.get(`${from} ${action}`);
      if (expected) {
        it(`moves a ${from} report to ${expected} on ${action}`, () => {
          expect(transition(from, action)).toBe(expected);
        });
      } else {
        it(`refuses to ${action} a ${from} report, naming its status`, () => {
          expect(() => transition(from, action)).toThrow(IllegalTransitionError);
          expect(() => transition(from, action)).toThrow(
            `cannot ${action} a report that is ${from}`,
          );
        });
      }
    }
  }

  it("lists what staff can do next in each status", () => {
    expect(actionsFrom("submitted")).toEqual([
      "verify",
      "route",
      "hold",
      "reject",
      "not_authority",
    ]);
    expect(actionsFrom("done")).toEqual(["reopen"]);
  });

  it("counts a report as open until it is done or rejected", () => {
    expect(STATUSES.filter((status) => !isOpen(status)).sort()).toEqual(["done", "rejected"]);
  });
});
