/**
 * The exports say what the UI shows: a control people marked implemented whose evidence is current is Operating
 * on screen, so program-as-code and the OSCAL plan call it operating too, and keep what people declared apart.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { multipart } from "../evidence/testing.ts";
import { pdfLines } from "../remediation/testing.ts";
import { unzipBundle, zipBundle } from "./bundle.ts";

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let programId: string;

beforeAll(async () => {
  a = await orgWithOwner(app, ctx.db, "Acme");
  const p = await a.client.post("/api/v1/programs", {
    name: "SOC 2 Type II 2027",
    reportType: "type2",
    windowStart: "2027-01-01",
    windowEnd: "2027-12-31",
    adoptLibrary: false,
  });
  expect(p.statusCode, p.body).toBe(201);
  programId = p.json().id;
  for (const key of ["CUS-01", "CUS-02"]) {
    const res = await a.client.post(`/api/v1/programs/${programId}/controls`, {
      key,
      name: `Control ${key}`,
      description: "Reviewed every quarter.",
      frequency: "quarterly",
      criteria: ["CC6.1"],
    });
    expect(res.statusCode, res.body).toBe(201);
    const set = await a.client.patch(`/api/v1/programs/${programId}/controls/${key}`, {
      status: "implemented",
      statusReason: "Reviewed by the CTO",
    });
    expect(set.statusCode, set.body).toBe(200);
  }
  // Current evidence for CUS-01 only.
  const { payload, headers } = multipart([
    { name: "programId", value: programId },
    { name: "controls", value: "CUS-01" },
    { name: "file", filename: "review.txt", content: "Access review: 42 accounts reviewed\n" },
  ]);
  const ev = await a.client.request("POST", "/api/v1/evidence", payload, { headers });
  expect(ev.statusCode, ev.body).toBe(201);
  const shown = await a.client.get(`/api/v1/programs/${programId}/controls/CUS-01`);
  expect(shown.json()).toMatchObject({ status: "operating", manualStatus: "implemented" });
});

describe("exported control status", () => {
  it("program as code writes the status the UI shows and what people declared, and imports back unchanged", async () => {
    const res = await a.client.get(`/api/v1/programs/${programId}/code`);
    expect(res.statusCode).toBe(200);
    const files = unzipBundle(new Uint8Array(res.rawPayload));
    expect(files.get("controls/CUS-01.md")).toContain(
      "status: operating\ndeclaredStatus: implemented\nstatusReason: Reviewed by the CTO\n",
    );
    // Shown as declared: one status line, as people edit it.
    expect(files.get("controls/CUS-02.md")).toContain("status: implemented\nstatusReason: Reviewed by the CTO\n");
    const again = await a.client.post(`/api/v1/programs/code/import?dryRun=true`, Buffer.from(zipBundle(files)), {
      headers: { "content-type": "application/zip" },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().diff.unchanged).toBe(true);
  });

  it("an edit of the shown status that cannot follow from what was declared is refused, in words", async () => {
    const files = unzipBundle(new Uint8Array((await a.client.get(`/api/v1/programs/${programId}/code`)).rawPayload));
    const post = (edited: Map<string, string>) =>
      a.client.post(`/api/v1/programs/code/import?dryRun=true`, Buffer.from(zipBundle(edited)), {
        headers: { "content-type": "application/zip" },
      });
    const cus01 = files.get("controls/CUS-01.md")!;
    // Declaring another status through declaredStatus is a change of CUS-01's declared status.
    const declared = await post(
      new Map(files).set(
        "controls/CUS-01.md",
        cus01.replace("declaredStatus: implemented", "declaredStatus: in_progress"),
      ),
    );
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json().diff.controls.changed).toEqual([
      {
        id: "CUS-01",
        title: expect.any(String),
        changes: [{ field: "status", before: "implemented", after: "in_progress" }],
      },
    ]);
    // Editing only the shown status would be silently ignored: refused instead.
    const refused = await post(
      new Map(files).set("controls/CUS-01.md", cus01.replace("status: operating\n", "status: in_progress\n")),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("cannot follow from declaredStatus implemented");
    // A status only Assay works out cannot be declared.
    const cus02 = files.get("controls/CUS-02.md")!.replace("status: implemented\n", "status: not_applicable\n");
    const notDeclarable = await post(new Map(files).set("controls/CUS-02.md", cus02));
    expect(notDeclarable.statusCode).toBe(400);
    expect(notDeclarable.body).toContain("status not_applicable is worked out by Assay");
  });

  it("the OSCAL plan gives each control the status the UI shows and counts readiness at the headline level", async () => {
    const res = await a.client.get(`/api/v1/programs/${programId}/oscal/ssp.json`);
    expect(res.statusCode, res.body).toBe(200);
    const reqs = res.json()["system-security-plan"]["control-implementation"]["implemented-requirements"] as {
      props: { name: string; value: string; class?: string }[];
      remarks?: string;
      statements: { "by-components": { props: { name: string; value: string; class?: string }[] }[] }[];
    }[];
    const cc61 = reqs.find((r) => r.props.some((p) => p.name === "label" && p.value === "CC6.1"))!;
    const props = cc61.statements.flatMap((s) => s["by-components"]).flatMap((b) => b.props);
    expect(props).toContainEqual(expect.objectContaining({ name: "status", value: "operating", class: "CUS-01" }));
    expect(props).toContainEqual(expect.objectContaining({ name: "status", value: "implemented", class: "CUS-02" }));
    const value = (name: string) => cc61.props.find((p) => p.name === name)?.value;
    // Type II: the headline is the operating level — one of two controls — with declared and evidenced beside it.
    expect(value("readiness-level")).toBe("operating");
    expect(value("readiness")).toBe("not_ready");
    expect(value("readiness-score")).toBe("0.5");
    expect(value("readiness-score-declared")).toBe("1");
    expect(value("readiness-score-evidenced")).toBe("0.5");
    expect(cc61.remarks).toContain("Waiting on CUS-02");
  });

  it("the readiness CSV names the headline level and gives the score at every level", async () => {
    const res = await a.client.get(`/api/v1/programs/${programId}/readiness.csv`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="soc-2-type-ii-2027-readiness.csv"');
    const rows = res.body.trimEnd().split("\r\n");
    expect(rows[0]).toBe(
      "row,id,title,category,in_scope,headline_level,headline_score,declared_score,evidenced_score,operating_score,out_of,declared_count,evidenced_count,operating_count,waiting_on_at_headline",
    );
    expect(rows.find((r) => r.startsWith("criterion,CC6.1,"))).toMatch(
      /,security,yes,operating,50\.0,100\.0,50\.0,50\.0,2,2,1,1,CUS-02$/,
    );
    expect(rows.find((r) => r.startsWith("criterion,PI1.1,"))).toMatch(
      /,processing_integrity,no,operating,,,,,0,0,0,0,$/,
    );
  });

  it("the readiness PDF names the headline level and shows every level", async () => {
    const res = await a.client.get(`/api/v1/programs/${programId}/readiness.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="soc-2-type-ii-2027-readiness.pdf"');
    const lines = pdfLines(res.rawPayload);
    expect(lines).toContain("READINESS");
    expect(lines.some((l) => l.startsWith("Operating (Type II tests operation"))).toBe(true);
    expect(lines).toContain("Operating (headline)");
    expect(lines).toContain("Declared");
    expect(lines).toContain("CC6.1");
    expect(lines).toContain("CUS-02");
  });
});
