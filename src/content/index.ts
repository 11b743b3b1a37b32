/**
 * SOC 2 content as data: the Trust Services Criteria, the control library, the policy index and the
 * crosswalks to other frameworks. The YAML files next to this module are the source; this module reads,
 * validates and cross-checks them once, and the rest of the app imports the result from here.
 */
import fs from "node:fs";
import path from "node:path";
import { buildContent, type Content, type ContentDocuments } from "./build.ts";
import { ContentError, parseYaml, validateDocument } from "./parse.ts";
import { splitFrontMatter } from "./policy-templates.ts";
import { type LibraryRisk, readRiskLibrary } from "./risk-library.ts";
import {
  COVERING_STRENGTHS,
  type DocumentKind,
  type Framework,
  type FrameworkMapping,
  type PolicyTemplateFile,
} from "./schema.ts";

export type { Content, ContentDocuments, Located } from "./build.ts";
export { buildContent, checkContentDocuments } from "./build.ts";
export { compareCriterionIds, compareNatural } from "./order.ts";
export { ContentError, parseYaml, validateDocument } from "./parse.ts";
export {
  checkPolicyBody,
  MIN_POLICY_STATEMENTS,
  POLICY_SECTIONS,
  PolicyRenderError,
  placeholders,
  renderPolicy,
  splitFrontMatter,
} from "./policy-templates.ts";
export {
  isPolicyVariable,
  POLICY_VARIABLE_NAMES,
  POLICY_VARIABLES,
  type PolicyVariableName,
  type PolicyVariables,
  policyVariableValues,
} from "./policy-variables.ts";
export type {
  ControlDomain,
  ControlFrequency,
  ControlNature,
  ControlNatureMode,
  ControlNatureType,
  ControlOwnerRole,
  Criterion,
  Framework,
  FrameworkGroup,
  FrameworkMapping,
  FrameworkPart,
  FrameworkRequirement,
  LibraryControl,
  MappingStrength,
  Policy,
  PolicyTemplateFile,
  TscCategory,
  TscCategoryId,
  TscSeries,
} from "./schema.ts";
export {
  CATEGORY_IDS,
  CONTROL_FREQUENCIES,
  CONTROL_NATURE_MODES,
  CONTROL_NATURE_TYPES,
  CONTROL_OWNER_ROLES,
  COVERING_STRENGTHS,
  MAPPING_STRENGTHS,
} from "./schema.ts";

/** The folder holding the YAML content (this module's folder). */
export const CONTENT_DIR = import.meta.dirname;

function readDocument<K extends DocumentKind>(dir: string, kind: K, file: string) {
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  return { file, doc: validateDocument(kind, file, parseYaml(file, text)) };
}

function listFiles(dir: string, sub: string, extension: string): string[] {
  return fs
    .readdirSync(path.join(dir, sub))
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => `${sub}/${name}`);
}
const listYaml = (dir: string, sub: string) => listFiles(dir, sub, ".yaml");

/** A Markdown policy template: YAML front matter (validated like any document) and the body after it. */
function readTemplate(dir: string, file: string) {
  const parts = splitFrontMatter(fs.readFileSync(path.join(dir, file), "utf8"));
  if (!parts)
    throw new ContentError([`${file}: no front matter (the file must start with "---", id and version, "---")`]);
  const front = validateDocument("template", file, parseYaml(file, parts.frontMatter));
  const doc: PolicyTemplateFile = { ...front, body: parts.body };
  return { file, doc };
}

/** Reads and validates each document on its own (no cross-checks). Exposed for tests and tooling. */
export function readContentDocuments(dir: string = CONTENT_DIR): ContentDocuments {
  return {
    criteria: readDocument(dir, "criteria", "criteria/tsc-2017.yaml"),
    policies: readDocument(dir, "policies", "policies/index.yaml"),
    templates: listFiles(dir, "policies/templates", ".md").map((file) => readTemplate(dir, file)),
    controls: listYaml(dir, "controls").map((file) => readDocument(dir, "controls", file)),
    frameworks: listYaml(dir, "frameworks").map((file) => readDocument(dir, "framework", file)),
  };
}

let cached: Content | undefined;

