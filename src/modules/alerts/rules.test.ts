import { describe, expect, it } from "vitest";
import { alertEmail, slackMessage } from "./render.ts";
import {
  exceptionNotice,
  failureTitle,
  groupNewFailures,
  listNames,
  startsFailureStreak,
  uniqueRecipients,
} from "./rules.ts";

describe("grouping new failures", () => {
  const tests = new Map([
    ["git.signed_commits", { title: "Recent commits are signed", controls: ["CHG-02"] }],
    ["people.manager_known", { title: "Every current person has a known manager", controls: ["GOV-06"] }],
  ]);
  it("makes one group per test with its resources sorted and deduplicated", () => {
    const groups = groupNewFailures(
      [
        { testId: "people.manager_known", resourceName: "cy", reason: "no manager", remediation: "Fix HR" },
        { testId: "git.signed_commits", resourceName: "repo", reason: "unsigned", remediation: "" },
        { testId: "people.manager_known", resourceName: "ada", reason: "other", remediation: "x" },
        { testId: "people.manager_known", resourceName: "bob", reason: "", remediation: "" },
        { testId: "people.manager_known", resourceName: "ada", reason: "", remediation: "" },
      ],
      tests,
    );
    expect(groups.map((g) => [g.testId, g.resources])).toEqual([
      ["git.signed_commits", ["repo"]],
      ["people.manager_known", ["ada", "bob", "cy"]],
    ]);
    expect(groups[1]).toMatchObject({ controls: ["GOV-06"], reason: "no manager", remediation: "Fix HR" });
    expect(failureTitle(groups[1]!)).toBe(
      "Every current person has a known manager now fails on 3 resources: ada, bob, cy",
    );
    expect(failureTitle(groups[0]!)).toBe("Recent commits are signed now fails on repo");
  });

  it("names a test it does not know by its id and shortens long lists", () => {
    const [g] = groupNewFailures([{ testId: "custom.x", resourceName: "r", reason: "", remediation: "" }], tests);
    expect(g).toMatchObject({ title: "custom.x", controls: [] });
    const names = Array.from({ length: 13 }, (_, i) => `r${String(i).padStart(2, "0")}`);
    expect(listNames(names)).toBe("r00, r01, r02, r03, r04, r05, r06, r07, r08, r09 and 3 more");
  });
});

describe("recipients and streaks", () => {
  it("lists each person once, in first-seen order, without nulls", () => {
    expect(uniqueRecipients(["b", "a"], [null, "a", "c", undefined])).toEqual(["b", "a", "c"]);
  });

  it("alerts a failed sync only when it starts a failure streak", () => {
    expect(startsFailureStreak(null, "failed")).toBe(true);
    expect(startsFailureStreak("succeeded", "failed")).toBe(true);
    expect(startsFailureStreak("partial", "failed")).toBe(true);
    expect(startsFailureStreak("failed", "failed")).toBe(false);
    expect(startsFailureStreak("failed", "succeeded")).toBe(false);
    expect(startsFailureStreak(undefined, "partial")).toBe(false);
  });

  it("says which exception notice is due", () => {
    const now = new Date("2027-05-01T12:00:00Z");
    const e = (expiresAt: string, over = {}) => ({
      decision: "approved",
      revokedAt: null,
      expiresAt: new Date(expiresAt),
      ...over,
    });
    expect(exceptionNotice(e("2027-05-08T11:00:00Z"), now)).toBe("exception.expiring");
    expect(exceptionNotice(e("2027-05-09T12:00:00Z"), now)).toBeNull();
    expect(exceptionNotice(e("2027-05-01T11:59:59Z"), now)).toBe("exception.expired");
    expect(exceptionNotice(e("2027-05-03T00:00:00Z", { decision: "pending" }), now)).toBeNull();
    expect(exceptionNotice(e("2027-05-03T00:00:00Z", { revokedAt: now }), now)).toBeNull();
  });
});

describe("rendering", () => {
  const r = { publicUrl: "https://assay.example.test", organization: "Acme" };
  it("writes emails with an absolute link and the preferences link", () => {
    const mail = alertEmail({ title: "T fails", body: "Why: x", link: "/monitoring/tests/t" }, r, "Ada");
    expect(mail.subject).toBe("[Acme] T fails");
    expect(mail.text).toContain("https://assay.example.test/monitoring/tests/t");
    expect(mail.text).toContain("https://assay.example.test/settings/notifications");
  });

  it("writes Slack messages with text and blocks, escaping markup", () => {
    const m = slackMessage({ title: "a <b> & c", body: "x", link: "/p" }, r, "sync.failed");
    expect(m.text).toBe("[Acme] a <b> & c https://assay.example.test/p");
    expect(m.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*<https://assay.example.test/p|a &lt;b&gt; &amp; c>*\nx" },
    });
    expect(JSON.stringify(m.blocks[1])).toContain("A sync fails");
  });
});
