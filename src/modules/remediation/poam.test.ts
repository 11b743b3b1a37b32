import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { seedRichProgram } from "../program-code/testing.ts";
import { itemBody, remediationUrl as url } from "./testing.ts";

/** The OSCAL POA&M carries an item's risk in words and its resources (as the fix's required assets), schema-valid. */

const { ctx, app } = withTestApp();
const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../../test/fixtures/oscal/1.2.1/oscal_complete_schema.json");
const addFormats = formats as unknown as typeof formats.default;

describe("remediation fields in the OSCAL POA&M", () => {
  it("puts the risk in words in the risk's description and the resources in required-assets", async () => {
    const a = await orgWithOwner(app, ctx.db, "Acme");
    const alice = await member(app, ctx.db, a.org.id, "control_owner");
    const program = await seedRichProgram(ctx.db, a.org.id, a.user.id, alice.user.id);
    const created = await a.client.post(
      url(program.id),
      itemBody({
        title: "Rotate the backup encryption key",
        controls: [],
        riskDescription: "A leaked key decrypts every backup taken since 2024.",
        resources: [
          { kind: "people", name: "Platform team", detail: "two days" },
          { kind: "tool", name: "KMS", detail: "" },
        ],
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const res = await a.client.get(`/api/v1/programs/${program.id}/oscal/poam.json`);
    expect(res.statusCode, res.body).toBe(200);
    const doc = JSON.parse(res.body);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const risk = doc["plan-of-action-and-milestones"].risks.find(
      (r: { title: string }) => r.title === "Rotate the backup encryption key",
    );
    expect(risk.description).toBe("A leaked key decrypts every backup taken since 2024.");
    expect(risk.remediations[0]["required-assets"].map((x: { description: string }) => x.description)).toEqual([
      "people: Platform team (two days)",
      "tool: KMS",
    ]);
  });
});
