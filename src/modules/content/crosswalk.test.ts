import fs from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { loadContent } from "../../content/index.ts";
import { CROSSWALK_CSV_COLUMNS, crosswalkCsv } from "./crosswalk-export.ts";

/** Crosswalk API: strength and rationale per mapping, coverage per part, CSV and OSCAL mapping exports. */

const addFormats = formats as unknown as typeof formats.default;
const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../../test/fixtures/oscal/1.2.1/oscal_complete_schema.json");

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let validate: ValidateFunction;
const type2 = { name: "SOC 2 Type II 2027", reportType: "type2", windowStart: "2027-01-01", windowEnd: "2027-12-31" };

beforeAll(async () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
  a = await orgWithOwner(app, ctx.db, "Acme");
});

const errors = () =>
  (validate.errors ?? [])
    .filter((e) => !["oneOf", "anyOf", "allOf"].includes(e.keyword))
    .map((e) => `${e.instancePath} ${e.message}`);

describe("crosswalk API", () => {
  it("reports ISO 27001 clauses and Annex A apart, with full and partial coverage", async () => {
    const items = (await a.client.get("/api/v1/content/frameworks")).json().items;
    const byId = Object.fromEntries(items.map((f: { id: string }) => [f.id, f]));
    expect(Object.keys(byId).sort()).toEqual(["hipaa-security", "iso27001-2022", "nist-csf-2.0", "pci-dss-4.0.1"]);
    expect(byId["iso27001-2022"]).toMatchObject({
      covered: 89,
      partial: 29,
      total: 118,
      parts: [
        { id: "clauses", name: "Clauses 4–10", covered: 10, partial: 15, total: 25 },
        { id: "annex-a", name: "Annex A controls", covered: 79, partial: 14, total: 93 },
      ],
    });
    expect(byId["pci-dss-4.0.1"]).toMatchObject({ version: "4.0.1", covered: 49, partial: 12, total: 63, parts: [] });
    expect(byId["hipaa-security"]).toMatchObject({ covered: 57, partial: 4, total: 65 });
    expect(byId["nist-csf-2.0"]).toMatchObject({ covered: 99, partial: 7, total: 106 });
  });

  it("shows each requirement's mappings with strength and rationale, and its coverage", async () => {
    const iso = (await a.client.get("/api/v1/content/frameworks/iso27001-2022")).json();
    const req = (id: string) => iso.requirements.find((r: { id: string }) => r.id === id);
    expect(req("A.5.32")).toMatchObject({
      coverage: "partial",
      controls: ["GOV-15"],
      mappings: [{ controlId: "GOV-15", strength: "intersects", rationale: expect.stringContaining("legal register") }],
    });
    expect(req("6.1.2")).toMatchObject({ group: "6", coverage: "covered" });
    expect(req("6.1.2").mappings).toContainEqual(expect.objectContaining({ controlId: "RSK-01", strength: "equal" }));
    expect(iso.groups).toContainEqual({ id: "6", name: "Clause 6: Planning", part: "clauses" });
  });

  it("narrows coverage and exports to a program's applicable controls", async () => {
    const p = (await a.client.post("/api/v1/programs", { ...type2, adoptLibrary: false })).json();
    const empty = (await a.client.get(`/api/v1/content/frameworks/iso27001-2022?programId=${p.id}`)).json();
    expect(empty).toMatchObject({ covered: 0, partial: 0 });
    expect(empty.requirements.every((r: { coverage: string }) => r.coverage === "none")).toBe(true);
    const csv = await a.client.get(`/api/v1/content/frameworks/iso27001-2022/crosswalk.csv?programId=${p.id}`);
    expect(csv.body).toBe(`${CROSSWALK_CSV_COLUMNS.join(",")}\r\n`);
    const oscal = await a.client.get(`/api/v1/content/frameworks/iso27001-2022/mapping.json?programId=${p.id}`);
    expect(oscal.statusCode).toBe(409);
    expect(oscal.json().code).toBe("no_mappings");
    const stranger = await orgWithOwner(app, ctx.db);
    expect(
      (await stranger.client.get(`/api/v1/content/frameworks/iso27001-2022/crosswalk.csv?programId=${p.id}`))
        .statusCode,
    ).toBe(404);
  });
});

