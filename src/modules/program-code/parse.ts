import { compareCriterionIds, loadContent } from "../../content/index.ts";
import { priorityOf } from "../../core/priority.ts";
import { periodProblem } from "../../core/scoping.ts";
import { normalizeCategories } from "../programs/public.ts";
import { scope as scopeSchema } from "../programs/schema.ts";
import { type Problem, readMarkdown, readYaml, type YamlFile, zodProblems } from "./documents.ts";
import {
  ASSESSMENT_FILE,
  assessmentFile,
  CONTROL_SECTIONS,
  CONTROLS_DIR,
  controlFront,
  declaredStatusOf,
  ITEM_SECTIONS,
  itemFront,
  PROGRAM_FILE,
  programFile,
  REMEDIATION_DIR,
  SCOPE_FILE,
} from "./formats.ts";
import {
  type AnswerModel,
  byKey,
  byRef,
  type ControlModel,
  criteriaSet,
  type ItemModel,
  naturalSet,
  normalizeScope,
  type ProgramModel,
  text,
} from "./model.ts";

/** Where a file names a person, so owners can be checked against the target organization with a line number. */
export interface OwnerRef {
  file: string;
  line?: number;
  email: string;
  kind: "control" | "item";
  id: string;
}

export interface Parsed {
  model: ProgramModel | null;
  problems: Problem[];
  /** Files that are not part of the layout (a README, …): left alone. */
  ignored: string[];
  owners: OwnerRef[];
}

const stem = (path: string) => path.slice(path.indexOf("/") + 1, -".md".length);

/**
 * Reads and validates a whole folder (path → text) without touching the database: YAML syntax, field values,
 * duplicate keys and refs, file names that disagree with ids, unknown criteria, policies and library controls,
 * remediation items linked to controls the folder does not have. Collects every problem; the model is null when
 * there is any.
 */
