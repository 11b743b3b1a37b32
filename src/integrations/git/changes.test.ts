import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withRetry } from "../retry.ts";
import { testEnvironment } from "../testing.ts";
import { collectGitChanges } from "./changes.ts";
import { gitConfig } from "./connector.ts";
import { makeChangeRepository } from "./testing.ts";

/** A real repository made with git in a temporary folder: merges (--no-ff), direct commits, author ≠ committer. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "assay-git-changes-"));
let fixture: ReturnType<typeof makeChangeRepository>;
beforeAll(() => {
  fixture = makeChangeRepository(root);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const collect = (config: Record<string, unknown>, from = "2026-05-01", to = "2026-05-31") =>
  collectGitChanges({
    config: gitConfig.parse(config),
    secrets: {},
    env: testEnvironment({ localPaths: "any" }),
    signal: new AbortController().signal,
    retry: (what, call) => withRetry(what, call, { baseMs: 1 }),
    warn: () => {},
    from: new Date(`${from}T00:00:00Z`),
    to: new Date(`${to}T23:59:59.999Z`),
  });

describe("git main line as changes (real repository)", () => {
  it("reads the first-parent commits of the range: merges with their branch's author, signatures, committers", async () => {
    const changes = await collect({ path: fixture.repo });
    const s = fixture.shas;
    expect(changes.map((c) => c.externalRef)).toEqual([
      s.signedMerge,
      s.applied,
      s.selfMerge,
      s.reviewedMerge,
      s.direct,
    ]);
    const by = new Map(changes.map((c) => [c.externalRef, c]));
    expect(by.get(s.reviewedMerge)).toMatchObject({
      merge: true,
      author: "Bob <bob@example.test>",
      committer: "Ada <ada@example.test>",
      mergedBy: "Ada <ada@example.test>",
      signature: "N",
      title: "Merge branch 'feature/login'",
      repository: fixture.repo,
    });
    expect(by.get(s.reviewedMerge)!.mergedAt.toISOString()).toBe("2026-05-05T12:00:00.000Z");
    expect(by.get(s.selfMerge)).toMatchObject({
      author: "Ada <ada@example.test>",
      committer: "Ada <ada@example.test>",
    });
    expect(by.get(s.applied)).toMatchObject({
      merge: false,
      author: "Carol <carol@example.test>",
      committer: "Ada <ada@example.test>",
    });
    expect(by.get(s.direct)).toMatchObject({ merge: false, signature: "N" });
    // Signed: without the allowed signers git cannot check it, but the signature is there (not N).
    expect(by.get(s.signedMerge)!.signature).not.toBe("N");
  });

  it("verifies signatures with the allowed signers, and keeps to the range", async () => {
    const changes = await collect(
      { path: fixture.repo, allowedSigners: fixture.allowedSigners },
      "2026-05-10",
      "2026-05-11",
    );
    expect(changes.map((c) => [c.externalRef, c.signature])).toEqual([[fixture.shas.signedMerge, "G"]]);
    expect(await collect({ path: fixture.repo }, "2026-07-01", "2026-07-31")).toEqual([]);
  });

  it("reads a clone of a URL the same way, and treats a branch that looks like an option as a name", async () => {
    const changes = await collect({ url: `file://${fixture.repo}`, branch: "main" }, "2026-05-01", "2026-05-05");
    expect(changes.map((c) => c.externalRef)).toEqual([fixture.shas.reviewedMerge, fixture.shas.direct]);
    // The settings refuse it first; past them, --end-of-options keeps git from reading it as an option.
    expect(gitConfig.safeParse({ path: fixture.repo, branch: "--output=/tmp/x" }).success).toBe(false);
    await expect(collect({ path: fixture.repo, branch: "nope" })).rejects.toThrow(/does not exist/);
  });
});
