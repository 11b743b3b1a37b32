import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMarkdown, renderMarkdown } from "./documents.ts";
import { CONTROL_SECTIONS } from "./formats.ts";
import { type ControlModel, FORMAT, normalizeScope, type ProgramModel, text } from "./model.ts";
import { parseBundle } from "./parse.ts";
import { renderProgram } from "./render.ts";

/** The round trip as a property: whatever people write, rendering then parsing gives it back. */

const tricky = fc.constantFrom(
  "\n",
  "\r\n",
  "## Guidance",
  "## Narrative  ",
  "\\## Description",
  "\\\\## Guidance",
  "---",
  ": ",
  "# ",
  "- ",
  "yes",
  "null",
  "'",
  '"',
  "\\",
  "é",
  "\t",
  "   ",
  "{a: 1}",
  "*x",
  "&y",
);
const prose = fc
  .array(fc.oneof(tricky, fc.string({ maxLength: 20, unit: "grapheme" })), { maxLength: 12 })
  .map((parts) => text(parts.join("")));
const nonEmpty = (max: number) => prose.map((s) => s.slice(0, max).trim()).filter((s) => s.length > 0);

describe("Markdown sections", () => {
  it("read back exactly what was written, whatever the text", () => {
    fc.assert(
      fc.property(fc.array(prose, { minLength: 3, maxLength: 3 }), (texts) => {
        const sections = CONTROL_SECTIONS.map((s, i) => ({ heading: s.heading, text: texts[i]! }));
        const problems: { file: string; message: string }[] = [];
        const md = readMarkdown(
          "x.md",
          renderMarkdown({ key: "X" }, sections),
          ["Description", "Guidance", "Narrative"],
          problems,
        );
        expect(problems).toEqual([]);
        for (const s of sections) expect(md!.sections.get(s.heading)).toBe(s.text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the whole folder", () => {
  const control = fc.record({
    name: nonEmpty(300),
    description: nonEmpty(4000),
    guidance: prose,
    narrative: prose,
    statusReason: prose.map((s) => s.slice(0, 2000).trim()),
    evidence: fc.array(nonEmpty(200), { maxLength: 4 }),
    status: fc.constantFrom("not_started", "in_progress", "implemented", "operating", "needs_attention"),
    applicable: fc.boolean(),
  });

  it("parses back into the model it was rendered from", () => {
    fc.assert(
      fc.property(fc.array(control, { minLength: 1, maxLength: 4 }), nonEmpty(200), (controls, name) => {
        const model: ProgramModel = {
          program: {
            name,
            framework: "soc2",
            reportType: "type1",
            asOfDate: "2027-03-31",
            windowStart: null,
            windowEnd: null,
            categories: ["security"],
            scoped: true,
          },
          scope: normalizeScope({ services: name, boundaries: controls[0]!.narrative }),
          controls: controls.map(
            (c, i): ControlModel => ({
              key: `CUS-${i + 1}`,
              libraryId: null,
              name: c.name,
              description: c.description,
              guidance: c.guidance,
              narrative: c.narrative,
              ownerRole: "control_owner",
              owner: null,
              frequency: "monthly",
              natureType: "detective",
              natureMode: "automated",
              evidence: c.evidence,
              policies: [],
              criteria: ["CC1.1", "CC6.1"],
              applicable: c.applicable,
              notApplicableReason: c.applicable ? null : "Not used",
              status: c.status,
              statusReason: c.statusReason,
            }),
          ),
          assessment: [{ criterion: "CC1.1", answer: "yes", notes: controls[0]!.statusReason }],
          remediation: [],
        };
        const files = renderProgram(model);
        expect(files.get("program.yaml")).toContain(`format: ${FORMAT}`);
        const parsed = parseBundle(files);
        expect(parsed.problems).toEqual([]);
        expect(parsed.model).toEqual(model);
        expect(renderProgram(parsed.model!)).toEqual(files);
      }),
      { numRuns: 100 },
    );
  });
});
