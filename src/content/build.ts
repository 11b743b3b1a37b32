import { compareCriterionIds } from "./order.ts";
import { ContentError } from "./parse.ts";
import { checkPolicyBody } from "./policy-templates.ts";
import type {
  ControlDomain,
  ControlFile,
  CriteriaFile,
  Criterion,
  Framework,
  FrameworkFile,
  LibraryControl,
  Policy,
  PolicyIndexFile,
  PolicyTemplateFile,
  TscCategory,
  TscSeries,
} from "./schema.ts";

/** A validated document and the path it came from, relative to the content folder (for messages). */
export interface Located<T> {
  file: string;
  doc: T;
}

/** Every content document, each already valid against its own schema. */
export interface ContentDocuments {
  criteria: Located<CriteriaFile>;
  policies: Located<PolicyIndexFile>;
  /** One Markdown template per policy, `policies/templates/<id>.md`. */
  templates: Located<PolicyTemplateFile>[];
  controls: Located<ControlFile>[];
  frameworks: Located<FrameworkFile>[];
}

export interface Content {
  categories: readonly TscCategory[];
  /** CC1…CC9, then A1, C1, PI1, P1…P8. */
  series: readonly TscSeries[];
  /** In natural order: CC1.1 … CC9.2, A1.1 …, C1.1 …, PI1.1 …, P1.1 … P8.1. */
  criteria: readonly Criterion[];
  domains: readonly ControlDomain[];
  /** By domain order, then id. */
  controls: readonly LibraryControl[];
  policies: readonly Policy[];
  frameworks: readonly Framework[];
  criteriaById: ReadonlyMap<string, Criterion>;
  controlsById: ReadonlyMap<string, LibraryControl>;
  policiesById: ReadonlyMap<string, Policy>;
  /** Policy id → its template (every policy has one). */
  policyTemplatesById: ReadonlyMap<string, PolicyTemplateFile>;
  /** Policy id → ids of the library controls that name it, in library order (derived, never written by hand). */
  controlsByPolicy: ReadonlyMap<string, readonly string[]>;
  frameworksById: ReadonlyMap<string, Framework>;
  /** Criterion id → the library controls that satisfy it (every criterion has at least one). */
  controlsByCriterion: ReadonlyMap<string, readonly LibraryControl[]>;
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

/** Reports each repeated id as `<file>: duplicate <what> "<id>"`; returns the set of ids. */
function duplicates(problems: string[], file: string, what: string, list: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  for (const id of list) {
    if (seen.has(id)) problems.push(`${file}: duplicate ${what} "${id}"`);
    seen.add(id);
  }
  return seen;
}

/**
 * Cross-checks the documents against each other; returns every problem found (empty when consistent).
 * Pure: works on in-memory documents, so tests can tamper with a copy.
 */
export function checkContentDocuments(docs: ContentDocuments): string[] {
  const problems: string[] = [];
  const { criteria: tsc, policies, controls, frameworks } = docs;

  const categoryIds = duplicates(problems, tsc.file, "category", ids(tsc.doc.categories));
  const seriesById = new Map(tsc.doc.series.map((s) => [s.id, s]));
  duplicates(problems, tsc.file, "series", ids(tsc.doc.series));
  for (const s of tsc.doc.series) {
    if (!categoryIds.has(s.category)) problems.push(`${tsc.file}: series ${s.id} has unknown category "${s.category}"`);
  }
  const criterionIds = duplicates(problems, tsc.file, "criterion", ids(tsc.doc.criteria));
  for (const c of tsc.doc.criteria) {
    const series = seriesById.get(c.series);
    if (!series) problems.push(`${tsc.file}: criterion ${c.id} has unknown series "${c.series}"`);
    else if (series.category !== c.category)
      problems.push(
        `${tsc.file}: criterion ${c.id} has category ${c.category} but series ${c.series} belongs to ${series.category}`,
      );
    if (!c.id.startsWith(`${c.series}.`))
      problems.push(`${tsc.file}: criterion ${c.id} does not belong to ${c.series}`);
  }
  for (const cat of tsc.doc.categories) {
    if (!tsc.doc.criteria.some((c) => c.category === cat.id))
      problems.push(`${tsc.file}: category ${cat.id} has no criteria`);
  }

  const policyIds = duplicates(problems, policies.file, "policy", ids(policies.doc.policies));

  const controlFile = new Map<string, string>();
  const usedCriteria = new Set<string>();
  const usedPolicies = new Set<string>();
  duplicates(
    problems,
    "controls/",
    "domain",
    controls.map((f) => f.doc.domain),
  );
  for (const { file, doc } of controls) {
    for (const control of doc.controls) {
      const earlier = controlFile.get(control.id);
      if (earlier) problems.push(`${file}: duplicate control id "${control.id}" (also in ${earlier})`);
      else controlFile.set(control.id, file);
      if (control.criteria.length === 0) problems.push(`${file}: control ${control.id} maps to no criterion`);
      for (const c of control.criteria) {
        if (criterionIds.has(c)) usedCriteria.add(c);
        else problems.push(`${file}: control ${control.id} references unknown criterion "${c}"`);
      }
      for (const p of control.policies) {
        if (policyIds.has(p)) usedPolicies.add(p);
        else problems.push(`${file}: control ${control.id} references unknown policy "${p}"`);
      }
    }
  }
  for (const c of tsc.doc.criteria) {
    if (!usedCriteria.has(c.id)) problems.push(`${tsc.file}: criterion ${c.id} is not satisfied by any control`);
  }
  for (const p of policies.doc.policies) {
    if (!usedPolicies.has(p.id)) problems.push(`${policies.file}: policy ${p.id} is not referenced by any control`);
  }
  problems.push(...checkTemplates(docs));

  duplicates(
    problems,
    "frameworks/",
    "framework",
    frameworks.map((f) => f.doc.id),
  );
  for (const { file, doc } of frameworks) {
    const base = file.split("/").pop();
    if (base !== `${doc.id}.yaml`) problems.push(`${file}: framework id "${doc.id}" does not match the file name`);
    const groupIds = duplicates(problems, file, "group", ids(doc.groups));
    const requirementIds = duplicates(problems, file, "requirement", ids(doc.requirements));
    const partIds = duplicates(problems, file, "part", ids(doc.parts ?? []));
    for (const g of doc.groups) {
      if (doc.parts && !g.part) problems.push(`${file}: group ${g.id} names no part`);
      else if (g.part && !partIds.has(g.part)) problems.push(`${file}: group ${g.id} has unknown part "${g.part}"`);
    }
    for (const r of doc.requirements) {
      if (!groupIds.has(r.group)) problems.push(`${file}: requirement ${r.id} has unknown group "${r.group}"`);
    }
    for (const [controlId, mappings] of Object.entries(doc.mappings)) {
      if (!controlFile.has(controlId)) problems.push(`${file}: mapping for unknown control "${controlId}"`);
      for (const { requirement } of mappings) {
        if (!requirementIds.has(requirement))
          problems.push(`${file}: control ${controlId} maps to unknown requirement "${requirement}"`);
      }
    }
  }
  return problems;
}

/** Each policy has exactly one template, named after it, whose body is sound (see checkPolicyBody). */
function checkTemplates({ policies, templates }: ContentDocuments): string[] {
  const problems: string[] = [];
  const titles = new Map(policies.doc.policies.map((p) => [p.id, p.title]));
  const withTemplate = new Set<string>();
  for (const { file, doc } of templates) {
    if (file.split("/").pop() !== `${doc.id}.md`) problems.push(`${file}: id "${doc.id}" does not match the file name`);
    if (withTemplate.has(doc.id)) problems.push(`${file}: duplicate template for policy "${doc.id}"`);
    withTemplate.add(doc.id);
    const title = titles.get(doc.id);
    if (title === undefined) problems.push(`${file}: id "${doc.id}" is not in ${policies.file}`);
    else for (const problem of checkPolicyBody(doc.body, title)) problems.push(`${file}: body ${problem}`);
  }
  for (const p of policies.doc.policies) {
    if (!withTemplate.has(p.id))
      problems.push(`${policies.file}: policy ${p.id} has no template policies/templates/${p.id}.md`);
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Cross-checks the documents and assembles the content; throws a ContentError listing every problem. */
export function buildContent(docs: ContentDocuments): Content {
  const problems = checkContentDocuments(docs);
  if (problems.length > 0) throw new ContentError(problems);

  const tsc = structuredClone(docs.criteria.doc);
  const categoryOrder = (id: string) => tsc.categories.findIndex((c) => c.id === id);
  const categories = [...tsc.categories].sort((a, b) => categoryOrder(a.id) - categoryOrder(b.id));
  const series = [...tsc.series].sort((a, b) => compareCriterionIds(a.id, b.id));
  const criteria = [...tsc.criteria].sort((a, b) => compareCriterionIds(a.id, b.id));

  const files = [...docs.controls].sort(
    (a, b) => a.doc.order - b.doc.order || a.doc.domain.localeCompare(b.doc.domain),
  );
  const domains: ControlDomain[] = files.map(({ doc: { controls: _, ...domain } }) => ({ ...domain }));
  const controls: LibraryControl[] = files.flatMap(({ doc }) =>
    doc.controls.map((c) => ({ ...structuredClone(c), domain: doc.domain })),
  );
  const policies = structuredClone(docs.policies.doc.policies);
  const frameworks = docs.frameworks.map((f) => structuredClone(f.doc)).sort((a, b) => a.id.localeCompare(b.id));

  const controlsByCriterion = new Map<string, LibraryControl[]>(criteria.map((c) => [c.id, []]));
  const controlsByPolicy = new Map<string, string[]>(policies.map((p) => [p.id, []]));
  for (const control of controls) {
    for (const c of control.criteria) controlsByCriterion.get(c)?.push(control);
    for (const p of control.policies) controlsByPolicy.get(p)?.push(control.id);
  }
  const policyTemplatesById = new Map(docs.templates.map((t) => [t.doc.id, structuredClone(t.doc)]));

  return deepFreeze({
    categories,
    series,
    criteria,
    domains,
    controls,
    policies,
    frameworks,
    criteriaById: new Map(criteria.map((c) => [c.id, c])),
    controlsById: new Map(controls.map((c) => [c.id, c])),
    policiesById: new Map(policies.map((p) => [p.id, p])),
    policyTemplatesById,
    controlsByPolicy,
    frameworksById: new Map(frameworks.map((f) => [f.id, f])),
    controlsByCriterion,
  });
}
