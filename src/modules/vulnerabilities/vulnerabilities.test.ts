import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { vulnerabilities, vulnerabilityImports } from "../../db/schema/index.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { multipart } from "../evidence/testing.ts";

const { ctx, app } = withTestApp();
const FIXTURES = path.join(import.meta.dirname, "scanners/fixtures");
const trivyJson = fs.readFileSync(path.join(FIXTURES, "trivy-alpine-3.10.json"), "utf8");
const trivySarif = fs.readFileSync(path.join(FIXTURES, "trivy-alpine-3.10.sarif"), "utf8");

async function upload(client: TestClient, fileName: string, content: string) {
  const body = multipart([{ name: "file", filename: fileName, content }]);
  return client.request("POST", "/api/v1/vulnerabilities/imports", body.payload, { headers: body.headers });
}

/** The Trivy report without its vulnerabilities for one package. */
function withoutPackage(pkg: string) {
  const report = JSON.parse(trivyJson);
  report.Results[0].Vulnerabilities = report.Results[0].Vulnerabilities.filter(
    (v: { PkgName: string }) => v.PkgName !== pkg,
  );
  return JSON.stringify(report);
}

describe(`vulnerability register on ${dbKind}`, () => {
  it("imports a Trivy report, sees it again (also as SARIF), resolves what disappears and reopens what comes back", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const first = await upload(client, "alpine.json", trivyJson);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ format: "trivy", findings: 4, created: 4, reseen: 0, resolved: 0 });
    const list = (await client.get("/api/v1/vulnerabilities")).json();
    expect(list.total).toBe(4);
    expect(list.items[0]).toMatchObject({ status: "open", severity: "medium", overdue: false, scanner: "trivy" });
    // Medium findings are due 90 days after they were first seen.
    const seen = new Date(list.items[0].firstSeenAt);
    expect(list.items[0].dueDate).toBe(new Date(seen.getTime() + 90 * 86_400_000).toISOString().slice(0, 10));

    const sarif = await upload(client, "alpine.sarif", trivySarif);
    expect(sarif.json()).toMatchObject({ format: "sarif", created: 0, reseen: 4, resolved: 0 });

    const fixed = await upload(client, "alpine-fixed.json", withoutPackage("libssl1.1"));
    expect(fixed.json()).toMatchObject({ created: 0, reseen: 2, resolved: 2 });
    const resolved = (await client.get("/api/v1/vulnerabilities?status=resolved")).json();
    expect(resolved.items.map((i: { package: string }) => i.package)).toEqual(["libssl1.1", "libssl1.1"]);

    const back = await upload(client, "alpine.json", trivyJson);
    expect(back.json()).toMatchObject({ created: 0, reseen: 2, reopened: 2, resolved: 0 });
    expect((await client.get("/api/v1/vulnerabilities?status=open")).json().total).toBe(4);

    const imports = (await client.get("/api/v1/vulnerabilities/imports")).json();
    expect(imports.items.map((i: { resolved: number }) => i.resolved)).toEqual([0, 2, 0, 0]);
    // One ledger entry per report, never one per finding.
    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "vulnerabilities.imported");
    expect(entries).toHaveLength(4);
    expect(entries[0]!.changes.after).toMatchObject({ format: "trivy", created: 4 });
  });

  it("refuses a bad report whole, even after findings were read, and leaves the register as it was", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    await upload(client, "alpine.json", trivyJson);
    const before = await ctx.db.select().from(vulnerabilities).where(eq(vulnerabilities.organizationId, org.id));

    // A new finding first, then the file breaks off: the finding was read, and still nothing is kept.
    const report = JSON.parse(withoutPackage("none"));
    report.Results[0].Vulnerabilities.unshift({
      ...report.Results[0].Vulnerabilities[0],
      VulnerabilityID: "CVE-2099-0001",
    });
    const text = JSON.stringify(report);
    const cut = await upload(client, "cut.json", text.slice(0, Math.floor(text.length * 0.8)));
    expect(cut.statusCode).toBe(400);
    expect(cut.json().code).toBe("scanner_report_malformed_json");
    expect(cut.json().detail).toMatch(/line|offset|end/i);

    const notReport = await upload(client, "x.json", JSON.stringify({ hello: "world" }));
    expect(notReport.json()).toMatchObject({ status: 400, code: "scanner_report_unknown_format" });
    const json = await client.post("/api/v1/vulnerabilities/imports", { file: trivyJson });
    expect(json.statusCode).toBe(415);

    const after = await ctx.db.select().from(vulnerabilities).where(eq(vulnerabilities.organizationId, org.id));
    expect(after).toEqual(before);
    expect(after.map((r) => r.ruleId)).not.toContain("CVE-2099-0001");
    const imports = await ctx.db
      .select()
      .from(vulnerabilityImports)
      .where(eq(vulnerabilityImports.organizationId, org.id));
    expect(imports).toHaveLength(1);
  });

  it("judges OPS-06 by the last import and OPS-07 by findings past their fix-by date; the dashboard agrees", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    expect((await collectControlChecks(ctx.db, org.id, new Date(), ["OPS-06", "OPS-07"])).size).toBe(0);
    await upload(client, "alpine.json", trivyJson);
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["OPS-06", "OPS-07"]);
    expect(checks.get("OPS-06")?.[0]).toMatchObject({ state: "met", reason: expect.stringMatching(/today/) });
    expect(checks.get("OPS-07")?.[0]).toMatchObject({ state: "met" });

    // Two findings went past their fix-by date.
    const rows = await ctx.db
      .select()
      .from(vulnerabilities)
      .where(and(eq(vulnerabilities.organizationId, org.id), eq(vulnerabilities.package, "libssl1.1")));
    for (const r of rows)
      await ctx.db.update(vulnerabilities).set({ dueDate: "2026-01-01" }).where(eq(vulnerabilities.id, r.id));
    const late = await collectControlChecks(ctx.db, org.id, new Date(), ["OPS-07"]);
    expect(late.get("OPS-07")?.[0]).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/^2 findings are past .*\(2 medium\)/),
    });
    const board = (await client.get("/api/v1/vulnerabilities/dashboard")).json();
    expect(board).toMatchObject({
      open: 4,
      overdue: 2,
      openBySeverity: { medium: 4 },
      overdueBySeverity: { medium: 2 },
    });
    expect(board.trend).toHaveLength(12);
    expect(board.trend.at(-1).open).toBe(4);
    const overdue = (await client.get("/api/v1/vulnerabilities?overdue=true")).json();
    expect(overdue.items.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, true]);

    // A month without a report: scanning lapses.
    const later = new Date(Date.now() + 40 * 86_400_000);
    expect((await collectControlChecks(ctx.db, org.id, later, ["OPS-06"])).get("OPS-06")?.[0]).toMatchObject({
      state: "lapsed",
    });
  });

  it("lets control owners import and auditors read, and keeps each organization's findings to itself", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const owner = await member(app, ctx.db, org.id, "control_owner");
    expect((await upload(owner.client, "alpine.json", trivyJson)).statusCode).toBe(201);
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await upload(auditor.client, "alpine.json", trivyJson)).statusCode).toBe(403);
    const id = (await client.get("/api/v1/vulnerabilities")).json().items[0].id;
    expect((await auditor.client.get(`/api/v1/vulnerabilities/${id}`)).statusCode).toBe(200);
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.get(`/api/v1/vulnerabilities/${id}`)).statusCode).toBe(404);
    expect((await other.client.get("/api/v1/vulnerabilities")).json().total).toBe(0);
  });

  it("exports the filtered findings as CSV", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    await upload(client, "alpine.json", trivyJson);
    const all = await client.get("/api/v1/vulnerabilities/export.csv");
    expect(all.statusCode).toBe(200);
    expect(all.headers["content-type"]).toContain("text/csv");
    const lines = all.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "Advisory,Title,Severity,Score,Package,Installed version,Fixed version,Target,Scanner,Status,First seen,Last seen,Resolved,Fix by,Overdue,Risk accepted until,Acceptance reason",
    );
    expect(lines).toHaveLength(5);
    const some = await client.get("/api/v1/vulnerabilities/export.csv?q=libssl1.1");
    expect(some.body.trim().split("\r\n")).toHaveLength(3);
    expect((await client.get("/api/v1/vulnerabilities/export.csv?page=2")).statusCode).toBe(400);
  });

  it("accepts a late finding's risk for a time: not late meanwhile, OPS-07 met again, late again once withdrawn", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const engineer = await member(app, ctx.db, org.id, "control_owner");
    await upload(client, "alpine.json", trivyJson);
    const [late] = await ctx.db
      .update(vulnerabilities)
      .set({ dueDate: "2026-01-01" })
      .where(
        and(
          eq(vulnerabilities.organizationId, org.id),
          eq(vulnerabilities.ruleId, "CVE-2019-1549"),
          eq(vulnerabilities.package, "libssl1.1"),
        ),
      )
      .returning();
    const ahead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const url = `/api/v1/vulnerabilities/${late!.id}/acceptance`;
    const reason = "Not reachable: the service never uses the affected cipher";

    // Control owners fix findings; accepting a risk is for those who run the program.
    expect((await engineer.client.post(url, { until: ahead(30), reason })).statusCode).toBe(403);
    const tooLong = await client.post(url, { until: ahead(400), reason });
    expect(tooLong.statusCode).toBe(409);
    expect(tooLong.json().detail).toMatch(/at most 365 days/);
    expect((await client.post(url, { until: ahead(0), reason })).statusCode).toBe(409);
    expect((await client.post(url, { until: ahead(30), reason: "short" })).statusCode).toBe(400);
    expect((await client.post(url, { until: "31/12/2027", reason })).statusCode).toBe(400);

    const accepted = await client.post(url, { until: ahead(30), reason });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ accepted: true, overdue: false, acceptedUntil: ahead(30) });
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["OPS-07"]);
    expect(checks.get("OPS-07")?.[0]).toMatchObject({
      state: "met",
      reason: expect.stringMatching(/1 past its fix-by date has its risk accepted/),
    });
    expect((await client.get("/api/v1/vulnerabilities/dashboard")).json()).toMatchObject({ overdue: 0, accepted: 1 });
    expect((await client.get("/api/v1/vulnerabilities?accepted=true")).json().total).toBe(1);
    const csv = (await client.get("/api/v1/vulnerabilities/export.csv?accepted=true")).body;
    expect(csv).toContain(reason);

    // After the acceptance's last day, it is late again without anyone doing anything.
    const later = await collectControlChecks(ctx.db, org.id, new Date(Date.now() + 40 * 86_400_000), ["OPS-07"]);
    expect(later.get("OPS-07")?.[0]).toMatchObject({ state: "not_met" });

    const withdrawn = await client.delete(url);
    expect(withdrawn.json()).toMatchObject({ accepted: false, overdue: true, acceptedUntil: null });
    expect((await client.delete(url)).statusCode).toBe(409);
    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["vulnerabilities.risk_accepted", "vulnerabilities.acceptance_withdrawn"]),
    );

    // A resolved finding cannot be accepted; one that comes back is judged afresh.
    await client.post(url, { until: ahead(30), reason });
    await upload(client, "alpine-fixed.json", withoutPackage("libssl1.1"));
    expect((await client.post(url, { until: ahead(30), reason })).statusCode).toBe(409);
    await upload(client, "alpine.json", trivyJson);
    expect((await client.get(`/api/v1/vulnerabilities/${late!.id}`)).json()).toMatchObject({
      status: "open",
      accepted: false,
      acceptedUntil: null,
    });
  });

  it("sets the organization's SLAs and moves open findings' fix-by dates with them", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    expect((await client.get("/api/v1/vulnerabilities/settings")).json()).toMatchObject({ critical: 15, medium: 90 });
    await upload(client, "alpine.json", trivyJson);
    const sla = { critical: 7, high: 14, medium: 30, low: 60, unknown: 30, info: null };
    const set = await client.put("/api/v1/vulnerabilities/settings", sla);
    expect(set.statusCode, set.body).toBe(200);
    const items = (await client.get("/api/v1/vulnerabilities")).json().items;
    const seen = new Date(items[0].firstSeenAt);
    expect(items[0].dueDate).toBe(new Date(seen.getTime() + 30 * 86_400_000).toISOString().slice(0, 10));
    expect((await client.get("/api/v1/vulnerabilities/dashboard")).json().slaDays).toEqual(sla);
    // New findings of the next report get the new window too.
    await ctx.db.delete(vulnerabilities).where(eq(vulnerabilities.organizationId, org.id));
    await upload(client, "alpine.json", trivyJson);
    const fresh = (await client.get("/api/v1/vulnerabilities")).json().items[0];
    expect(fresh.dueDate).toBe(
      new Date(new Date(fresh.firstSeenAt).getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
    );

    expect((await client.put("/api/v1/vulnerabilities/settings", { ...sla, high: 0 })).statusCode).toBe(400);
    expect((await client.put("/api/v1/vulnerabilities/settings", { ...sla, high: 2.5 })).statusCode).toBe(400);
    expect((await client.put("/api/v1/vulnerabilities/settings", { critical: 7 })).statusCode).toBe(400);
    const viewer = await member(app, ctx.db, org.id, "control_owner");
    expect((await viewer.client.put("/api/v1/vulnerabilities/settings", sla)).statusCode).toBe(403);
  });
});
