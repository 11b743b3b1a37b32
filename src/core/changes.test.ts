import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChangeEvidence,
  changeFlags,
  checksCheck,
  datesInOrder,
  emergencyApprovalRefusal,
  emergencyCheck,
  emergencyState,
  identityKey,
  independentApprovals,
  isUnreviewed,
  reviewCheck,
  samePerson,
} from "./changes.ts";

const DAY = 86_400_000;
const merged = new Date("2027-03-01T12:00:00Z");
const base: ChangeEvidence = {
  source: "github",
  author: "ada",
  committer: null,
  approvals: [],
  checksPassed: null,
  signature: null,
  mergedAt: merged,
  deployedAt: null,
  emergency: false,
  emergencyApprovedAt: null,
};

describe("who is the same person", () => {
  it("compares emails, logins and names however a source writes them", () => {
    expect(identityKey("Ada Lovelace <Ada@Example.test>")).toBe("ada@example.test");
    expect(identityKey("@Ada")).toBe("ada");
    expect(samePerson("Ada <ada@example.test>", "ADA@example.test")).toBe(true);
    expect(samePerson("Ada <ada@example.test>", "ada")).toBe(true);
    expect(samePerson("@ada", "ada")).toBe(true);
    expect(samePerson("ada", "bob")).toBe(false);
    expect(samePerson("", "")).toBe(false);
    expect(samePerson(null, null)).toBe(false);
  });
});

describe("independent review", () => {
  it("needs an approver other than the author", () => {
    expect(isUnreviewed(base)).toBe(true);
    expect(isUnreviewed({ ...base, approvals: [{ by: "ada", at: null }] })).toBe(true);
    expect(isUnreviewed({ ...base, approvals: [{ by: "@ADA", at: null }] })).toBe(true);
    expect(isUnreviewed({ ...base, approvals: [{ by: "bob", at: null }] })).toBe(false);
    expect(
      independentApprovals({
        author: "ada",
        approvals: [
          { by: "ada", at: null },
          { by: "bob", at: null },
        ],
      }),
    ).toEqual([{ by: "bob", at: null }]);
  });

  it("counts a git committer other than the author, and judges only changes that landed", () => {
    const git = { ...base, source: "git" as const, author: "Ada <ada@x.test>", committer: "Ada <ada@x.test>" };
    expect(isUnreviewed(git)).toBe(true);
    expect(isUnreviewed({ ...git, committer: "Bob <bob@x.test>" })).toBe(false);
    // Only git commits have committers that mean something.
    expect(isUnreviewed({ ...base, committer: "bob" })).toBe(true);
    expect(isUnreviewed({ ...base, mergedAt: null })).toBe(false);
    expect(isUnreviewed({ ...base, mergedAt: null, deployedAt: merged })).toBe(true);
  });

  it("is never satisfied by the author alone, whatever the spelling (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.boolean(), (login, at) => {
        const spellings = [login, `@${login}`, login.toUpperCase()];
        const approvals = spellings.map((by) => ({ by, at: at ? merged.toISOString() : null }));
        return isUnreviewed({ ...base, author: login, approvals });
      }),
    );
  });
});

