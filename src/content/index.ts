/**
 * SOC 2 content as data: the Trust Services Criteria, the control library, the policy index and the
 * crosswalks to other frameworks. The YAML files next to this module are the source; this module reads,
 * validates and cross-checks them once, and the rest of the app imports the result from here.
 */
import fs from "node:fs";
import path from "node:path";
import { buildContent, type Content, type ContentDocuments } from "./build.ts";
import { parseYaml, validateDocument } from "./parse.ts";
import type { DocumentKind, Framework } from "./schema.ts";

export type { Content, ContentDocuments, Located } from "./build.ts";
export { buildContent, checkContentDocuments } from "./build.ts";
export { compareCriterionIds, compareNatural } from "./order.ts";
export { ContentError, parseYaml, validateDocument } from "./parse.ts";
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
  FrameworkRequirement,
  LibraryControl,
  Policy,
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
} from "./schema.ts";

/** The folder holding the YAML content (this module's folder). */
export const CONTENT_DIR = import.meta.dirname;

function readDocument<K extends DocumentKind>(dir: string, kind: K, file: string) {
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  return { file, doc: validateDocument(kind, file, parseYaml(file, text)) };
}

function listYaml(dir: string, sub: string): string[] {
  return fs
    .readdirSync(path.join(dir, sub))
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => `${sub}/${name}`);
}

/** Reads and validates each document on its own (no cross-checks). Exposed for tests and tooling. */
export function readContentDocuments(dir: string = CONTENT_DIR): ContentDocuments {
  return {
    criteria: readDocument(dir, "criteria", "criteria/tsc-2017.yaml"),
    policies: readDocument(dir, "policies", "policies/index.yaml"),
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

export interface FrameworkCoverage {
  covered: number;
  total: number;
  /** Requirement ids no given control covers, in the framework's order. */
  uncovered: string[];
}

/** How many of a framework's requirements at least one of `controlIds` covers (unknown ids are ignored). */
export function frameworkCoverage(framework: Framework, controlIds: Iterable<string>): FrameworkCoverage {
  const covered = new Set<string>();
  for (const controlId of controlIds) {
    for (const requirementId of requirementsForControl(framework, controlId)) covered.add(requirementId);
  }
  const uncovered = framework.requirements.filter((r) => !covered.has(r.id)).map((r) => r.id);
  return { covered: framework.requirements.length - uncovered.length, total: framework.requirements.length, uncovered };
}

/** Requirement ids of `framework` that one control covers. */
export function requirementsForControl(framework: Framework, controlId: string): readonly string[] {
  return Object.hasOwn(framework.mappings, controlId) ? framework.mappings[controlId]! : [];
}
