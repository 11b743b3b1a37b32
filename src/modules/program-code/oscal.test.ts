import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { CATALOG_FILE, PROFILE_FILE } from "./oscal-catalog.ts";
import { checkOscalReferences } from "./oscal-check.ts";
import { uuidV5 } from "./oscal-common.ts";
import { seedRichProgram } from "./testing.ts";

/**
 * Every OSCAL document Assay exports validates against NIST's OSCAL 1.2.1 JSON schema (draft-07), and its references
 * resolve (oscal-check.ts: what the schema cannot see).
 */

const repoRoot = path.resolve(import.meta.dirname, "../../..");
// ajv-formats is CommonJS: under Node its default import is the plugin itself (its types say `.default`).
const addFormats = formats as unknown as typeof formats.default;
const SCHEMA_FILE = path.resolve(repoRoot, "test/fixtures/oscal/1.2.1/oscal_complete_schema.json");
/** The official release asset's digest (test/fixtures/oscal/README.md): the tests never run on an edited schema. */
const SCHEMA_SHA256 = "1fb34a1db562f06fa48669fb38a9af2dc3e87f52e44116071d7b564551911171";

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let programId: string;
let aliceId: string;
let validate: ValidateFunction;

beforeAll(async () => {
  const schema = fs.readFileSync(SCHEMA_FILE);
  expect(createHash("sha256").update(schema).digest("hex")).toBe(SCHEMA_SHA256);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(schema.toString("utf8")));
  a = await orgWithOwner(app, ctx.db, "Acme");
  aliceId = (await member(app, ctx.db, a.org.id, "control_owner")).user.id;
  programId = (await seedRichProgram(ctx.db, a.org.id, a.user.id, aliceId)).id;
});

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const errors = () =>
  (validate.errors ?? [])
    .filter((e) => !["oneOf", "anyOf", "allOf"].includes(e.keyword))
    .map((e) => `${e.instancePath} ${e.message}`);

/** A download: its text, document and the file name it is saved under. */
async function fetchFile(url: string) {
  const res = await a.client.get(url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  const name = /attachment; filename="([^"]+)"/.exec(String(res.headers["content-disposition"]))?.[1];
  return { text: res.body, doc: JSON.parse(res.body), name: name! };
}

async function download(kind: "ssp" | "poam", id = programId) {
  const file = await fetchFile(`/api/v1/programs/${id}/oscal/${kind}.json`);
  expect(file.name).toBe(`soc-2-type-ii-2027-${kind}.json`);
  return file;
}

/** The statements' by-components of one implemented requirement. */
const byComponents = (req: { statements?: { "by-components": unknown[] }[] }) =>
  (req.statements ?? []).flatMap((st) => st["by-components"]) as {
    "component-uuid": string;
    description: string;
    props: { name: string; value: string; class?: string }[];
    "implementation-status": { state: string; remarks: string };
  }[];
/** Does this by-component describe our control `key`? */
const covers = (key: string) => (b: { props: { name: string; value: string }[] }) =>
  b.props.some((p) => p.name === "control-id" && p.value === key);