/**
 * Reads, validates and cross-checks all content once, then returns the same frozen object.
 * Throws a ContentError naming each bad file and id.
 */
export function loadContent(): Content {
  cached ??= buildContent(readContentDocuments());
  return cached;
}

/** How far a set of controls goes towards one requirement: a covering (equal or superset) mapping, only partial ones, or none. */
export type RequirementCoverage = "covered" | "partial" | "none";

export interface CoverageCounts {
  /** Requirements with at least one equal or superset mapping. */
  covered: number;
  /** Requirements with only subset or intersects mappings. */
  partial: number;
  total: number;
}

/** Coverage of one part of a framework (ISO 27001: clauses 4–10, Annex A). */
export interface PartCoverage extends CoverageCounts {
  id: string;
  name: string;
}

export interface FrameworkCoverage extends CoverageCounts {
  /** Requirement ids no given control maps to at all, in the framework's order. */
  uncovered: string[];
  /** Requirement ids the given controls cover only partly, in the framework's order. */
  partiallyCovered: string[];
  /** One entry per declared part, in order (empty when the framework has no parts). */
  parts: PartCoverage[];
}

/** A requirement is covered by an equal or superset mapping; subset and intersects alone cover it only partly. */
export function requirementCoverage(mappings: readonly Pick<FrameworkMapping, "strength">[]): RequirementCoverage {
  if (mappings.length === 0) return "none";
  return mappings.some((m) => COVERING_STRENGTHS.includes(m.strength)) ? "covered" : "partial";
}

/** Requirement id → the mappings of `controlIds` to it (unknown ids are ignored). */
export function mappingsByRequirement(
  framework: Framework,
  controlIds: Iterable<string>,
): Map<string, (FrameworkMapping & { controlId: string })[]> {
  const byRequirement = new Map<string, (FrameworkMapping & { controlId: string })[]>();
  for (const controlId of new Set(controlIds)) {
    for (const m of mappingsForControl(framework, controlId)) {
      const list = byRequirement.get(m.requirement) ?? [];
      list.push({ ...m, controlId });
      byRequirement.set(m.requirement, list);
    }
  }
  return byRequirement;
}

const counts = (states: readonly RequirementCoverage[]): CoverageCounts => ({
  covered: states.filter((s) => s === "covered").length,
  partial: states.filter((s) => s === "partial").length,
  total: states.length,
});

/** How many of a framework's requirements `controlIds` cover fully and partly, overall and per part. */
export function frameworkCoverage(framework: Framework, controlIds: Iterable<string>): FrameworkCoverage {
  const byRequirement = mappingsByRequirement(framework, controlIds);
  const state = new Map(framework.requirements.map((r) => [r.id, requirementCoverage(byRequirement.get(r.id) ?? [])]));
  const partOfGroup = new Map(framework.groups.map((g) => [g.id, g.part]));
  const idsWith = (s: RequirementCoverage) =>
    framework.requirements.filter((r) => state.get(r.id) === s).map((r) => r.id);
  return {
    ...counts([...state.values()]),
    uncovered: idsWith("none"),
    partiallyCovered: idsWith("partial"),
    parts: (framework.parts ?? []).map((part) => ({
      ...part,
      ...counts(
        framework.requirements.filter((r) => partOfGroup.get(r.group) === part.id).map((r) => state.get(r.id)!),
      ),
    })),
  };
}

/** The mappings of one control in `framework` (none for an unknown id). */
export function mappingsForControl(framework: Framework, controlId: string): readonly FrameworkMapping[] {
  return Object.hasOwn(framework.mappings, controlId) ? framework.mappings[controlId]! : [];
}
export { type Course, type CourseModule, loadCourses, type QuizQuestion, READING_WPM, wordCount } from "./training.ts";

let riskLibrary: readonly LibraryRisk[] | undefined;

/** The starter risk library, read and checked against the control library once. */
export function loadRiskLibrary(): readonly LibraryRisk[] {
  riskLibrary ??= Object.freeze(readRiskLibrary(CONTENT_DIR, new Set(loadContent().controlsById.keys())));
  return riskLibrary;
}
export type { LibraryRisk } from "./risk-library.ts";
