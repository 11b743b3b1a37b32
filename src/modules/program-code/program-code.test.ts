import { and, count, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import {
  controlStatusEvents,
  criterionReadiness,
  memberships,
  programControls,
  programs,
  remediationItems,
} from "../../db/schema/index.ts";
import { unzipBundle, zipBundle } from "./bundle.ts";
import { seedRichProgram, withField } from "./testing.ts";

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let alice: Awaited<ReturnType<typeof member>>;
let programId: string;
let exported: Map<string, string>;
let zipBytes: Buffer;

beforeAll(async () => {
  a = await orgWithOwner(app, ctx.db, "Acme");
  alice = await member(app, ctx.db, a.org.id, "control_owner");
  programId = (await seedRichProgram(ctx.db, a.org.id, a.user.id, alice.user.id)).id;
});

const importZip = (client: TestClient, zip: Uint8Array, query = "") =>
  client.post(`/api/v1/programs/code/import${query}`, Buffer.from(zip), {
    headers: { "content-type": "application/zip" },
  });

/** A new organization whose owner is also a member (same email) of… itself, plus the people the folder names. */
async function freshOrg(name: string) {
  const b = await orgWithOwner(app, ctx.db, name);
  for (const u of [a.user, alice.user])
    await ctx.db.insert(memberships).values({
      id: crypto.randomUUID(),
      organizationId: b.org.id,
      userId: u.id,
      role: u.id === a.user.id ? "compliance_manager" : "control_owner",
    });
  return b;
}

describe("export", () => {
  it("downloads the program as a zip of YAML and Markdown", async () => {
    const res = await a.client.get(`/api/v1/programs/${programId}/code`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="soc-2-type-ii-2027.zip"');
    zipBytes = res.rawPayload;
    // A standard zip (read with fflate's plain reader too).
    expect(Object.keys(unzipSync(new Uint8Array(zipBytes)))).toContain("program.yaml");
    exported = unzipBundle(zipBytes);
    const paths = [...exported.keys()];
    expect(paths.slice(0, 3)).toEqual(["assessment.yaml", "controls/ACC-01.md", "controls/ACC-02.md"]);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(
      expect.arrayContaining(["program.yaml", "scope.yaml", "controls/CUS-01.md", "remediation/R-3.md"]),
    );
    for (const [p, text] of exported) {
      expect(text, p).not.toContain("\r");
      expect(text.endsWith("\n"), p).toBe(true);
    }
  });

  it("writes fields in a fixed order, owners by email, sets sorted, the narrative escaped", () => {
    const gov = exported.get("controls/GOV-01.md")!;
    expect(gov).toMatch(/^---\nkey: GOV-01\nlibraryId: GOV-01\nname: Security program ownership\nownerRole: owner\n/);
    expect(gov).toContain(`owner: ${alice.user.email}\n`);
    expect(gov).toContain("status: implemented\nstatusReason: Signed by all staff\n---\n\n## Description\n\n");
    expect(gov).toContain(
      "## Narrative\n\nWe keep a code of conduct.\n\\## Guidance\n\\\\## Narrative\nEveryone signs it: yes.\n",
    );
    const cus = exported.get("controls/CUS-01.md")!;
    expect(cus).toContain("libraryId: null\n");
    expect(cus).toContain("policies:\n  - access-control\n  - information-security\n");
    expect(cus).toContain("criteria:\n  - CC6.1\n  - CC8.1\n");
    expect(cus).toContain('evidence:\n  - Approval log\n  - "on"\n');
    expect(exported.get("controls/AVL-01.md")).toContain('applicable: false\nnotApplicableReason: "No: the service');
    const r3 = exported.get("remediation/R-3.md")!;
    expect(r3).toMatch(
      /^---\nref: R-3\ntitle: Enforce MFA on the cloud console\nstatus: in_progress\nsource: manual\n/,
    );
    expect(r3).toContain("likelihood: 4\nimpact: 5\npriority: critical\n");
    expect(r3).toContain('dueDate: "2027-02-15"\n');
    expect(r3).toContain("## Gap\n\nTwo administrators sign in with a password only.\n\n## Root cause\n");
    expect(exported.get("program.yaml")).toContain("scoped: false\n");
    expect(exported.get("program.yaml")).toContain("categories:\n  - security\n  - availability\n");
    expect(exported.get("assessment.yaml")).toContain('  - criterion: CC1.1\n    answer: "yes"\n');
  });

  it("is byte-identical when nothing changed (files and zip)", async () => {
    const again = await a.client.get(`/api/v1/programs/${programId}/code`);
    expect(Buffer.compare(again.rawPayload, zipBytes)).toBe(0);
  });
});

describe("round trip", () => {
  it("export → import into a fresh organization → export gives byte-identical files", async () => {
    const b = await freshOrg("Beta");
    const before = await ledgerOf(ctx.db, b.org.id);
    const res = await importZip(b.client, zipBytes);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ applied: true, dryRun: false, programName: "SOC 2 Type II 2027" });
    expect(result.diff.program.create).toBe(true);
    expect(result.diff.controls.added.length).toBe(
      [...exported.keys()].filter((k) => k.startsWith("controls/")).length,
    );
    const again = await b.client.get(`/api/v1/programs/${result.programId}/code`);
    const files = unzipBundle(again.rawPayload);
    expect([...files.keys()]).toEqual([...exported.keys()]);
    for (const [p, text] of exported) expect(files.get(p), p).toBe(text);
    expect(Buffer.compare(again.rawPayload, zipBytes)).toBe(0);

    // Recorded in the ledger, readiness computed, status history started for controls with a status.
    const actions = (await ledgerOf(ctx.db, b.org.id)).slice(before.length).map((e) => e.action);
    expect(actions[0]).toBe("program.created");
    expect(actions.at(-1)).toBe("program.code_imported");
    expect(actions.filter((x) => x === "control.created").length).toBe(result.diff.controls.added.length);
    expect(actions.filter((x) => x === "remediation.created").length).toBe(3);
    const [ready] = await ctx.db
      .select({ n: count() })
      .from(criterionReadiness)
      .where(eq(criterionReadiness.programId, result.programId));
    expect(ready!.n).toBeGreaterThan(30);
    const [events] = await ctx.db
      .select({ n: count() })
      .from(controlStatusEvents)
      .where(and(eq(controlStatusEvents.programId, result.programId), eq(controlStatusEvents.source, "import")));
    expect(events!.n).toBeGreaterThanOrEqual(3);
  });

  it("importing the same folder again changes nothing and records nothing", async () => {
    const before = await snapshotOrg(ctx.db, a.org.id);
    const res = await importZip(a.client, zipBytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: false, programId, diff: { unchanged: true } });
    expect(await snapshotOrg(ctx.db, a.org.id)).toEqual(before);
  });
});

