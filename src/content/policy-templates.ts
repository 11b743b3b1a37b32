/**
 * Policy templates: Markdown files with YAML front matter and `{{variable}}` placeholders. Pure functions
 * to split a file, list its placeholders, check its structure and render it; the loader (index.ts, build.ts)
 * reads the files and reports problems naming each file.
 */
import { isPolicyVariable, POLICY_VARIABLE_NAMES } from "./policy-variables.ts";

/** `{{ name }}`: anything between double braces, so that a misspelt name is reported rather than left as text. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The sections every template has, in this order, as `## <heading>`. */
export const POLICY_SECTIONS = [
  "Purpose",
  "Scope",
  "Roles and responsibilities",
  "Policy statements",
  "Exceptions",
  "Enforcement",
  "Review",
  "Revision history",
] as const;

/** Fewest numbered statements a template's "Policy statements" section holds. */
export const MIN_POLICY_STATEMENTS = 8;

/** Phrases that let a reader off the hook; a policy statement says who does what and when instead. */
const HEDGES =
  /\b(where (practical|practicable|possible|appropriate|feasible)|as appropriate|if possible|as needed|regularly|periodically)\b/i;

/** A template failed to render; `problems` names each unknown or missing variable. */
export class PolicyRenderError extends Error {
  readonly problems: readonly string[];
  constructor(templateId: string, problems: readonly string[]) {
    super(`Cannot render policy template ${templateId}: ${problems.join("; ")}`);
    this.name = "PolicyRenderError";
    this.problems = problems;
  }
}

/** Splits `---\n<yaml>\n---\n<markdown>`; null when the file has no front matter. */
export function splitFrontMatter(text: string): { frontMatter: string; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  return match ? { frontMatter: match[1]!, body: match[2]! } : null;
}

/** The distinct placeholder names a body uses, in order of first use (as written, possibly unknown). */
export function placeholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills every `{{name}}` in the template's body with `values[name]`. Throws a PolicyRenderError when
 * `values` names a variable outside POLICY_VARIABLES, when the body uses one, or when a used variable has
 * no value. Pure; callers wanting defaults pass `policyVariableValues(overrides)`.
 */
export function renderPolicy(template: { id: string; body: string }, values: Readonly<Record<string, string>>): string {
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!isPolicyVariable(name))
      problems.push(`unknown variable "${name}" given (allowed: ${POLICY_VARIABLE_NAMES.join(", ")})`);
  }
  for (const name of placeholders(template.body)) {
    if (!isPolicyVariable(name)) problems.push(`unknown variable {{${name}}} in the template`);
    else if (!values[name]?.trim()) problems.push(`missing value for {{${name}}}`);
  }
  if (problems.length > 0) throw new PolicyRenderError(template.id, problems);
  const out = template.body.replace(PLACEHOLDER, (_, name: string) => values[name]!);
  if (/\{\{|\}\}/.test(out)) throw new PolicyRenderError(template.id, ["unbalanced braces left after rendering"]);
  return out;
}

/** Structural problems of one template's body (empty when sound); `title` is the policy index's title. */
export function checkPolicyBody(body: string, title: string): string[] {
  const problems: string[] = [];
  const firstLine = body.trimStart().split("\n", 1)[0]!.trim();
  if (firstLine !== `# ${title}`) problems.push(`starts with "${firstLine}" instead of "# ${title}"`);
  const headings = [...body.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
  const missing = POLICY_SECTIONS.filter((s) => !headings.includes(s));
  if (missing.length > 0) problems.push(`missing sections: ${missing.join(", ")}`);
  else {
    const positions = POLICY_SECTIONS.map((s) => headings.indexOf(s));
    if (positions.some((at, i) => i > 0 && at < positions[i - 1]!))
      problems.push(`sections out of order (expected ${POLICY_SECTIONS.join(", ")})`);
  }
  const statements = section(body, "Policy statements").match(/^\d+\.\d+\.? /gm) ?? [];
  if (statements.length < MIN_POLICY_STATEMENTS)
    problems.push(
      `has ${statements.length} numbered policy statements ("1.1 …"), at least ${MIN_POLICY_STATEMENTS} expected`,
    );
  for (const name of placeholders(body)) {
    if (!isPolicyVariable(name)) problems.push(`uses unknown variable {{${name}}}`);
  }
  const hedge = HEDGES.exec(body);
  if (hedge) problems.push(`hedges with "${hedge[0]}": say who does what and when`);
  return problems;
}

/** The text of one `## heading` section, up to the next `## `. */
function section(body: string, heading: string): string {
  const start = body.indexOf(`\n## ${heading}\n`);
  if (start < 0) return "";
  const rest = body.slice(start + heading.length + 5);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}
