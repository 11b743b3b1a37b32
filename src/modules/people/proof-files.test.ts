import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { multipart } from "../evidence/testing.ts";

const { ctx, app } = withTestApp();

/** Uploads a file to the evidence library as this client and returns its id. */
async function upload(client: TestClient, name: string) {
  const body = multipart([
    { name: "title", value: name },
    { name: "file", filename: `${name}.txt`, content: `${name}\n` },
  ]);
  const res = await client.request("POST", "/api/v1/evidence", body.payload, { headers: body.headers });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items[0].id as string;
}

describe("proof files for checklist steps and background checks", () => {
  it("keeps a file of the evidence library as a step's proof, and refuses files the member cannot see", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const employee = await member(app, ctx.db, org.id, "employee");
    const nia = (
      await client.post("/api/v1/people", { email: employee.user.email, fullName: "Nia New", status: "onboarding" })
    ).json();
    const steps = (await client.get(`/api/v1/people/${nia.id}/routines`)).json().checklists as {
      id: string;
      key: string;
    }[];
    const step = steps.find((s) => s.key === "confidentiality")!;

    // Someone else's upload (the employee may see only their own) and another organization's: the same refusal.
    const ownersFile = await upload(client, "owner-notes");
    const other = await orgWithOwner(app, ctx.db);
    const foreignFile = await upload(other.client, "foreign");
    for (const evidenceId of [ownersFile, foreignFile, crypto.randomUUID()]) {
      const refused = await employee.client.post(`/api/v1/checklist-steps/${step.id}/complete`, { evidenceId });
      expect(refused.json()).toMatchObject({ status: 400, code: "unknown_proof_file" });
    }
    expect(
      (await employee.client.post(`/api/v1/checklist-steps/${step.id}/complete`, { evidenceId: "x" })).statusCode,
    ).toBe(400);

    const signed = await upload(employee.client, "signed-nda");
    const done = await employee.client.post(`/api/v1/checklist-steps/${step.id}/complete`, {
      note: "Signed NDA attached",
      evidenceId: signed,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: "done", evidenceId: signed });
    const after = (await client.get(`/api/v1/people/${nia.id}/routines`)).json();
    expect(after.checklists.find((s: { id: string }) => s.id === step.id).evidenceId).toBe(signed);

    const certificate = await upload(client, "screening-certificate");
    const check = await client.post(`/api/v1/people/${nia.id}/background-checks`, {
      checkedOn: "2026-01-10",
      provider: "Acme Screening",
      outcome: "clear",
      evidenceId: certificate,
    });
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json()).toMatchObject({ evidenceId: certificate });
    const foreign = await client.post(`/api/v1/people/${nia.id}/background-checks`, {
      checkedOn: "2026-01-10",
      provider: "Acme Screening",
      outcome: "clear",
      evidenceId: foreignFile,
    });
    expect(foreign.json()).toMatchObject({ status: 400, code: "unknown_proof_file" });
  });
});
