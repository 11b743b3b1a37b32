import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { addMonths } from "./commands.ts";
import { htmlToMarkdown, importedMarkdown } from "./import.ts";
import { rules } from "./policy.ts";
import { diffBodies } from "./queries.ts";
import { policyCheck } from "./routines.ts";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The smallest Word document mammoth reads: a heading, a paragraph with bold, and a list-less body. */
function docx(paragraphs: string): Buffer {
  const enc = (s: string) => new TextEncoder().encode(s);
  return Buffer.from(
    zipSync({
      "[Content_Types].xml": enc(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      ),
      "_rels/.rels": enc(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
      "word/document.xml": enc(
        `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`,
      ),
    }),
  );
}

describe("policy rules", () => {
  it("adds months, keeping to the end of shorter months", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2027-03-15", 12)).toBe("2028-03-15");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
  });

  it("refuses the author as approver only while independent approval is on", () => {
    expect(rules.approverProblem("u1", "u1", true)).toMatch(/independent approval/);
    expect(rules.approverProblem("u1", "u1", false)).toBeNull();
    expect(rules.approverProblem("u1", "u2", true)).toBeNull();
    const v = { status: "in_review" as const, authorUserId: "u1" };
    expect(rules.decideProblem({ userId: "u2", role: "employee" }, v, ["u2"], true)).toMatch(/Your role/);
    expect(rules.decideProblem({ userId: "u3", role: "admin" }, v, ["u2"], true)).toMatch(/not one of the approvers/);
    expect(rules.decideProblem({ userId: "u2", role: "control_owner" }, v, ["u2"], true)).toBeNull();
    expect(rules.decideProblem({ userId: "u2", role: "admin" }, { ...v, status: "draft" }, ["u2"], true)).toMatch(
      /not waiting/,
    );
  });

  it("says what a control check lacks: unpublished, under the share, past review, or met", () => {
    const base = {
      title: "Backup Policy",
      currentNumber: 2,
      publishedAt: new Date("2027-01-01T00:00:00Z"),
      nextReviewDate: "2028-01-01",
      requested: 100,
      accepted: 95,
    };
    expect(policyCheck({ ...base, currentNumber: null, publishedAt: null }, 95, "2027-06-01")).toMatchObject({
      state: "not_met",
      reason: expect.stringContaining("no published version"),
    });
    expect(policyCheck({ ...base, accepted: 94 }, 95, "2027-06-01")).toMatchObject({
      state: "not_met",
      reason: "94 of 100 people (94%) accepted the Backup Policy; 95% must. Remind the people who have not.",
    });
    expect(policyCheck(base, 95, "2027-06-01").state).toBe("met");
    expect(policyCheck(base, 95, "2028-01-02")).toMatchObject({ state: "lapsed", since: "2028-01-01T00:00:00.000Z" });
    expect(policyCheck({ ...base, requested: 0, accepted: 0 }, 95, "2027-06-01").state).toBe("met");
  });

  it("diffs versions line by line with counts", () => {
    const d = diffBodies("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(d).toMatchObject({ added: 2, removed: 1 });
    expect(d.parts.map((p) => p.kind)).toEqual(["unchanged", "removed", "added", "unchanged", "added"]);
  });

  it("marks the words that changed inside a reworded line, and not inside a rewritten one", () => {
    const d = diffBodies(
      "# Access\n\nReview user access every quarter and remove leavers within 24 hours.\n",
      "# Access\n\nReview user access every month and remove leavers within 8 hours.\n",
    );
    const [removed, added] = d.parts.filter((p) => p.kind !== "unchanged");
    const changed = (p: typeof removed) => p?.words?.filter((w) => w.kind !== "unchanged").map((w) => w.text);
    expect(changed(removed)).toEqual(["quarter", "24"]);
    expect(changed(added)).toEqual(["month", "8"]);
    // Each side's words spell out that side's text exactly.
    expect(removed!.words!.map((w) => w.text).join("")).toBe(removed!.text);
    expect(added!.words!.map((w) => w.text).join("")).toBe(added!.text);

    const rewritten = diffBodies("Laptops are encrypted.\n", "Staff complete training yearly.\n");
    expect(rewritten.parts.every((p) => p.words === undefined)).toBe(true);
  });

  it("turns mammoth's HTML into Markdown", () => {
    const md = htmlToMarkdown(
      '<h1>Access &amp; Control</h1><p>Use <strong>MFA</strong> and <a href="https://x.test">SSO</a>.</p><ul><li>One<ul><li>Sub</li></ul></li><li>Two</li></ul><ol><li>First</li></ol><table><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2|3</td></tr></table>',
    );
    expect(md).toBe(
      "# Access & Control\n\nUse **MFA** and [SSO](https://x.test).\n\n- One\n  - Sub\n- Two\n\n1. First\n\n| A | B |\n| --- | --- |\n| 1 | 2\\|3 |\n",
    );
  });

  it("reads a real DOCX and refuses what is not one", async () => {
    const ok = await importedMarkdown(
      docx(
        `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>House Rules</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Lock</w:t></w:r><w:r><w:t xml:space="preserve"> your screen.</w:t></w:r></w:p>`,
      ),
      DOCX,
    );
    expect(ok).toBe("# House Rules\n\n**Lock** your screen.\n");
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(importedMarkdown(png, DOCX)).rejects.toMatchObject({ status: 415, code: "unsupported_file" });
    const corrupt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]);
    await expect(importedMarkdown(corrupt, DOCX)).rejects.toMatchObject({ status: 415, code: "unsupported_file" });
    await expect(importedMarkdown(Buffer.alloc(0), DOCX)).rejects.toMatchObject({ status: 400, code: "empty_file" });
    await expect(importedMarkdown(png, "text/markdown")).rejects.toMatchObject({ status: 415 });
  });
});

const { ctx, app } = withTestApp();

describe("policy import over HTTP", () => {
  it("imports Markdown and DOCX as drafts, and refuses other files with 415", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const md = await client.request("POST", "/api/v1/policies/import", "# Clean Desk\n\nClear your desk.\n", {
      headers: { "content-type": "text/markdown" },
    });
    expect(md.statusCode, md.body).toBe(201);
    expect(md.json()).toMatchObject({ title: "Clean Desk", latestStatus: "draft", templateId: null });
    const word = await client.request(
      "POST",
      "/api/v1/policies/import?title=House%20rules",
      docx(`<w:p><w:r><w:t>Be kind.</w:t></w:r></w:p>`),
      { headers: { "content-type": DOCX } },
    );
    expect(word.statusCode, word.body).toBe(201);
    expect(word.json().title).toBe("House rules");
    const png = await client.request("POST", "/api/v1/policies/import", Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]), {
      headers: { "content-type": DOCX },
    });
    expect(png.json()).toMatchObject({ status: 415, code: "unsupported_file" });
    const pdf = await client.request("POST", "/api/v1/policies/import", Buffer.from("%PDF-1.4"), {
      headers: { "content-type": "application/pdf" },
    });
    expect(pdf.statusCode).toBe(415);
    const list = (await client.get("/api/v1/policies")).json();
    expect(list.items.map((p: { title: string }) => p.title).sort()).toEqual(["Clean Desk", "House rules"]);
  });
});
