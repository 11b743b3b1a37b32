import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { registerThingConnector, thing } from "../../../test/connectors.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { jobs } from "../../db/schema/index.ts";
import { startWorker } from "../../jobs/worker.ts";

/** The Activity list and its CSV in people's words: names, records, and one row for the batches of a sync. */
const { ctx, app } = withTestApp();

const connector = registerThingConnector("activity_words_test", async function* () {
  yield [thing("repo-a"), thing("repo-b")];
  yield [thing("repo-c")];
  yield [thing("repo-d"), thing("repo-e")];
});

type Item = {
  seq: number;
  action: string;
  description: string;
  recordLabel: string | null;
  group: { id: string; size: number; summary: string } | null;
};

async function syncedOrg() {
  const owner = await orgWithOwner(app, ctx.db);
  const auditor = await member(app, ctx.db, owner.org.id, "auditor");
  await owner.client.patch(`/api/v1/members/${auditor.membershipId}`, { role: "admin" });
  const conn = (
    await owner.client.post("/api/v1/monitoring/connections", {
      type: connector.type,
      name: "GitHub (acme)",
      config: {},
    })
  ).json();
  const { jobId } = (await owner.client.post(`/api/v1/monitoring/connections/${conn.id}/sync`)).json();
  const worker = startWorker(ctx, { schedules: false, pollMs: 20, concurrency: 1 });
  try {
    await expect
      .poll(async () => (await ctx.db.select({ s: jobs.status }).from(jobs).where(eq(jobs.id, jobId)))[0]?.s, {
        timeout: 20_000,
      })
      .toBe("succeeded");
  } finally {
    await worker.stop();
  }
  return { owner, auditor };
}

describe("GET /api/v1/ledger in words", () => {
  it("describes each entry with names and refs, and groups the batches of one sync", async () => {
    const { owner, auditor } = await syncedOrg();
    const res = await owner.client.get("/api/v1/ledger?pageSize=50");
    expect(res.statusCode).toBe(200);
    const items: Item[] = res.json().items;
    const byAction = (a: string) => items.filter((i) => i.action === a);

    expect(byAction("member.role_changed")[0]).toMatchObject({
      description: `${owner.user.name} changed ${auditor.user.name}'s role from auditor to admin`,
      recordLabel: auditor.user.name,
      group: null,
    });
    expect(byAction("monitoring.connection_created")[0]).toMatchObject({
      description: `${owner.user.name} connected GitHub (acme)`,
      recordLabel: "GitHub (acme)",
    });
    expect(byAction("monitoring.sync_finished")[0]).toMatchObject({
      description: "Sync of GitHub (acme) found 5 new resources",
      group: null,
    });

    const batches = byAction("monitoring.results_recorded");
    expect(batches).toHaveLength(3);
    const group = batches[0]!.group!;
    expect(group).toEqual({
      id: String(batches[0]!.seq),
      size: 3,
      summary: "5 resource changes from the sync of GitHub (acme)",
    });
    expect(batches.every((b) => JSON.stringify(b.group) === JSON.stringify(group))).toBe(true);
    expect(batches[0]!.description).toMatch(/^Sync of GitHub \(acme\) recorded \d resources? \(\d new\)$/);

    // No entry falls back to its code or an id.
    for (const i of items) {
      expect(i.description).not.toContain(i.action);
      expect(i.description).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it("adds a description column to the CSV after the verifiable fields", async () => {
    const { owner } = await syncedOrg();
    const lines = (await owner.client.get("/api/v1/ledger/export.csv?action=monitoring.sync_finished")).body
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "seq,at,actor_type,actor_id,actor_label,action,entity_type,entity_id,changes,request_id,prev_hash,hash,organization_id,id,key_id,signature,description",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith(",Sync of GitHub (acme) found 5 new resources")).toBe(true);
  });

  it("offers the kinds and record types in words for the filters", async () => {
    const { owner } = await syncedOrg();
    const facets = (await owner.client.get("/api/v1/ledger/facets")).json();
    expect(facets.kinds).toContainEqual({ value: "member.role_changed", label: "Members: role changed" });
    expect(facets.recordTypes).toContainEqual({ value: "connection_sync", label: "sync" });
  });
});