describe("import changes", () => {
  /** A library control no remediation item links, so that it may go. */
  const unlinked = () => {
    const linked = [...exported]
      .filter(([p]) => p.startsWith("remediation/"))
      .map(([, t]) => t)
      .join("\n");
    return [...exported.keys()]
      .filter((p) => p.startsWith("controls/") && p !== "controls/ACC-02.md")
      .map((p) => p.slice(9, -3))
      .find((k) => !linked.includes(`- ${k}\n`))!;
  };
  let removedKey = "";
  function edited() {
    const files = new Map(exported);
    removedKey ||= unlinked();
    files.set("controls/ACC-02.md", withField(files.get("controls/ACC-02.md")!, "status", "in_progress"));
    files.set("controls/CUS-02.md", files.get("controls/CUS-01.md")!.replace("key: CUS-01", "key: CUS-02"));
    files.delete(`controls/${removedKey}.md`);
    files.set("remediation/R-3.md", withField(files.get("remediation/R-3.md")!, "status", "done"));
    files.set("program.yaml", withField(files.get("program.yaml")!, "name", "SOC 2 Type II 2028"));
    files.set("scope.yaml", files.get("scope.yaml")!.replace("Acme Payroll", "Acme Pay"));
    files.set("assessment.yaml", files.get("assessment.yaml")!.replace("answer: partly", 'answer: "yes"'));
    return files;
  }

  it("a dry run shows the field-level diff and writes nothing", async () => {
    const before = await snapshotOrg(ctx.db, a.org.id);
    const res = await importZip(a.client, zipBundle(edited()), "?dryRun=true");
    expect(res.statusCode, res.body).toBe(200);
    const { diff, applied, dryRun } = res.json();
    expect({ applied, dryRun }).toEqual({ applied: false, dryRun: true });
    expect(diff.program.changes).toEqual([
      { field: "name", before: "SOC 2 Type II 2027", after: "SOC 2 Type II 2028" },
    ]);
    expect(diff.scope.map((c: { field: string }) => c.field)).toEqual(["services"]);
    expect(diff.controls.added).toEqual([{ id: "CUS-02", title: "Payroll double check" }]);
    expect(diff.controls.removed.map((r: { id: string }) => r.id)).toEqual([removedKey]);
    expect(diff.controls.changed).toEqual([
      {
        id: "ACC-02",
        title: expect.any(String),
        changes: [{ field: "status", before: "not_started", after: "in_progress" }],
      },
    ]);
    expect(diff.remediation.changed[0]).toMatchObject({
      id: "R-3",
      changes: [{ field: "status", before: "in_progress", after: "done" }],
    });
    expect(diff.assessment.changed).toEqual([
      { id: "A1.2", title: "yes", changes: [{ field: "answer", before: "partly", after: "yes" }] },
    ]);
    expect(await snapshotOrg(ctx.db, a.org.id)).toEqual(before);
  });

  it("applies the diff in one step, with ledger entries and readiness", async () => {
    const ledgerBefore = (await ledgerOf(ctx.db, a.org.id)).length;
    const res = await importZip(a.client, zipBundle(edited()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: true, programId });
    const [p] = await ctx.db.select().from(programs).where(eq(programs.id, programId));
    expect(p!.name).toBe("SOC 2 Type II 2028");
    const keys = (
      await ctx.db
        .select({ key: programControls.key })
        .from(programControls)
        .where(eq(programControls.programId, programId))
    ).map((r) => r.key);
    expect(keys).toContain("CUS-02");
    expect(keys).not.toContain(removedKey);
    const [r3] = await ctx.db
      .select()
      .from(remediationItems)
      .where(and(eq(remediationItems.programId, programId), eq(remediationItems.ref, "R-3")));
    expect(r3!.status).toBe("done");
    expect(r3!.completedAt).not.toBeNull();
    const actions = (await ledgerOf(ctx.db, a.org.id)).slice(ledgerBefore).map((e) => e.action);
    expect(actions).toEqual([
      "program.updated",
      "control.deleted",
      "control.created",
      "control.updated",
      "remediation.updated",
      "assessment.imported",
      "program.code_imported",
    ]);
    // The export now reads like the folder that was imported.
    const after = unzipBundle((await a.client.get(`/api/v1/programs/${programId}/code`)).rawPayload);
    for (const [path, text] of edited()) expect(after.get(path), path).toBe(text);
    exported = after;
    zipBytes = Buffer.from(zipBundle(after));
  });

  it("accepts the folder as JSON too, and a zip with one top folder around it", async () => {
    const files = Object.fromEntries(exported);
    const json = await a.client.post("/api/v1/programs/code/import?dryRun=true", { files });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json().diff.unchanged).toBe(true);
    const wrapped = new Map([...exported].map(([p, t]) => [`acme-program/${p}`, t]));
    const res = await importZip(a.client, zipBundle(wrapped), "?dryRun=true");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().diff.unchanged).toBe(true);
  });

  it("asks which program when the organization has several, and imports into the one named", async () => {
    const c = await freshOrg("Gamma");
    for (const name of ["First", "Second"])
      expect(
        (await c.client.post("/api/v1/programs", { name, reportType: "type1", adoptLibrary: false })).statusCode,
      ).toBe(201);
    const res = await importZip(c.client, zipBytes, "?dryRun=true");
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("choose_program");
    const created = await importZip(c.client, zipBytes, "?create=true");
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().diff.program.create).toBe(true);
    const into = await importZip(c.client, zipBytes, `?programId=${created.json().programId}`);
    expect(into.json().diff.unchanged).toBe(true);
    // Another organization's program does not exist for this one.
    const before = await snapshotOrg(ctx.db, a.org.id);
    const foreign = await importZip(c.client, zipBytes, `?programId=${programId}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe("not_found");
    expect(await snapshotOrg(ctx.db, a.org.id)).toEqual(before);
  });

  it("owners who are not members fail the import, or are cleared with skipUnknownOwners", async () => {
    const d = await orgWithOwner(app, ctx.db, "Delta");
    const before = await snapshotOrg(ctx.db, d.org.id);
    const res = await importZip(d.client, zipBytes);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("invalid_program_code");
    expect(body.problems).toContainEqual({
      file: "controls/GOV-01.md",
      line: 6,
      message: expect.stringContaining(`owner ${alice.user.email} is not a member of this organization`),
    });
    expect(await snapshotOrg(ctx.db, d.org.id)).toEqual(before);

    const skipped = await importZip(d.client, zipBytes, "?skipUnknownOwners=true");
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json().warnings).toContainEqual(expect.stringContaining("controls/GOV-01.md: owner"));
    const owners = await ctx.db
      .select({ owner: programControls.ownerUserId })
      .from(programControls)
      .where(eq(programControls.programId, skipped.json().programId));
    expect(owners.every((o) => o.owner === null)).toBe(true);
  });
});
