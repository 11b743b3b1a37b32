import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { orgWithOwner, seedInvitation } from "../../../test/people.ts";

const { ctx, app } = withTestApp();

type Step = { id: string; key: string; personName: string; assigneeUserId: string | null };

describe("a person in the directory before they join", () => {
  it("is linked to their account when they accept the invitation: their steps reach them and they complete them", async () => {
    const { org, client: owner } = await orgWithOwner(app, ctx.db);
    const email = `Nia.New-${crypto.randomUUID().slice(0, 6)}@Example.test`;
    const created = await owner.post("/api/v1/people", { email, fullName: "Nia New", status: "onboarding" });
    expect(created.statusCode).toBe(201);
    // Another organization's entry with the same email stays unlinked.
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.post("/api/v1/people", { email, fullName: "Nia Elsewhere" })).statusCode).toBe(201);

    const { secret } = await seedInvitation(ctx.db, org.id, { email: email.toLowerCase(), role: "employee" });
    const nia = new TestClient(app);
    const accepted = await nia.post("/api/v1/invitations/accept", {
      token: secret,
      name: "Nia New",
      password: "plum orbit lantern 93 quietly",
    });
    expect(accepted.statusCode).toBe(200);
    await nia.get("/api/v1/auth/session");

    const mine = (await nia.get("/api/v1/people/my-steps")).json().items as Step[];
    const confidentiality = mine.find((s) => s.key === "confidentiality");
    expect(confidentiality).toMatchObject({ personName: "Nia New" });
    expect(confidentiality!.assigneeUserId).not.toBeNull();
    const done = await nia.post(`/api/v1/checklist-steps/${confidentiality!.id}/complete`, { note: "Signed" });
    expect(done.statusCode).toBe(200);

    const elsewhere = (await other.client.get("/api/v1/people")).json();
    const rows = (elsewhere.items ?? elsewhere) as { fullName: string; userId?: string | null }[];
    expect(rows.find((r) => r.fullName === "Nia Elsewhere")?.userId ?? null).toBeNull();
  });
});