describe("crosswalk CSV", () => {
  it("has one row per mapping with the framework, requirement, group, control, strength and rationale", async () => {
    const res = await a.client.get("/api/v1/content/frameworks/iso27001-2022/crosswalk.csv");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="iso27001-2022-crosswalk.csv"');
    const lines = res.body.split("\r\n").filter(Boolean);
    const iso = loadContent().frameworksById.get("iso27001-2022")!;
    const mappings = Object.values(iso.mappings).flat().length;
    expect(lines).toHaveLength(mappings + 1);
    expect(lines[0]).toBe(
      "framework,requirement_id,requirement_title,group,control_id,control_name,strength,rationale",
    );
    expect(lines[1]).toMatch(/^ISO\/IEC 27001 2022,4\.1,/);
    expect(lines).toContain(
      'ISO/IEC 27001 2022,A.5.32,Intellectual property,Organizational controls,GOV-15,Legal and regulatory requirements register,intersects,"The legal register may list licensing duties, but nothing in it protects intellectual property or checks software licences."',
    );
    expect((await a.client.get("/api/v1/content/frameworks/nope/crosswalk.csv")).statusCode).toBe(404);
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const iso = loadContent().frameworksById.get("iso27001-2022")!;
    const csv = crosswalkCsv(iso, [
      {
        requirementId: "A.5.1",
        requirementTitle: "=HYPERLINK(1)",
        group: "Organizational controls",
        controlId: "GOV-02",
        controlName: "+cmd",
        strength: "equal",
        rationale: "@SUM(A1)",
      },
    ]);
    expect(csv.split("\r\n")[1]).toBe(
      "ISO/IEC 27001 2022,A.5.1,'=HYPERLINK(1),Organizational controls,GOV-02,'+cmd,equal,'@SUM(A1)",
    );
  });
});

describe("crosswalk as an OSCAL mapping collection", () => {
  it("validates against the OSCAL 1.2.1 schema for every framework", async () => {
    for (const f of loadContent().frameworks) {
      const res = await a.client.get(`/api/v1/content/frameworks/${f.id}/mapping.json`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-disposition"]).toBe(`attachment; filename="${f.id}-mapping.json"`);
      const doc = JSON.parse(res.body);
      expect(validate(doc), `${f.id}\n${errors().join("\n")}`).toBe(true);
    }
  });

  it("carries each mapping's relationship and rationale, and resolves its references", async () => {
    const res = await a.client.get("/api/v1/content/frameworks/iso27001-2022/mapping.json");
    const mc = JSON.parse(res.body)["mapping-collection"];
    expect(mc.metadata).toMatchObject({ "oscal-version": "1.2.1", "last-modified": "2026-12-07T00:00:00Z" });
    expect(mc.provenance).toMatchObject({ method: "human", "matching-rationale": "semantic", status: "complete" });
    const [mapping] = mc.mappings;
    const resources = new Set(mc["back-matter"].resources.map((r: { uuid: string }) => `#${r.uuid}`));
    expect(resources.has(mapping["source-resource"].href)).toBe(true);
    expect(resources.has(mapping["target-resource"].href)).toBe(true);
    const iso = loadContent().frameworksById.get("iso27001-2022")!;
    expect(mapping.maps).toHaveLength(Object.values(iso.mappings).flat().length);
    const ip = mapping.maps.find((m: { targets: { "id-ref": string }[] }) => m.targets[0]!["id-ref"] === "A.5.32");
    expect(ip).toMatchObject({
      relationship: "intersects-with",
      sources: [{ type: "control", "id-ref": "GOV-15" }],
      remarks: expect.stringContaining("legal register"),
    });
    const relationships = new Set(mapping.maps.map((m: { relationship: string }) => m.relationship));
    expect([...relationships].sort()).toEqual(["equal-to", "intersects-with", "subset-of", "superset-of"]);
    const uuids = [mc.uuid, mapping.uuid, ...mapping.maps.map((m: { uuid: string }) => m.uuid)];
    expect(new Set(uuids).size).toBe(uuids.length);
    // The same content exports the same document.
    expect((await a.client.get("/api/v1/content/frameworks/iso27001-2022/mapping.json")).body).toBe(res.body);
  });
});
