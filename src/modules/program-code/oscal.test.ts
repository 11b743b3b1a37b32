import fs from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { buildApp } from "../../server/app.ts";
import { uuidV5 } from "./oscal-common.ts";
import { seedRichProgram } from "./testing.ts";

/** Every OSCAL document Assay exports validates against NIST's OSCAL 1.0.6 JSON schema (draft-07). */

const repoRoot = path.resolve(import.meta.dirname, "../../..");
// ajv-formats is CommonJS: under Node its default import is the plugin itself (its types say `.default`).
const addFormats = formats as unknown as typeof formats.default;
const SCHEMA_FILE = path.resolve(repoRoot, "../shared/oscal/oscal_complete_schema.json");

let ctx: TestContext;
let app: ApiApp;
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let programId: string;
let validate: ValidateFunction;

beforeAll(async () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
  ctx = await createTestContext();
  app = await buildApp(ctx, { logger: false });
  a = await orgWithOwner(app, ctx.db, "Acme");
  const alice = await member(app, ctx.db, a.org.id, "control_owner");
  programId = (await seedRichProgram(ctx.db, a.org.id, a.user.id, alice.user.id)).id;
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const errors = () =>
  (validate.errors ?? [])
    .filter((e) => !["oneOf", "anyOf", "allOf"].includes(e.keyword))
    .map((e) => `${e.instancePath} ${e.message}`);

async function download(kind: "ssp" | "poam", id = programId) {
  const res = await a.client.get(`/api/v1/programs/${id}/oscal/${kind}.json`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(res.headers["content-disposition"]).toBe(`attachment; filename="soc-2-type-ii-2027-${kind}.json"`);
  return { text: res.body, doc: JSON.parse(res.body) };
}

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
    expect(cc11["by-components"].length).toBeGreaterThan(0);
    const cc13 = reqs.find((r: { "control-id": string }) => r["control-id"] === "cc1.3");
    const gov01 = cc13["by-components"].find((b: { props: { name: string; value: string }[] }) =>
      b.props.some((p) => p.name === "control-id" && p.value === "GOV-01"),
    );
    expect(gov01.description).toContain("We keep a code of conduct.");
    expect(gov01["implementation-status"].state).toBe("implemented");
    expect(gov01.props).toContainEqual(expect.objectContaining({ name: "status", value: "implemented" }));
    // Customers' duties (CUECs) under the criteria they name.
    const cc62 = reqs.find((r: { "control-id": string }) => r["control-id"] === "cc6.2");
    expect(JSON.stringify(cc62)).toContain("Customers review who has access");
    // The scope becomes system characteristics and implementation.
    expect(ssp["system-characteristics"]["authorization-boundary"].description).toContain("production AWS account");
    const titles = ssp["system-implementation"].components.map((c: { title: string }) => c.title);
    expect(titles).toEqual(
      expect.arrayContaining(["SOC 2 Type II 2027", "Amazon Web Services", "Payroll API (TypeScript)"]),
    );
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
    expect(r3.props).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "likelihood", value: "4" }),
        expect.objectContaining({ name: "impact", value: "5" }),
        expect.objectContaining({ name: "priority", value: "critical" }),
      ]),
    );
    expect(r3.status).toBe("remediating");
    expect(r3.deadline).toBe("2027-02-15T23:59:59Z");
    expect(r3.remediations[0].tasks[0].timing["on-date"].date).toBe("2027-02-15T23:59:59Z");
    expect((await download("poam")).text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  it("is refused (409) for a program without remediation items", async () => {
    const res = await a.client.post("/api/v1/programs", { name: "Empty", reportType: "type1", adoptLibrary: false });
    const empty = await a.client.get(`/api/v1/programs/${res.json().id}/oscal/poam.json`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe("poam_empty");
    const ssp = await a.client.get(`/api/v1/programs/${res.json().id}/oscal/ssp.json`);
    expect(validate(ssp.json()), errors().join("\n")).toBe(true);
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

describe("uuidV5", () => {
  it("matches RFC 4122's example (the DNS namespace, python.org)", () => {
    expect(uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  });
});