describe("OSCAL system security plan", () => {
  it("validates against the NIST schema", async () => {
    const { doc } = await download("ssp");
    expect(validate(doc), errors().join("\n")).toBe(true);
  });

  it("has one implemented requirement per criterion in scope, with our controls' statements and statuses", async () => {
    const ssp = (await download("ssp")).doc["system-security-plan"];
    expect(ssp["import-profile"].href).toMatch(/^#[0-9a-f-]{36}$/);
    expect(ssp["back-matter"].resources[0].uuid).toBe(ssp["import-profile"].href.slice(1));
    const reqs = ssp["control-implementation"]["implemented-requirements"];
    const ids = reqs.map((r: { "control-id": string }) => r["control-id"]);
    expect(ids).toContain("cc6.1");
    expect(ids).toContain("a1.2");
    expect(ids).not.toContain("c1.1");
    expect(ids.every((id: string) => id === id.toLowerCase())).toBe(true);
    const cc11 = reqs.find((r: { "control-id": string }) => r["control-id"] === "cc1.1");
    expect(cc11.statements).toHaveLength(1);
    expect(cc11.statements[0]["statement-id"]).toBe("cc1.1_smt");
    expect(byComponents(cc11).length).toBeGreaterThan(0);
    expect(cc11["by-components"]).toBeUndefined();
    const cc13 = reqs.find((r: { "control-id": string }) => r["control-id"] === "cc1.3");
    const gov01 = byComponents(cc13).find(covers("GOV-01"))!;
    expect(gov01.description).toContain("We keep a code of conduct.");
    expect(gov01["implementation-status"].remarks).toContain("- GOV-01: implemented — Signed by all staff");
    expect(gov01.props).toContainEqual({
      name: "status",
      value: "implemented",
      ns: "https://assay.dev/ns/oscal",
      class: "GOV-01",
    });
    // One by-component per component in a statement (OSCAL's uniqueness rule): several controls share it.
    for (const r of reqs)
      for (const st of r.statements ?? []) {
        const components = st["by-components"].map((b: { "component-uuid": string }) => b["component-uuid"]);
        expect(new Set(components).size).toBe(components.length);
      }
    // Customers' duties (CUECs) under the criteria they name.
    const cc62 = reqs.find((r: { "control-id": string }) => r["control-id"] === "cc6.2");
    expect(JSON.stringify(cc62)).toContain("Customers review who has access");
    // The scope becomes system characteristics and implementation.
    expect(ssp["system-characteristics"]["authorization-boundary"].description).toContain("production AWS account");
    const impl = ssp["system-implementation"];
    // No control is carved out to AWS in this program: it is a party, not a component nobody references.
    expect(impl.components.map((c: { title: string }) => c.title)).toEqual(["SOC 2 Type II 2027"]);
    expect(ssp.metadata.parties.map((p: { name: string }) => p.name)).toContain("Amazon Web Services");
    expect(impl["inventory-items"].map((i: { description: string }) => i.description)).toContain(
      "Payroll API (TypeScript)",
    );
    expect(impl.users.map((u: { "role-ids": string[] }) => u["role-ids"])).toEqual([["system-user"], ["system-user"]]);
    expect(ssp.metadata["oscal-version"]).toBe("1.2.1");
  });

  it("resolves: the profile and catalog it imports are embedded, and every reference has its target", async () => {
    const { doc } = await download("ssp");
    expect(checkOscalReferences(doc)).toEqual([]);
    const ssp = doc["system-security-plan"];
    const resource = ssp["back-matter"].resources[0];
    expect(resource.rlinks[0].href).toBe(PROFILE_FILE);
    const profile = await fetchFile(`/api/v1/oscal/${PROFILE_FILE}`);
    expect(profile.name).toBe(PROFILE_FILE);
    expect(Buffer.from(resource.base64.value, "base64").toString("utf8")).toBe(profile.text);
    // Statement ids resolve in the catalog, whose titles are ours.
    const catalog = await fetchFile(`/api/v1/oscal/${CATALOG_FILE}`);
    expect(catalog.text).toContain('"id": "cc6.1_smt"');
    expect(JSON.stringify(doc)).not.toMatch(/\.example\b/);
    expect(ssp.metadata.props[0].ns).toBe("https://assay.dev/ns/oscal");
  });

  it("attributes controls carved out to a subservice organization to that organization's component", async () => {
    const other = (await seedRichProgram(ctx.db, a.org.id, a.user.id, aliceId)).id;
    const scope = (await a.client.get(`/api/v1/programs/${other}`)).json().scope;
    scope.subserviceOrganizations[0].expectedControls = ["PHY-01 Data centre security", "Physical security"];
    expect((await a.client.patch(`/api/v1/programs/${other}`, { scope })).statusCode).toBe(200);
    const { doc } = await download("ssp", other);
    expect(validate(doc), errors().join("\n")).toBe(true);
    expect(checkOscalReferences(doc)).toEqual([]);
    const ssp = doc["system-security-plan"];
    const aws = ssp["system-implementation"].components.find(
      (c: { title: string }) => c.title === "Amazon Web Services",
    );
    expect(aws.props).toContainEqual(expect.objectContaining({ name: "subservice-method", value: "carve_out" }));
    const all = ssp["control-implementation"]["implemented-requirements"].flatMap(byComponents);
    const phy01 = all.filter(covers("PHY-01"));
    expect(phy01.length).toBeGreaterThan(0);
    for (const b of phy01) expect(b["component-uuid"]).toBe(aws.uuid);
    const gov01 = all.find(covers("GOV-01"))!;
    expect(gov01["component-uuid"]).not.toBe(aws.uuid);
  });

  it("is identical on every download, with UUIDs derived from the program (v5)", async () => {
    const first = await download("ssp");
    const second = await download("ssp");
    expect(second.text).toBe(first.text);
    const uuids = [...first.text.matchAll(/"(?:uuid|[a-z-]+-uuid)": "([^"]+)"/g)].map((m) => m[1]!);
    expect(uuids.length).toBeGreaterThan(100);
    for (const u of uuids) expect(u).toMatch(UUID_V5);
    expect(new Set(uuids.filter((u, i) => uuids.indexOf(u) !== i)).size).toBeLessThan(10);
  });
});

describe("OSCAL plan of action and milestones", () => {
  it("validates against the NIST schema, one poam-item per remediation item", async () => {
    const { doc } = await download("poam");
    expect(validate(doc), errors().join("\n")).toBe(true);
    const poam = doc["plan-of-action-and-milestones"];
    expect(poam["poam-items"].map((i: { title: string }) => i.title.split(":")[0])).toEqual(["R-1", "R-2", "R-3"]);
    const r3 = poam.risks.find((r: { title: string }) => r.title === "Enforce MFA on the cloud console");
    expect(r3.props).toContainEqual(expect.objectContaining({ name: "priority", value: "critical" }));
    expect(r3.characterizations[0].facets).toEqual([
      { name: "likelihood", system: "http://csrc.nist.gov/ns/oscal", value: "high" },
      { name: "impact", system: "http://csrc.nist.gov/ns/oscal", value: "high" },
      { name: "likelihood", system: "https://assay.dev/ns/oscal", value: "4" },
      { name: "impact", system: "https://assay.dev/ns/oscal", value: "5" },
    ]);
    expect(r3.statement).toBe("MFA was never required.");
    expect(r3.status).toBe("remediating");
    expect(r3.deadline).toBe("2027-02-15T23:59:59Z");
    expect(r3.remediations[0].tasks[0].timing["on-date"].date).toBe("2027-02-15T23:59:59Z");
    expect((await download("poam")).text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it("resolves against the SSP under its download name; subjects, no placeholder text", async () => {
    const poam = await download("poam");
    const ssp = await download("ssp");
    const doc = poam.doc["plan-of-action-and-milestones"];
    expect(doc["import-ssp"].href).toBe(ssp.name);
    expect(checkOscalReferences(poam.doc, { [ssp.name]: ssp.doc })).toEqual([]);
    // Without the SSP beside it, its subjects cannot resolve: the checker says so.
    expect(checkOscalReferences(poam.doc).join("\n")).toContain(`${ssp.name} is not delivered`);
    const thisSystem = ssp.doc["system-security-plan"]["system-implementation"].components[0].uuid;
    for (const o of doc.observations)
      expect(o.subjects).toContainEqual({ "subject-uuid": thisSystem, type: "component" });
    expect(poam.text).not.toMatch(/has been (recorded|written) yet/);
    expect(poam.text).not.toMatch(/\.example\b/);
  });

  it("is refused (409) for a program without remediation items", async () => {
    const res = await a.client.post("/api/v1/programs", { name: "Empty", reportType: "type1", adoptLibrary: false });
    const empty = await a.client.get(`/api/v1/programs/${res.json().id}/oscal/poam.json`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe("poam_empty");
    const ssp = await a.client.get(`/api/v1/programs/${res.json().id}/oscal/ssp.json`);
    expect(validate(ssp.json()), errors().join("\n")).toBe(true);
    expect(checkOscalReferences(ssp.json())).toEqual([]);
    expect(ssp.body).not.toMatch(/yet\b/);
  });

  it("the validator does reject what the schema forbids (a v7 UUID, an empty list)", async () => {
    const { doc } = await download("poam");
    const broken = structuredClone(doc);
    broken["plan-of-action-and-milestones"].uuid = "01a20835-8865-7ce1-9656-a74f870cfe1a";
    expect(validate(broken)).toBe(false);
    const empty = structuredClone(doc);
    empty["plan-of-action-and-milestones"]["poam-items"] = [];
    expect(validate(empty)).toBe(false);
  });
});

describe("SOC 2 catalog and profile", () => {
  it("validate against the schema and resolve; the catalog has the 61 criteria with our titles", async () => {
    const catalog = await fetchFile(`/api/v1/oscal/${CATALOG_FILE}`);
    const profile = await fetchFile(`/api/v1/oscal/${PROFILE_FILE}`);
    for (const f of [catalog, profile]) {
      expect(validate(f.doc), errors().join("\n")).toBe(true);
      expect(checkOscalReferences(f.doc)).toEqual([]);
      expect(f.doc[Object.keys(f.doc)[0]!].metadata["oscal-version"]).toBe("1.2.1");
    }
    const controls = catalog.doc.catalog.groups.flatMap((g: { groups: { controls: unknown[] }[] }) =>
      g.groups.flatMap((s) => s.controls),
    );
    expect(controls).toHaveLength(61);
    const cc61 = controls.find((c: { id: string }) => c.id === "cc6.1");
    expect(cc61.props).toEqual([{ name: "label", value: "CC6.1" }]);
    expect(cc61.title.length).toBeGreaterThan(5);
    expect(profile.doc.profile.imports[0]["include-all"]).toEqual({});
  });
});

describe("the reference checker", () => {
  it("finds duplicate uuids, dangling references and unreferenced components", async () => {
    const { doc } = await download("ssp");
    const ssp = structuredClone(doc);
    const plan = ssp["system-security-plan"];
    plan["import-profile"].href = "#00000000-0000-5000-8000-000000000000";
    plan["system-implementation"].users[0]["role-ids"] = ["nobody"];
    const [system] = plan["system-implementation"].components;
    plan["system-implementation"].components.push(
      { ...system, type: "service" },
      { ...system, uuid: uuidV5("x"), type: "service" },
    );
    const problems = checkOscalReferences(ssp).join("\n");
    expect(problems).toContain("names no back-matter resource");
    expect(problems).toContain("role-id nobody does not resolve");
    expect(problems).toContain("is defined twice");
    expect(problems).toContain("is never referenced");
    expect(problems).toContain("control-id cc1.1 (in the imported catalog) does not resolve");
    const twice = structuredClone(doc);
    const st = twice["system-security-plan"]["control-implementation"]["implemented-requirements"][0].statements[0];
    st["by-components"].push({ ...st["by-components"][0], uuid: uuidV5("y") });
    expect(checkOscalReferences(twice).join("\n")).toMatch(/by-components: component-uuid \S+ appears more than once/);
  });
});

describe("uuidV5", () => {
  it("matches RFC 4122's example (the DNS namespace, python.org)", () => {
    expect(uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  });
});
