import { and, eq } from "drizzle-orm";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { snapshotOrg } from "../../../test/snapshot.ts";
import { newId } from "../../core/id.ts";
import { evidence, evidenceControls, evidenceFreshnessNotices, programControls } from "../../db/schema/index.ts";
import { LIMITS, unzipBundle, zipBundle } from "./bundle.ts";
import { seedRichProgram, withField } from "./testing.ts";

/** Bad folders and bad uploads: each is refused with the file, the line and the reason, and nothing changes. */

const { ctx, app } = withTestApp();
let a: Awaited<ReturnType<typeof orgWithOwner>>;
let exported: Map<string, string>;

beforeAll(async () => {
  a = await orgWithOwner(app, ctx.db, "Acme");
  const alice = await member(app, ctx.db, a.org.id, "control_owner");
  const p = await seedRichProgram(ctx.db, a.org.id, a.user.id, alice.user.id);
  exported = unzipBundle((await a.client.get(`/api/v1/programs/${p.id}/code`)).rawPayload);
});

const post = (body: Uint8Array | Buffer, query = "") =>
  a.client.post(`/api/v1/programs/code/import${query}`, Buffer.from(body), {
    headers: { "content-type": "application/zip" },
  });

/** Imports the folder (for real, not a dry run) and expects a refusal that changed nothing. */
async function refused(files: Map<string, string> | Uint8Array, status = 400) {
  const before = await snapshotOrg(ctx.db, a.org.id);
  const res = await post(files instanceof Map ? zipBundle(files) : files);
  expect(res.statusCode, res.body).toBe(status);
  expect(await snapshotOrg(ctx.db, a.org.id)).toEqual(before);
  return res.json() as { code: string; detail: string; problems?: { file: string; line?: number; message: string }[] };
}

const edit = (changes: Record<string, string | null>) => {
  const files = new Map(exported);
  for (const [p, t] of Object.entries(changes)) t === null ? files.delete(p) : files.set(p, t);
  return files;
};
/** 1-based line of the first line of `text` that starts with `prefix`. */
const lineOf = (text: string, prefix: string) => text.split("\n").findIndex((l) => l.startsWith(prefix)) + 1;

