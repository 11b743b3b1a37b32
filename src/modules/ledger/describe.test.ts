import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EventType } from "../../kernel/events.ts";
import { KEYED_ACTION } from "../../ledger/append.ts";
import {
  DESCRIBERS,
  type DescribableEntry,
  describeEntry,
  formatDay,
  kindLabel,
  type Names,
  noNames,
  recordKey,
  recordLabel,
} from "./describe.ts";
import { groupEntries } from "./groups.ts";

const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Every ledgered event any module declares (found by reading the source, so a new module is covered unasked). */
async function declaredActions(): Promise<string[]> {
  const files = fs
    .readdirSync(MODULES, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => path.join(MODULES, f))
    .filter((f) => fs.readFileSync(f, "utf8").includes("defineEvent<"));
  const actions = new Set<string>();
  for (const file of files)
    for (const value of Object.values(await import(file)) as Partial<EventType>[])
      if (value && typeof value === "object" && typeof value.name === "string" && value.ledger) actions.add(value.name);
  return [...actions, KEYED_ACTION].sort();
}

const SAM = "0190a1b2-0000-7000-8000-00000000000a";
const DANA = "0190a1b2-0000-7000-8000-00000000000b";
const ITEM = "0190a1b2-0000-7000-8000-0000000000c1";
const CONTROL = "0190a1b2-0000-7000-8000-0000000000c2";
const EXCEPTION = "0190a1b2-0000-7000-8000-0000000000c3";
const RESOURCE = "0190a1b2-0000-7000-8000-0000000000c4";
const CONNECTION = "0190a1b2-0000-7000-8000-0000000000c5";
const SYNC = "0190a1b2-0000-7000-8000-0000000000c6";

const names: Names = {
  people: new Map([
    [SAM, "Sam Lee"],
    [DANA, "Dana Cruz"],
  ]),
  records: new Map([
    [recordKey("remediation_item", ITEM), "R-2"],
    [recordKey("program_control", CONTROL), "ACC-03"],
    [recordKey("connection", CONNECTION), "GitHub (acme)"],
    [recordKey("connection_sync", SYNC), "GitHub (acme)"],
  ]),
  tests: new Map([["github.branch_protection", "Branch protection on the default branch"]]),
  resources: new Map([[RESOURCE, "acme/api"]]),
};

const entry = (over: Partial<DescribableEntry>): DescribableEntry => ({
  at: new Date("2026-12-07T10:04:00Z"),
  actorType: "user",
  actorId: SAM,
  actorLabel: "sam@acme.test",
  action: "remediation.updated",
  entityType: "remediation_item",
  entityId: ITEM,
  changes: { before: null, after: null },
  ...over,
});