describe("emergency changes", () => {
  const e = { ...base, emergency: true, approvals: [{ by: "bob", at: null }] };
  it("are pending for the allowed days, then overdue; an approval after them is late", () => {
    expect(emergencyState(base, merged)).toBe("not_emergency");
    expect(emergencyState(e, new Date(merged.getTime() + 2 * DAY))).toBe("pending");
    expect(emergencyState(e, new Date(merged.getTime() + 3 * DAY + 1))).toBe("overdue");
    expect(emergencyState(e, new Date(merged.getTime() + 3 * DAY + 1), 5)).toBe("pending");
    expect(emergencyState({ ...e, emergencyApprovedAt: new Date(merged.getTime() + DAY) }, merged)).toBe("approved");
    expect(emergencyState({ ...e, emergencyApprovedAt: new Date(merged.getTime() + 4 * DAY) }, merged)).toBe(
      "approved_late",
    );
    // Not landed yet: it cannot be overdue.
    expect(emergencyState({ ...e, mergedAt: null }, new Date(merged.getTime() + 30 * DAY))).toBe("pending");
  });

  it("are flagged when overdue, with the other flags", () => {
    const later = new Date(merged.getTime() + 10 * DAY);
    expect(changeFlags(e, later)).toEqual({
      unreviewed: false,
      emergencyUnapproved: true,
      unsigned: false,
      checksFailed: false,
    });
    expect(changeFlags({ ...base, source: "git", signature: "N", checksPassed: false }, later)).toMatchObject({
      unsigned: true,
      checksFailed: true,
    });
    expect(changeFlags({ ...base, source: "git", signature: "G" }, later).unsigned).toBe(false);
  });

  it("are approved after the fact by anyone but their author", () => {
    const approver = { userId: "u-bob", name: "Bob", email: "bob@x.test" };
    const c = { ...e, createdBy: "u-ada" };
    expect(emergencyApprovalRefusal(c, approver)).toBeNull();
    expect(emergencyApprovalRefusal({ ...c, author: "Bob <bob@x.test>" }, approver)).toMatch(/author/);
    expect(emergencyApprovalRefusal({ ...c, author: "bob" }, approver)).toMatch(/author/);
    expect(emergencyApprovalRefusal({ ...c, author: null, createdBy: "u-bob" }, approver)).toMatch(/recorded it/);
    expect(emergencyApprovalRefusal({ ...c, author: null }, approver)).toBeNull();
    expect(emergencyApprovalRefusal({ ...c, emergency: false }, approver)).toMatch(/Only an emergency/);
    expect(emergencyApprovalRefusal({ ...c, emergencyApprovedAt: merged }, approver)).toMatch(/already/);
  });
});

describe("control checks", () => {
  it("CHG-02 counts unreviewed changes, and says nothing without changes", () => {
    expect(reviewCheck(0, 0)).toBeNull();
    expect(reviewCheck(5, 0)).toMatchObject({ state: "met", reason: expect.stringMatching(/All 5 changes/) });
    expect(reviewCheck(5, 2)).toMatchObject({ state: "not_met", reason: expect.stringMatching(/^2 changes of 5/) });
    expect(reviewCheck(1, 1)?.reason).toMatch(/^1 change of 1/);
  });
  it("CHG-03 counts failed checks among changes that report them", () => {
    expect(checksCheck(0, 0)).toBeNull();
    expect(checksCheck(3, 0)?.state).toBe("met");
    expect(checksCheck(3, 1)).toMatchObject({ state: "not_met", reason: expect.stringMatching(/^1 change of 3/) });
  });
  it("CHG-06 fails on overdue or late approvals, not on pending ones", () => {
    expect(emergencyCheck(["not_emergency"])).toBeNull();
    expect(emergencyCheck(["approved", "pending", "not_emergency"])?.state).toBe("met");
    expect(emergencyCheck(["approved", "overdue", "approved_late"])).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/1 emergency change still without approval after 3 days; 1 emergency change/),
    });
  });
  it("judges emergency changes by the organization's window", () => {
    const e = { ...base, emergency: true };
    const at = (days: number) => new Date(merged.getTime() + days * DAY);
    // Six days after landing: overdue under a 5-day window, still pending under 7; the edge day itself is in time.
    expect(emergencyState(e, at(6), 5)).toBe("overdue");
    expect(emergencyState(e, at(6), 7)).toBe("pending");
    expect(emergencyState(e, at(1), 1)).toBe("pending");
    expect(emergencyState(e, new Date(at(1).getTime() + 1), 1)).toBe("overdue");
    expect(emergencyState({ ...e, emergencyApprovedAt: at(20) }, at(21), 30)).toBe("approved");
    expect(emergencyState({ ...e, emergencyApprovedAt: at(20) }, at(21), 14)).toBe("approved_late");
    expect(changeFlags(e, at(6), 5).emergencyUnapproved).toBe(true);
    expect(changeFlags(e, at(6), 7).emergencyUnapproved).toBe(false);
    expect(emergencyCheck(["overdue"], 1)?.reason).toMatch(/^1 emergency change still without approval after 1 day \(/);
    expect(emergencyCheck(["approved_late", "approved"], 14)?.reason).toMatch(/approved later than 14 days/);
    expect(emergencyCheck(["approved", "pending"], 30)?.reason).toMatch(/within 30 days/);
  });
  it("orders dates", () => {
    expect(datesInOrder("2027-01-01", "2027-01-02")).toBe(true);
    expect(datesInOrder("2027-01-02", "2027-01-01")).toBe(false);
    expect(datesInOrder(undefined, "2027-01-01")).toBe(true);
  });
});