export function parseBundle(files: ReadonlyMap<string, string>): Parsed {
  const content = loadContent();
  const problems: Problem[] = [];
  const ignored: string[] = [];
  const owners: OwnerRef[] = [];
  const at = (file: string, doc: YamlFile, path: PropertyKey[], message: string) =>
    problems.push({ file, line: doc.lineOf(path), message });

  const yamlOf = (file: string) => {
    const source = files.get(file);
    if (source === undefined) {
      problems.push({
        file,
        message: `missing: every program folder has ${PROGRAM_FILE}, ${SCOPE_FILE} and ${ASSESSMENT_FILE}`,
      });
      return null;
    }
    return readYaml(file, source, problems);
  };

  // program.yaml
  const programDoc = yamlOf(PROGRAM_FILE);
  let program: ProgramModel["program"] | null = null;
  if (programDoc) {
    const r = programFile.safeParse(programDoc.value);
    if (!r.success) zodProblems(PROGRAM_FILE, programDoc, r.error, problems);
    else {
      const period = periodProblem(r.data);
      if (period) at(PROGRAM_FILE, programDoc, ["windowEnd"], period);
      program = {
        name: r.data.name,
        framework: "soc2",
        reportType: r.data.reportType,
        asOfDate: r.data.asOfDate,
        windowStart: r.data.windowStart,
        windowEnd: r.data.windowEnd,
        categories: normalizeCategories(r.data.categories),
        scoped: r.data.scoped,
      };
    }
  }
  const inScope = new Set(
    content.criteria.filter((c) => (program?.categories ?? ["security"]).includes(c.category)).map((c) => c.id),
  );
  const unknownCriteria = (file: string, doc: YamlFile, path: PropertyKey[], ids: readonly string[]) =>
    ids.forEach((id, i) => {
      if (!content.criteriaById.has(id))
        at(file, doc, [...path, i], `unknown Trust Services criterion "${id}": use ids like CC6.1 or A1.2`);
    });

  // scope.yaml
  const scopeDoc = yamlOf(SCOPE_FILE);
  let scope: ProgramModel["scope"] | null = null;
  if (scopeDoc) {
    const r = scopeSchema.safeParse(scopeDoc.value ?? {});
    if (!r.success) zodProblems(SCOPE_FILE, scopeDoc, r.error, problems);
    else {
      for (const [i, u] of r.data.userEntityControls.entries())
        unknownCriteria(SCOPE_FILE, scopeDoc, ["userEntityControls", i, "criteria"], u.criteria);
      scope = normalizeScope(r.data);
    }
  }

  // assessment.yaml
  const assessmentDoc = yamlOf(ASSESSMENT_FILE);
  let assessment: AnswerModel[] | null = null;
  if (assessmentDoc) {
    const r = assessmentFile.safeParse(assessmentDoc.value ?? {});
    if (!r.success) zodProblems(ASSESSMENT_FILE, assessmentDoc, r.error, problems);
    else {
      const seen = new Map<string, number>();
      r.data.answers.forEach((a, i) => {
        const where = ["answers", i, "criterion"];
        if (!content.criteriaById.has(a.criterion))
          at(ASSESSMENT_FILE, assessmentDoc, where, `unknown Trust Services criterion "${a.criterion}"`);
        else if (program && !inScope.has(a.criterion))
          at(ASSESSMENT_FILE, assessmentDoc, where, `${a.criterion} is outside the categories of program.yaml`);
        if (seen.has(a.criterion))
          at(
            ASSESSMENT_FILE,
            assessmentDoc,
            where,
            `${a.criterion} is answered twice (also answers[${seen.get(a.criterion)}])`,
          );
        seen.set(a.criterion, i);
      });
      assessment = r.data.answers
        .map((a) => ({ criterion: a.criterion, answer: a.answer, notes: text(a.notes) }))
        .sort((a, b) => compareCriterionIds(a.criterion, b.criterion));
    }
  }

  // controls/*.md and remediation/*.md
  const controls: ControlModel[] = [];
  const controlFiles = new Map<string, string>();
  const items: ItemModel[] = [];
  const itemFiles = new Map<string, string>();
  const itemLinks: { file: string; doc: YamlFile; controls: string[] }[] = [];
  for (const [file, source] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (file === PROGRAM_FILE || file === SCOPE_FILE || file === ASSESSMENT_FILE) continue;
    const dir = file.split("/")[0];
    if (dir !== CONTROLS_DIR && dir !== REMEDIATION_DIR) {
      ignored.push(file);
      continue;
    }
    if (file.split("/").length !== 2 || !file.endsWith(".md")) {
      problems.push({ file, message: `only Markdown files (<id>.md) belong directly in ${dir}/` });
      continue;
    }
    if (dir === CONTROLS_DIR) {
      const md = readMarkdown(
        file,
        source,
        CONTROL_SECTIONS.map((s) => s.heading),
        problems,
      );
      if (!md) continue;
      const r = controlFront.safeParse(md.front.value);
      const sections = sectionTexts(file, md.sections, CONTROL_SECTIONS, problems);
      if (!r.success) {
        zodProblems(file, md.front, r.error, problems);
        continue;
      }
      const c = r.data;
      const doc = md.front;
      if (stem(file) !== c.key)
        at(file, doc, ["key"], `key ${c.key} does not match the file name: name the file ${c.key}.md`);
      if (controlFiles.has(c.key))
        at(file, doc, ["key"], `duplicate control key ${c.key} (also in ${controlFiles.get(c.key)})`);
      controlFiles.set(c.key, file);
      if (c.libraryId !== null && !content.controlsById.has(c.libraryId))
        at(file, doc, ["libraryId"], `"${c.libraryId}" is not a control of the library: use a library id or null`);
      unknownCriteria(file, doc, ["criteria"], c.criteria);
      c.policies.forEach((p, i) => {
        if (!content.policiesById.has(p))
          at(
            file,
            doc,
            ["policies", i],
            `unknown policy "${p}": use one of ${[...content.policiesById.keys()].join(", ")}`,
          );
      });
      if (!c.applicable && !c.notApplicableReason)
        at(
          file,
          doc,
          ["applicable"],
          "a control that is not applicable needs a notApplicableReason an auditor can read",
        );
      if (c.applicable && c.notApplicableReason)
        at(
          file,
          doc,
          ["notApplicableReason"],
          "notApplicableReason is only for controls with applicable: false (use null)",
        );
      const declared = declaredStatusOf(c);
      if ("problem" in declared) at(file, doc, ["status"], declared.problem);
      if (c.owner) owners.push({ file, line: doc.lineOf(["owner"]), email: c.owner, kind: "control", id: c.key });
      if (!sections || "problem" in declared) continue;
      controls.push({
        key: c.key,
        libraryId: c.libraryId,
        name: c.name,
        description: sections.description!,
        guidance: sections.guidance!,
        narrative: sections.narrative!,
        ownerRole: c.ownerRole,
        owner: c.owner,
        frequency: c.frequency,
        natureType: c.nature.type,
        natureMode: c.nature.mode,
        evidence: c.evidence,
        policies: naturalSet(c.policies),
        criteria: criteriaSet(c.criteria),
        applicable: c.applicable,
        notApplicableReason: c.applicable ? null : text(c.notApplicableReason),
        status: declared.status,
        statusReason: c.statusReason,
      });
    } else {
      const md = readMarkdown(
        file,
        source,
        ITEM_SECTIONS.map((s) => s.heading),
        problems,
      );
      if (!md) continue;
      const r = itemFront.safeParse(md.front.value);
      const sections = sectionTexts(file, md.sections, ITEM_SECTIONS, problems);
      if (!r.success) {
        zodProblems(file, md.front, r.error, problems);
        continue;
      }
      const it = r.data;
      const doc = md.front;
      if (stem(file) !== it.ref)
        at(file, doc, ["ref"], `ref ${it.ref} does not match the file name: name the file ${it.ref}.md`);
      if (itemFiles.has(it.ref))
        at(file, doc, ["ref"], `duplicate remediation ref ${it.ref} (also in ${itemFiles.get(it.ref)})`);
      itemFiles.set(it.ref, file);
      const derived = priorityOf(it.likelihood, it.impact);
      if (it.priority && it.priority !== derived)
        at(
          file,
          doc,
          ["priority"],
          `priority follows from likelihood ${it.likelihood} × impact ${it.impact}: it is ${derived}, not ${it.priority} (fix it or remove the line)`,
        );
      unknownCriteria(file, doc, ["criteria"], it.criteria);
      itemLinks.push({ file, doc, controls: it.controls });
      if (it.owner) owners.push({ file, line: doc.lineOf(["owner"]), email: it.owner, kind: "item", id: it.ref });
      if (!sections) continue;
      items.push({
        ref: it.ref,
        title: it.title,
        gap: sections.gap!,
        rootCause: sections.rootCause!,
        action: sections.action!,
        monitoring: sections.monitoring!,
        likelihood: it.likelihood,
        impact: it.impact,
        owner: it.owner,
        dueDate: it.dueDate,
        status: it.status,
        source: it.source,
        criteria: criteriaSet(it.criteria),
        controls: naturalSet(it.controls),
        evidence: it.evidence,
      });
    }
  }
  for (const link of itemLinks)
    link.controls.forEach((key, i) => {
      if (!controlFiles.has(key))
        at(
          link.file,
          link.doc,
          ["controls", i],
          `links control ${key}, which is not in ${CONTROLS_DIR}/ (no ${key}.md)`,
        );
    });

  const model =
    problems.length === 0 && program && scope && assessment
      ? { program, scope, controls: controls.sort(byKey), assessment, remediation: items.sort(byRef) }
      : null;
  return { model, problems, ignored, owners };
}

type SectionSpec = { heading: string; field: string; max: number; required: boolean };

/** The texts of the sections by field name, or null with problems when one is too long or missing. */
function sectionTexts(
  file: string,
  sections: Map<string, string>,
  specs: readonly SectionSpec[],
  problems: Problem[],
): Record<string, string> | null {
  const out: Record<string, string> = {};
  let ok = true;
  for (const s of specs) {
    const value = text(sections.get(s.heading));
    if (s.required && !value) {
      problems.push({ file, message: `"## ${s.heading}" is missing or empty: write it under that heading` });
      ok = false;
    } else if (value.length > s.max) {
      problems.push({ file, message: `"## ${s.heading}" is ${value.length} characters long; the limit is ${s.max}` });
      ok = false;
    }
    out[s.field] = value;
  }
  return ok ? out : null;
}
