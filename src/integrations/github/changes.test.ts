import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { withRetry } from "../retry.ts";
import { testEnvironment } from "../testing.ts";
import { approvalsOf, checksOf, makeGithubChangeCollector } from "./changes.ts";
import { githubConfig } from "./definition.ts";
import { type Exchange, replay } from "./fixtures/replay.ts";

/** Merged pull requests through Octokit's own transport hook (request.fetch), on recorded responses: no network. */
const TOKEN = "ghp_TESTonly0000aaaaBBBBccccDDDDeeee1234";
const recorded = JSON.parse(fs.readFileSync(new URL("./fixtures/acme-pulls.json", import.meta.url), "utf8")) as {
  exchanges: Exchange[];
};

function setup() {
  const fake = replay(undefined, recorded.exchanges);
  const collect = makeGithubChangeCollector({ fetch: fake.fetch });
  const warnings: string[] = [];
  const run = (from: string, to: string) =>
    collect({
      config: githubConfig.parse({ organization: "acme-corp", repositories: ["api"] }),
      secrets: { token: TOKEN },
      env: testEnvironment(),
      signal: new AbortController().signal,
      retry: (what, call) => withRetry(what, call, { baseMs: 1 }),
      warn: (m) => void warnings.push(m),
      from: new Date(`${from}T00:00:00Z`),
      to: new Date(`${to}T23:59:59.999Z`),
    });
  return { fake, run, warnings };
}

describe("GitHub merged pull requests (recorded responses)", () => {
  it("reads the pull requests merged in the range with their approvals, checks and merger", async () => {
    const { fake, run, warnings } = setup();
    const changes = await run("2026-05-01", "2026-05-31");
    expect(fake.unmatched).toEqual([]);
    expect(warnings).toEqual([]);
    expect(changes.map((c) => c.externalRef)).toEqual(["104", "102", "101"]);
    const [rateLimit, hotfix, audit] = changes;
    // bob asked for changes after approving: only erin's approval stands.
    expect(rateLimit).toMatchObject({
      repository: "acme-corp/api",
      author: "dave",
      mergedBy: "erin",
      approvals: [{ by: "erin", at: "2026-05-25T15:50:00Z" }],
      checksPassed: null,
      url: "https://github.com/acme-corp/api/pull/104",
    });
    expect(hotfix).toMatchObject({ author: "carol", mergedBy: "carol", approvals: [], checksPassed: false });
    expect(audit).toMatchObject({ approvals: [{ by: "bob", at: "2026-05-19T15:20:00Z" }], checksPassed: true });
    expect(audit!.mergedAt.toISOString()).toBe("2026-05-20T11:45:01.000Z");
    // The second page was read through its Link header, and the walk stopped before the range.
    expect(
      fake.count("GET /repositories/5550001/pulls?direction=desc&per_page=100&sort=updated&state=closed&page=2"),
    ).toBe(1);
    for (const s of fake.seen) {
      expect(s.headers.authorization).toBe(`token ${TOKEN}`);
      expect(s.url).not.toContain(TOKEN);
    }
    // The closed-unmerged #103 and the early #99 were never asked about.
    expect(fake.seen.some((s) => /pulls\/(103|99)\//.test(s.url))).toBe(false);
  });

  it("keeps a narrower range and survives throttling", async () => {
    const { fake, run } = setup();
    fake.queue("GET /repos/acme-corp/api/pulls/101/reviews?per_page=100", {
      status: 429,
      headers: { "retry-after": "0", "content-type": "application/json" },
      body: { message: "You have exceeded a secondary rate limit." },
    });
    const changes = await run("2026-05-20", "2026-05-21");
    expect(changes.map((c) => c.externalRef)).toEqual(["101"]);
    expect(fake.count("GET /repos/acme-corp/api/pulls/101/reviews?per_page=100")).toBe(2);
  });

  it("warns about a repository it cannot read instead of failing", async () => {
    const { fake, run, warnings } = setup();
    fake.record("GET /repos/acme-corp/api/pulls?direction=desc&per_page=100&sort=updated&state=closed", {
      status: 404,
      headers: { "content-type": "application/json" },
      body: { message: "Not Found" },
    });
    expect(await run("2026-05-01", "2026-05-31")).toEqual([]);
    expect(warnings[0]).toMatch(/acme-corp\/api could not be read \(404\)/);
  });
});

describe("review and check rules of GitHub", () => {
  it("takes each reviewer's latest decision", () => {
    const u = (login: string) => ({ login });
    expect(
      approvalsOf([
        { user: u("a"), state: "APPROVED", submitted_at: "t1" },
        { user: u("a"), state: "COMMENTED", submitted_at: "t2" },
        { user: u("b"), state: "APPROVED", submitted_at: "t3" },
        { user: u("b"), state: "DISMISSED", submitted_at: "t4" },
        { user: null, state: "APPROVED" },
      ]),
    ).toEqual([{ by: "a", at: "t1" }]);
  });
  it("passes checks only when every run and the combined status pass", () => {
    const run = (conclusion: string | null, status = "completed") => ({ name: "t", status, conclusion });
    expect(checksOf(null, null)).toBeNull();
    expect(checksOf({ total_count: 0, check_runs: [] }, { state: "pending", total_count: 0 })).toBeNull();
    expect(checksOf({ total_count: 2, check_runs: [run("success"), run("skipped")] }, null)).toBe(true);
    expect(checksOf({ total_count: 1, check_runs: [run(null, "in_progress")] }, null)).toBe(false);
    expect(checksOf({ total_count: 1, check_runs: [run("success")] }, { state: "failure", total_count: 1 })).toBe(
      false,
    );
  });
});
