import { describe, expect, it } from "vitest";
import {
  type ContentDocuments,
  ContentError,
  checkContentDocuments,
  loadContent,
  MIN_POLICY_STATEMENTS,
  POLICY_VARIABLE_NAMES,
  PolicyRenderError,
  parseYaml,
  policyVariableValues,
  readContentDocuments,
  renderPolicy,
  splitFrontMatter,
  validateDocument,
} from "./index.ts";

const content = loadContent();
const pristine = readContentDocuments();
const tampered = (edit: (docs: ContentDocuments) => void): string[] => {
  const docs = structuredClone(pristine);
  edit(docs);
  return checkContentDocuments(docs);
};
const templateOf = (docs: ContentDocuments, id: string) => docs.templates.find((t) => t.doc.id === id)!;

describe("policy templates", () => {
  it("exist for every policy a library control references, at least 25 of them", () => {
    const referenced = new Set(content.controls.flatMap((c) => c.policies));
    expect(referenced.size).toBeGreaterThanOrEqual(25);
    for (const id of referenced) expect(content.policyTemplatesById.has(id), `template for ${id}`).toBe(true);
    expect([...content.policyTemplatesById.keys()].sort()).toEqual(content.policies.map((p) => p.id).sort());
  });

  it("each map to the controls that name them, derived from the library", () => {
    for (const policy of content.policies) {
      const derived = content.controlsByPolicy.get(policy.id) ?? [];
      expect(derived.length, `controls for ${policy.id}`).toBeGreaterThan(0);
      expect(derived).toEqual(content.controls.filter((c) => c.policies.includes(policy.id)).map((c) => c.id));
    }
    expect(content.controlsByPolicy.get("password-authentication")).toContain("ACC-03");
  });

  it("all render with the default variables and leave no placeholder behind", () => {
    const values = policyVariableValues();
    for (const template of content.policyTemplatesById.values()) {
      const text = renderPolicy(template, values);
      expect(text, template.id).not.toMatch(/\{\{|\}\}/);
      expect(text, template.id).toContain(values.company_name);
      expect(text.startsWith(`# ${content.policiesById.get(template.id)!.title}\n`), template.id).toBe(true);
    }
  });

  it("fill the organization's values over the defaults", () => {
    const template = content.policyTemplatesById.get("access-control")!;
    const text = renderPolicy(template, policyVariableValues({ company_name: "Globex Ltd", policy_owner: "  " }));
    expect(text).toContain("Globex Ltd");
    expect(text).not.toContain("Example Company");
    expect(policyVariableValues({ policy_owner: "  " }).policy_owner).toBe("Head of Security");
  });
});

describe("renderPolicy", () => {
  const template = { id: "demo", body: "# Demo\n{{company_name}} is owned by {{ policy_owner }}.\n" };

  it("fills each placeholder, spaces inside the braces allowed", () => {
    expect(renderPolicy(template, { company_name: "Initech", policy_owner: "the CTO" })).toBe(
      "# Demo\nInitech is owned by the CTO.\n",
    );
  });

  it("refuses a variable it does not know, given or used", () => {
    expect(() => renderPolicy(template, { company_name: "A", policy_owner: "B", compnay: "C" })).toThrow(
      /unknown variable "compnay" given \(allowed: company_name, /,
    );
    const typo = { id: "typo", body: "Hello {{company_nme}}" };
    expect(() => renderPolicy(typo, policyVariableValues())).toThrow(
      "Cannot render policy template typo: unknown variable {{company_nme}} in the template",
    );
  });

  it("refuses a used variable without a value, listing every problem", () => {
    try {
      renderPolicy(template, { company_name: " " });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyRenderError);
      expect((error as PolicyRenderError).problems).toEqual([
        "missing value for {{company_name}}",
        "missing value for {{policy_owner}}",
      ]);
    }
  });

  it("refuses braces it cannot resolve instead of leaving them in the text", () => {
    for (const body of ["a {{ b", "a {{ {{company_name}}", "}} {{company_name}}"]) {
      expect(() => renderPolicy({ id: "x", body }, policyVariableValues()), body).toThrow(
        "Cannot render policy template x: unbalanced braces left after rendering",
      );
    }
  });

  it("has a default and a description for every variable", () => {
    const values = policyVariableValues();
    for (const name of POLICY_VARIABLE_NAMES) expect(values[name].length, name).toBeGreaterThan(0);
  });
});

describe("template checks", () => {
  it("accept the shipped templates", () => {
    expect(checkContentDocuments(pristine)).toEqual([]);
  });

  it("report a policy without a template, and a template for no policy or under the wrong name", () => {
    const problems = tampered((docs) => {
      docs.templates = docs.templates.filter((t) => t.doc.id !== "backup");
      templateOf(docs, "encryption").doc.id = "cryptography";
    });
    expect(problems).toContain("policies/index.yaml: policy backup has no template policies/templates/backup.md");
    expect(problems).toContain('policies/templates/encryption.md: id "cryptography" does not match the file name');
    expect(problems).toContain('policies/templates/encryption.md: id "cryptography" is not in policies/index.yaml');
  });

  it("report a body with a wrong title, a missing section, too few statements, a hedge or an unknown variable", () => {
    const problems = tampered((docs) => {
      const t = templateOf(docs, "backup").doc;
      t.body = t.body
        .replace(/^# .*$/m, "# Backups")
        .replace("## Exceptions\n", "## Exemptions\n")
        .replace(/^\d+\.\d+ /gm, "- ")
        .replace("## Purpose\n", "## Purpose\n\nBack up where practical. Ask {{backup_admin}}.\n");
    });
    const file = "policies/templates/backup.md: body";
    expect(problems).toContain(`${file} starts with "# Backups" instead of "# Backup Policy"`);
    expect(problems).toContain(`${file} missing sections: Exceptions`);
    expect(problems).toContain(
      `${file} has 0 numbered policy statements ("1.1 …"), at least ${MIN_POLICY_STATEMENTS} expected`,
    );
    expect(problems).toContain(`${file} uses unknown variable {{backup_admin}}`);
    expect(problems).toContain(`${file} hedges with "where practical": say who does what and when`);
  });

  it("report sections out of order", () => {
    const problems = tampered((docs) => {
      const t = templateOf(docs, "privacy").doc;
      t.body = t.body
        .replace("## Exceptions\n", "## (moved)\n")
        .replace("## Enforcement\n", "## Exceptions\n")
        .replace("## (moved)\n", "## Enforcement\n");
    });
    expect(problems).toEqual([
      "policies/templates/privacy.md: body sections out of order (expected Purpose, Scope, Roles and responsibilities, Policy statements, Exceptions, Enforcement, Review, Revision history)",
    ]);
  });

  it("name the file and field of bad front matter", () => {
    const parts = splitFrontMatter("---\nid: Backup Policy\nversion: one\n---\n# Backup Policy\n")!;
    expect(parts.body).toBe("# Backup Policy\n");
    expect(() =>
      validateDocument("template", "policies/templates/backup.md", parseYaml("x", parts.frontMatter)),
    ).toThrow(ContentError);
    try {
      validateDocument("template", "policies/templates/backup.md", parseYaml("x", parts.frontMatter));
    } catch (error) {
      const problems = (error as ContentError).problems;
      expect(problems.some((p) => p.startsWith("policies/templates/backup.md: ") && p.includes("id"))).toBe(true);
      expect(problems.some((p) => p.includes("version") && p.includes('version must look like "1.0"'))).toBe(true);
    }
    expect(splitFrontMatter("# no front matter\n")).toBeNull();
  });
});
