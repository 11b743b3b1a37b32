/**
 * Evidence decides whether its controls operate: every request that submits, links, unlinks or corrects evidence
 * answers only after the controls' signals, status and the readiness of their criteria have followed (one write
 * path: the evidence change's events are handled by the programs subscribers in the same transaction).
 */

import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { multipart } from "./testing.ts";

const { ctx, app } = withTestApp();

type Criterion = { id: string; state: string; score: number; pending: string[] };

/** A program without library controls (its readiness only moves through the custom controls below). */
async function program(client: TestClient, name = "SOC 2 Type II 2027") {
  const res = await client.post("/api/v1/programs", {
    name,
    reportType: "type2",
    windowStart: "2027-01-01",
    windowEnd: "2027-12-31",
    adoptLibrary: false,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function control(client: TestClient, programId: string, key: string, criteria: string[]) {
  const res = await client.post(`/api/v1/programs/${programId}/controls`, {
    key,
    name: `Control ${key}`,
    description: "Reviewed every quarter.",
    frequency: "quarterly",
    criteria,
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function criterion(client: TestClient, programId: string, id: string): Promise<Criterion> {
  const res = await client.get(`/api/v1/programs/${programId}/readiness`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().criteria.find((c: Criterion) => c.id === id);
}

async function controlOf(client: TestClient, programId: string, key: string) {
  const res = await client.get(`/api/v1/programs/${programId}/controls/${key}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    status: string;
    statusSource: string;
    history: { status: string; source: string }[];
  };
}

const twoYearsAgo = () => new Date(Date.now() - 2 * 365 * 86_400_000).toISOString();

describe("evidence and its controls", () => {
  it("a submission linked to a control makes it operating and its criterion ready in the same request", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = await program(client);
    await control(client, p.id, "CUS-01", ["CC6.1"]);
    await control(client, p.id, "CUS-02", ["CC7.2"]);
    expect(await criterion(client, p.id, "CC6.1")).toMatchObject({ state: "not_ready", pending: ["CUS-01"] });
    expect(await controlOf(client, p.id, "CUS-01")).toMatchObject({ status: "not_started" });

    // Two files in one submission, both linked to CUS-01.
    const { payload, headers } = multipart([
      { name: "programId", value: p.id },
      { name: "controls", value: "CUS-01" },
      { name: "file", filename: "review-q1.txt", content: "Access review: 42 accounts reviewed\n" },
      { name: "file", filename: "review-q1-signoff.txt", content: "Signed off by the CTO\n" },
    ]);
    const res = await client.request("POST", "/api/v1/evidence", payload, { headers });
    expect(res.statusCode, res.body).toBe(201);

    expect(await criterion(client, p.id, "CC6.1")).toMatchObject({ state: "ready", score: 1, pending: [] });
    const cus01 = await controlOf(client, p.id, "CUS-01");
    expect(cus01).toMatchObject({ status: "operating", statusSource: "evidence" });
    // One refresh for the submission: the move is recorded once, not once per file.
    expect(cus01.history.filter((h) => h.status === "operating")).toEqual([
      expect.objectContaining({ status: "operating", source: "evidence" }),
    ]);
    // Only the linked control moved.
    expect(await controlOf(client, p.id, "CUS-02")).toMatchObject({ status: "not_started" });
    expect(await criterion(client, p.id, "CC7.2")).toMatchObject({ state: "not_ready", pending: ["CUS-02"] });
  });

  it("linking, unlinking and correcting evidence move its controls and their criteria in the same request", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = await program(client);
    await control(client, p.id, "CUS-01", ["CC7.2"]);

    const submitted = await client.post("/api/v1/evidence/statements", {
      title: "Incident review",
      statement: "Every incident of the quarter was reviewed.",
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = submitted.json().id as string;
    expect(await criterion(client, p.id, "CC7.2")).toMatchObject({ state: "not_ready" });

    const linked = await client.post(`/api/v1/evidence/${id}/controls`, { programId: p.id, controls: ["CUS-01"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(await criterion(client, p.id, "CC7.2")).toMatchObject({ state: "ready", score: 1 });
    expect(await controlOf(client, p.id, "CUS-01")).toMatchObject({ status: "operating" });

    const linkId = linked.json().controls[0].linkId as string;
    const unlinked = await client.delete(`/api/v1/evidence/${id}/controls/${linkId}`);
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(await criterion(client, p.id, "CC7.2")).toMatchObject({ state: "not_ready", pending: ["CUS-01"] });
    expect(await controlOf(client, p.id, "CUS-01")).toMatchObject({ status: "not_started" });

    const relinked = await client.post(`/api/v1/evidence/${id}/controls`, { controls: ["CUS-01"] });
    expect(relinked.statusCode, relinked.body).toBe(200);
    expect(await criterion(client, p.id, "CC7.2")).toMatchObject({ state: "ready" });

    // A correction saying the review was collected two years ago: the links carry over, the evidence is stale.
    const corrected = await client.post(`/api/v1/evidence/${id}/versions`, {
      reason: "Wrong collection date",
      collectedAt: twoYearsAgo(),
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(await criterion(client, p.id, "CC7.2")).toMatchObject({ state: "not_ready", pending: ["CUS-01"] });
    expect(await controlOf(client, p.id, "CUS-01")).toMatchObject({
      status: "needs_attention",
      statusSource: "evidence",
    });
  });

  it("a correction moves the controls of every program its evidence is linked in", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const a = await program(client, "SOC 2 Type II 2027");
    const b = await program(client, "SOC 2 Type II 2028");
    await control(client, a.id, "CUS-01", ["CC6.1"]);
    await control(client, b.id, "CUS-07", ["CC6.1"]);

    const submitted = await client.post("/api/v1/evidence/statements", {
      title: "Access review",
      statement: "All accounts were reviewed.",
      programId: a.id,
      controls: ["CUS-01"],
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = submitted.json().id as string;
    const linked = await client.post(`/api/v1/evidence/${id}/controls`, { programId: b.id, controls: ["CUS-07"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(await criterion(client, a.id, "CC6.1")).toMatchObject({ state: "ready" });
    expect(await criterion(client, b.id, "CC6.1")).toMatchObject({ state: "ready" });

    const corrected = await client.post(`/api/v1/evidence/${id}/versions`, {
      reason: "Collected long ago",
      collectedAt: twoYearsAgo(),
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    for (const [programId, key] of [
      [a.id, "CUS-01"],
      [b.id, "CUS-07"],
    ] as const) {
      expect(await controlOf(client, programId, key)).toMatchObject({ status: "needs_attention" });
      expect(await criterion(client, programId, "CC6.1")).toMatchObject({ state: "not_ready", pending: [key] });
    }
  });
});