describe("invalid folders", () => {
  it("malformed YAML: the file and the line", async () => {
    const gov = exported.get("controls/GOV-01.md")!.replace("criteria:\n  - CC1.3", "criteria: [CC1.3\n  - CC1.3");
    const body = await refused(
      edit({ "program.yaml": "format: assay-program/v1\nname: [oops\n", "controls/GOV-01.md": gov }),
    );
    expect(body.code).toBe("invalid_program_code");
    expect(body.problems).toContainEqual({
      file: "program.yaml",
      line: 3,
      message: expect.stringMatching(/^not valid YAML: /),
    });
    expect(body.problems!.find((p) => p.file === "controls/GOV-01.md")).toMatchObject({
      line: expect.any(Number),
      message: expect.stringMatching(/^not valid YAML/),
    });
    expect(body.detail).toMatch(
      /^The program folder has 2 problems; nothing was imported:\nprogram\.yaml:3: not valid YAML/,
    );
  });

  it("unknown criteria, policies, library ids and fields, with their lines", async () => {
    let cus = exported.get("controls/CUS-01.md")!;
    cus = cus.replace("  - CC8.1\n", "  - CC9.9\n").replace("  - access-control\n", "  - no-such-policy\n");
    cus = cus
      .replace("libraryId: null", "libraryId: ZZZ-01")
      .replace("frequency: annually", "frequency: annually\ncolour: blue");
    const body = await refused(edit({ "controls/CUS-01.md": cus }));
    const at = (prefix: string) => lineOf(cus, prefix);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        {
          file: "controls/CUS-01.md",
          line: at("colour:"),
          message: expect.stringContaining('Unrecognized key: "colour"'),
        },
      ]),
    );
    // Fix the unknown field: the reference problems show (zod problems come first, references after).
    const body2 = await refused(edit({ "controls/CUS-01.md": cus.replace("colour: blue\n", "") }));
    const cus2 = cus.replace("colour: blue\n", "");
    expect(body2.problems).toEqual([
      {
        file: "controls/CUS-01.md",
        line: lineOf(cus2, "libraryId:"),
        message: expect.stringContaining('"ZZZ-01" is not a control of the library'),
      },
      {
        file: "controls/CUS-01.md",
        line: lineOf(cus2, "  - CC9.9"),
        message: expect.stringContaining('unknown Trust Services criterion "CC9.9"'),
      },
      {
        file: "controls/CUS-01.md",
        line: lineOf(cus2, "  - no-such-policy"),
        message: expect.stringContaining('unknown policy "no-such-policy"'),
      },
    ]);
  });

  it("duplicate keys: in one file, and two files for one control", async () => {
    const gov = exported.get("controls/GOV-01.md")!.replace("ownerRole: owner", "ownerRole: owner\nname: Twice");
    const body = await refused(
      edit({ "controls/GOV-01.md": gov, "controls/GOV-02.md": exported.get("controls/CUS-01.md")! }),
    );
    expect(body.problems).toEqual(
      expect.arrayContaining([
        {
          file: "controls/GOV-01.md",
          line: lineOf(gov, "name: Twice"),
          message: expect.stringContaining("Map keys must be unique"),
        },
        {
          file: "controls/GOV-02.md",
          line: 2,
          message: "key CUS-01 does not match the file name: name the file CUS-01.md",
        },
        { file: "controls/GOV-02.md", line: 2, message: "duplicate control key CUS-01 (also in controls/CUS-01.md)" },
      ]),
    );
  });

  it("remediation items: duplicate refs, links to controls that are not there, a wrong priority, a missing item", async () => {
    const r1 = exported.get("remediation/R-1.md")!;
    const r3 = withField(exported.get("remediation/R-3.md")!, "priority", "low").replace(
      "  - CUS-01\n",
      "  - CUS-77\n",
    );
    const body = await refused(edit({ "remediation/R-1.md": r1, "remediation/R-4.md": r1, "remediation/R-3.md": r3 }));
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { file: "remediation/R-4.md", line: 2, message: "duplicate remediation ref R-1 (also in remediation/R-1.md)" },
        {
          file: "remediation/R-3.md",
          line: lineOf(r3, "priority:"),
          message: expect.stringContaining("it is critical, not low"),
        },
        {
          file: "remediation/R-3.md",
          line: lineOf(r3, "  - CUS-77"),
          message: expect.stringContaining("links control CUS-77"),
        },
      ]),
    );
    const viewer = await member(app, ctx.db, a.org.id, "viewer");
    const r3b = withField(exported.get("remediation/R-3.md")!, "owner", viewer.user.email);
    expect((await refused(edit({ "remediation/R-3.md": r3b }))).problems).toEqual([
      {
        file: "remediation/R-3.md",
        line: lineOf(r3b, "owner:"),
        message: expect.stringContaining("is viewer here and cannot work on remediation items"),
      },
    ]);
    const missing = await refused(edit({ "remediation/R-2.md": null }));
    expect(missing.problems).toEqual([
      { file: "remediation/R-2.md", message: expect.stringContaining("Items are never deleted") },
    ]);
  });

  it("missing files, text outside sections, a duplicated section, headings escaped", async () => {
    const gov = `${exported.get("controls/GOV-01.md")!.replace("\n## Description", "stray\n## Description")}\n## Guidance\n`;
    const body = await refused(edit({ "scope.yaml": null, "controls/GOV-01.md": gov }));
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { file: "scope.yaml", message: expect.stringContaining("missing") },
        {
          file: "controls/GOV-01.md",
          line: lineOf(gov, "stray"),
          message: expect.stringContaining("text outside a section"),
        },
        {
          file: "controls/GOV-01.md",
          line: gov.split("\n").length - 1,
          message: expect.stringContaining('"## Guidance" appears twice'),
        },
      ]),
    );
  });

  it("period and assessment checks", async () => {
    const program = withField(exported.get("program.yaml")!, "windowEnd", '"2026-01-01"').replace(
      "categories:\n  - security\n  - availability",
      "categories: [security]",
    );
    const body = await refused(edit({ "program.yaml": program }));
    expect(body.problems).toEqual(
      expect.arrayContaining([
        {
          file: "program.yaml",
          line: lineOf(program, "windowEnd"),
          message: "The audit window must end after it starts.",
        },
        {
          file: "assessment.yaml",
          line: expect.any(Number),
          message: "A1.2 is outside the categories of program.yaml",
        },
      ]),
    );
  });
});