describe("ledger entries in words", () => {
  it("has a sentence for every action the modules declare, never the raw code or an id", async () => {
    const actions = await declaredActions();
    expect(actions.length).toBeGreaterThan(60);
    expect(actions.filter((a) => !DESCRIBERS[a])).toEqual([]);
    for (const action of actions) {
      const bare = describeEntry(
        entry({ action, entityId: "0190a1b2-0000-7000-8000-0000000000ff", actorId: null, actorLabel: "x@y.test" }),
        noNames,
      );
      expect(bare, action).not.toContain(action);
      expect(bare, action).not.toMatch(UUID);
      expect(bare, action).not.toMatch(/undefined|null|\[object/);
      expect(kindLabel(action), action).not.toContain(action);
    }
  });

  it("names people and records by their names and refs", () => {
    expect(
      describeEntry(
        entry({
          action: "remediation.status_changed",
          changes: { before: { ref: "R-2", status: "in_progress" }, after: { ref: "R-2", status: "done" } },
        }),
        names,
      ),
    ).toBe("Sam Lee marked R-2 done");
    expect(
      describeEntry(
        entry({
          action: "control.updated",
          entityType: "program_control",
          entityId: CONTROL,
          changes: { before: { status: "not_started" }, after: { status: "implemented" } },
        }),
        names,
      ),
    ).toBe("Sam Lee set ACC-03 to implemented");
    expect(
      describeEntry(
        entry({
          action: "member.role_changed",
          entityType: "membership",
          changes: { before: { userId: DANA, role: "admin" }, after: { userId: DANA, role: "compliance_manager" } },
        }),
        names,
      ),
    ).toBe("Sam Lee changed Dana Cruz's role from admin to compliance manager");
    expect(
      describeEntry(
        entry({
          action: "auth.signed_in",
          entityType: "user",
          entityId: SAM,
          changes: { before: null, after: { method: "password+totp" } },
        }),
        names,
      ),
    ).toBe("Sam Lee signed in with a password and an authenticator code");
    // A person not in the lookups keeps their email; a record gone from the tables keeps the ref its entry holds.
    expect(
      describeEntry(
        entry({
          actorId: "0190a1b2-0000-7000-8000-0000000000ee",
          actorLabel: "kim@acme.test",
          entityId: "0190a1b2-0000-7000-8000-0000000000ef",
          action: "remediation.updated",
          changes: { before: { ref: "R-9", dueDate: null }, after: { ref: "R-9", dueDate: "2027-01-31" } },
        }),
        names,
      ),
    ).toBe("kim@acme.test changed the due date of R-9");
  });

  it("calls a vendor's report by its type in words, not its code", () => {
    const recorded = (reportType: string) =>
      describeEntry(
        entry({
          action: "vendors.report_recorded",
          entityType: "vendor",
          changes: { before: null, after: { reportType, fileName: "soc2.pdf", vendor: "Nimbus" } },
        }),
        names,
      );
    expect(recorded("type2")).toBe("Sam Lee recorded the SOC 2 Type II report “soc2.pdf” of “Nimbus”");
    expect(recorded("iso27001")).toBe("Sam Lee recorded the ISO 27001 certificate “soc2.pdf” of “Nimbus”");
    expect(recorded("soc9")).toBe("Sam Lee recorded the assurance report “soc2.pdf” of “Nimbus”");
  });

  it("writes dates as people do and says what an exception covers", () => {
    expect(formatDay("2027-03-01T00:00:00.000Z")).toBe("1 Mar 2027");
    expect(formatDay("2027-03-01")).toBe("1 Mar 2027");
    const approved = entry({
      actorId: DANA,
      action: "monitoring.exception_approved",
      entityType: "test_exception",
      entityId: EXCEPTION,
      changes: {
        before: { testId: "github.branch_protection", resourceId: RESOURCE, decision: "pending" },
        after: {
          testId: "github.branch_protection",
          resourceId: RESOURCE,
          decision: "approved",
          expiresAt: "2027-03-01T00:00:00.000Z",
        },
      },
    });
    expect(describeEntry(approved, names)).toBe(
      "Dana Cruz approved the exception for Branch protection on the default branch on acme/api until 1 Mar 2027",
    );
    expect(recordLabel(approved, names)).toBe("Branch protection on the default branch");
  });

  it("says what a sync found, and groups the batches of one sync", () => {
    const system = { actorType: "system", actorId: null, actorLabel: "sync: GitHub (acme)" } as const;
    const finished = entry({
      ...system,
      action: "monitoring.sync_finished",
      entityType: "connection",
      entityId: CONNECTION,
      changes: {
        before: null,
        after: { syncId: SYNC, status: "succeeded", counts: { resources: 40, new: 3 }, warnings: 0, error: null },
      },
    });
    expect(describeEntry(finished, names)).toBe("Sync of GitHub (acme) found 3 new resources");
    const batch = (seq: number, minute: number) => ({
      ...entry({
        ...system,
        at: new Date(`2026-12-07T10:${String(minute).padStart(2, "0")}:00Z`),
        action: "monitoring.results_recorded",
        entityType: "connection_sync",
        entityId: SYNC,
        changes: {
          before: null,
          after: {
            connectionId: CONNECTION,
            resources: { seen: 10, new: 2, changed: 1, reappeared: 0 },
            intervals: { opened: { fail: 1 }, closed: 0 },
          },
        },
      }),
      seq,
    });
    const page = [{ ...finished, seq: 9 }, batch(8, 4), batch(7, 4), batch(6, 3), { ...entry({}), seq: 5 }];
    expect(describeEntry(page[1]!, names)).toBe(
      "Sync of GitHub (acme) recorded 10 resources (2 new and 1 changed); test results 1 opened",
    );
    const groups = groupEntries(page, names);
    expect(groups[0]).toBeNull();
    expect(groups[4]).toBeNull();
    expect(groups[1]).toEqual({
      id: "8",
      size: 3,
      summary: "9 resource changes and 3 test result changes from the sync of GitHub (acme)",
    });
    expect(groups[2]).toBe(groups[1]);
    expect(groups[3]).toBe(groups[1]);
  });

  it("describes actions it does not know by their kind, in words", () => {
    expect(describeEntry(entry({ action: "widget.polished", entityType: "widget", entityId: "w1" }), names)).toBe(
      "Sam Lee recorded widget: polished on the widget",
    );
  });
});
