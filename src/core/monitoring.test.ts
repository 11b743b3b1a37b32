import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  diffIntervals,
  type Interval,
  type OpenInterval,
  statusAt,
  TEST_STATUSES,
  type TestStatus,
} from "./intervals.ts";
import { compileRule, parseRule, RuleError } from "./rules.ts";

describe("rules", () => {
  const user = {
    name: "ada",
    mfa_enabled: false,
    tags: { env: "prod" },
    groups: ["admins"],
    age_days: 120,
    created: "2026-01-05",
  };
  const holds = (rule: unknown, attrs: Record<string, unknown> = user) => compileRule(parseRule(rule))(attrs);

  it("evaluates every operator on attribute paths", () => {
    expect(holds({ attr: "mfa_enabled", op: "eq", value: false })).toBe(true);
    expect(holds({ attr: "tags.env", op: "neq", value: "prod" })).toBe(false);
    expect(holds({ attr: "age_days", op: "gt", value: 90 })).toBe(true);
    expect(holds({ attr: "age_days", op: "lte", value: 90 })).toBe(false);
    expect(holds({ attr: "created", op: "lt", value: "2026-02-01" })).toBe(true);
    expect(holds({ attr: "tags.env", op: "in", value: ["prod", "staging"] })).toBe(true);
    expect(holds({ attr: "groups", op: "contains", value: "admins" })).toBe(true);
    expect(holds({ attr: "tags.owner", op: "exists" })).toBe(false);
    expect(holds({ attr: "tags.owner", op: "exists", value: false })).toBe(true);
    expect(holds({ attr: "name", op: "matches", value: "^a" })).toBe(true);
    expect(
      holds({
        all: [{ attr: "tags.env", op: "eq", value: "prod" }, { not: { attr: "mfa_enabled", op: "eq", value: true } }],
      }),
    ).toBe(true);
    expect(
      holds({
        any: [
          { attr: "age_days", op: "lt", value: 10 },
          { attr: "name", op: "eq", value: "bob" },
        ],
      }),
    ).toBe(false);
  });

  it("never matches a comparison across types (a string is not greater than a number)", () => {
    expect(holds({ attr: "age_days", op: "gt", value: "100" })).toBe(false);
    expect(holds({ attr: "missing.deep.path", op: "lt", value: 5 })).toBe(false);
  });

  it("rejects malformed rules with every problem and where it is", () => {
    const bad = (rule: unknown) => {
      try {
        parseRule(rule);
      } catch (e) {
        expect(e).toBeInstanceOf(RuleError);
        return (e as RuleError).message;
      }
      throw new Error("accepted");
    };
    expect(bad({ attr: "x", op: "in", value: 3 })).toMatch(/needs a list/);
    expect(bad({ attr: "x", op: "matches", value: "(" })).toMatch(/regular expression/);
    expect(bad({ attr: "x y", op: "eq", value: 1 })).toMatch(/attribute path/);
    expect(bad({ attr: "x", op: "between", value: 1 })).toMatch(/op/);
    expect(bad({ all: [] })).toMatch(/all/);
    let deep: unknown = { attr: "x", op: "exists" };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect(bad(deep)).toMatch(/8 levels/);
  });
});

describe("status intervals", () => {
  it("writes only changes, and a partial run closes nothing it did not see", () => {
    const current = new Map<string, OpenInterval>([
      ["t1:a", { status: "pass", since: new Date(0) }],
      ["t1:b", { status: "fail", since: new Date(0) }],
      ["t1:gone", { status: "pass", since: new Date(0) }],
    ]);
    const obs = [
      { key: "t1:a", status: "pass" as const, reason: "" },
      { key: "t1:b", status: "pass" as const, reason: "fixed" },
      { key: "t1:new", status: "fail" as const, reason: "no MFA" },
    ];
    expect(diffIntervals(current, obs, { complete: true })).toEqual({
      close: ["t1:b", "t1:gone"],
      open: [obs[1], obs[2]],
      unchanged: 1,
    });
    expect(diffIntervals(current, obs, { complete: false }).close).toEqual(["t1:b"]);
  });

  it("replaying any sequence of runs stores one interval per change and answers every point in time", () => {
    const run = fc.array(fc.constantFrom(...TEST_STATUSES), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(run, (statuses) => {
        const open = new Map<string, OpenInterval>();
        const rows: Interval[] = [];
        statuses.forEach((status, i) => {
          const at = new Date(i * 3_600_000);
          const d = diffIntervals(open, [{ key: "k", status, reason: "" }], { complete: true });
          for (const _ of d.close) rows[rows.length - 1]!.endedAt = at;
          for (const o of d.open) {
            rows.push({ status: o.status, startedAt: at, endedAt: null });
            open.set(o.key, { status: o.status, since: at });
          }
        });
        const changes = statuses.filter((s, i) => i === 0 || s !== statuses[i - 1]).length;
        expect(rows).toHaveLength(changes);
        statuses.forEach((status: TestStatus, i) => {
          expect(statusAt(rows, new Date(i * 3_600_000 + 1000))).toBe(status);
        });
        expect(statusAt(rows, new Date(-1))).toBeNull();
      }),
    );
  });
});