describe("controls other records depend on", () => {
  it("a control with linked evidence cannot be removed; other references stop the import too", async () => {
    const [gov] = await ctx.db
      .select()
      .from(programControls)
      .where(and(eq(programControls.organizationId, a.org.id), eq(programControls.key, "GOV-02")));
    const evidenceId = newId();
    await ctx.db.insert(evidence).values({
      id: evidenceId,
      organizationId: a.org.id,
      title: "Org chart",
      kind: "statement",
      statement: "We have one.",
      source: "manual",
      collectedAt: new Date(),
      chainId: evidenceId,
    });
    await ctx.db.insert(evidenceControls).values({
      id: newId(),
      organizationId: a.org.id,
      evidenceId,
      programId: gov!.programId,
      controlId: gov!.id,
      controlKey: "GOV-02",
    });
    const body = await refused(edit({ "controls/GOV-02.md": null }));
    expect(body.problems).toEqual([
      { file: "controls/GOV-02.md", message: expect.stringContaining("evidence is linked to GOV-02") },
    ]);

    const [gov3] = await ctx.db
      .select()
      .from(programControls)
      .where(and(eq(programControls.organizationId, a.org.id), eq(programControls.key, "GOV-03")));
    await ctx.db
      .insert(evidenceFreshnessNotices)
      .values({ id: newId(), organizationId: a.org.id, controlId: gov3!.id, staleOn: "2027-01-01", kind: "stale" });
    const inUse = await refused(edit({ "controls/GOV-03.md": null }), 409);
    expect(inUse).toMatchObject({
      code: "control_in_use",
      detail: expect.stringContaining("GOV-03 cannot be removed"),
    });
  });
});

describe("invalid uploads", () => {
  it("refuses a 50 MB upload from its size, quickly, without reading it", async () => {
    const started = Date.now();
    const body = await refused(Buffer.alloc(50 * 1024 * 1024), 413);
    expect(body.code).toBe("import_too_large");
    expect(body.detail).toContain("20 MB in all");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("refuses zip bombs and oversized entries while unpacking", async () => {
    const zeros = (mb: number) => new Uint8Array(mb * 1024 * 1024);
    const bomb = zipSync({ "program.yaml": zeros(5) }, { level: 9 });
    expect(bomb.length).toBeLessThan(10_000);
    const one = await refused(bomb, 413);
    expect(one).toMatchObject({ code: "import_too_large", detail: expect.stringContaining("program.yaml is 5 MB") });
    // The same bomb with a local header that claims 100 bytes: caught while inflating, not trusted.
    const liar = new Uint8Array(bomb);
    new DataView(liar.buffer).setUint32(22, 100, true);
    const lied = await refused(liar, 413);
    expect(lied.detail).toContain("program.yaml unpacks to more than 1 MB");
    const many = zipSync(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`notes/${i}.txt`, zeros(0.9)])), {
      level: 9,
    });
    expect((await refused(many, 413)).detail).toContain("unpacks to more than 20 MB");
    const files = zipSync(
      Object.fromEntries(Array.from({ length: LIMITS.files + 1 }, (_, i) => [`n/${i}.txt`, new Uint8Array(1)])),
    );
    expect((await refused(files, 413)).detail).toContain(`more than ${LIMITS.files} files`);
  });

  it("refuses what is not a zip, unsafe paths and text that is not UTF-8", async () => {
    expect((await refused(Buffer.from("program.yaml: hello"))).detail).toBe("The upload is not a zip file.");
    const traversal = zipSync({ "../program.yaml": new TextEncoder().encode("x") });
    expect((await refused(traversal)).detail).toContain("not a relative path inside the folder");
    const latin1 = zipBundle(edit({}));
    const bad = zipSync({
      ...Object.fromEntries([...unzipBundle(latin1)].map(([p, t]) => [p, new TextEncoder().encode(t)])),
      "scope.yaml": new Uint8Array([0x73, 0xe9, 0x0a]),
    });
    expect((await refused(bad)).detail).toBe("scope.yaml: not UTF-8 text.");
    const json = await a.client.post("/api/v1/programs/code/import", { folder: {} });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe("invalid_program_code");
  });

  it("a folder with a problem changes nothing even when most of it is a valid change", async () => {
    const files = edit({
      "program.yaml": withField(exported.get("program.yaml")!, "name", "Renamed"),
      "controls/ACC-02.md": withField(exported.get("controls/ACC-02.md")!, "status", "operating"),
      "controls/CUS-01.md": withField(exported.get("controls/CUS-01.md")!, "owner", "nobody@example.test"),
    });
    const body = await refused(files);
    expect(body.problems).toEqual([
      {
        file: "controls/CUS-01.md",
        line: 6,
        message: expect.stringContaining("owner nobody@example.test is not a member"),
      },
    ]);
  });
});
