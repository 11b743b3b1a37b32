/**
 * Tests as the engine runs them: catalogue tests (code, from connectors) and custom tests (declarative rules,
 * compiled once), with the organization's enabled state.
 */
import { and, eq, isNull } from "drizzle-orm";
import { compileRule, parseRule, type Rule } from "../core/rules.ts";
import type { Severity } from "../core/sla.ts";
import type { Db } from "../db/client.ts";
import { customTests, testSettings } from "../db/schema/index.ts";
import { catalogueTests } from "./registry.ts";
import type { Evaluation, EvaluationContext, ResourceInput } from "./types.ts";

export interface TestDefinition {
  id: string;
  title: string;
  description: string;
  resourceType: string;
  severity: Severity;
  controls: string[];
  remediation: string;
  source: "catalogue" | "custom";
  /** Catalogue tests only evaluate resources of their own connector; custom tests any of their resource type. */
  connectorType: string | null;
  enabled: boolean;
  evaluate(resource: ResourceInput, ctx: EvaluationContext): Evaluation;
}

export const CUSTOM_PREFIX = "custom.";
export const customTestId = (key: string) => `${CUSTOM_PREFIX}${key}`;

/** A rule in words, for reasons and previews: `mfa_enabled = true and not (tags.env = "sandbox")`. */
export function describeRule(rule: Rule): string {
  if ("all" in rule) return rule.all.map((r) => wrap(r)).join(" and ");
  if ("any" in rule) return rule.any.map((r) => wrap(r)).join(" or ");
  if ("not" in rule) return `not ${wrap(rule.not)}`;
  const v = JSON.stringify(rule.value);
  const ops: Record<string, string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };
  if (ops[rule.op]) return `${rule.attr} ${ops[rule.op]} ${v}`;
  if (rule.op === "in") return `${rule.attr} in ${v}`;
  if (rule.op === "contains") return `${rule.attr} contains ${v}`;
  if (rule.op === "matches") return `${rule.attr} matches /${rule.value}/`;
  return rule.value === false ? `${rule.attr} is absent` : `${rule.attr} is present`;
}
const wrap = (r: Rule) => ("attr" in r ? describeRule(r) : `(${describeRule(r)})`);

function attrPaths(rule: Rule, out = new Set<string>()): Set<string> {
  if ("all" in rule) for (const r of rule.all) attrPaths(r, out);
  else if ("any" in rule) for (const r of rule.any) attrPaths(r, out);
  else if ("not" in rule) attrPaths(rule.not, out);
  else out.add(rule.attr);
  return out;
}

function valueAt(attributes: Record<string, unknown>, path: string): unknown {
  let v: unknown = attributes;
  for (const p of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

export interface CustomTestRow {
  key: string;
  title: string;
  description: string;
  resourceType: string;
  severity: string;
  rule: unknown;
  appliesWhen: unknown;
  remediation: string;
  controls: string[];
  enabled: boolean;
}

/** Compiles a stored custom test (its rule was validated on save; parseRule checks it again, cheaply). */
export function compileCustomTest(row: CustomTestRow): TestDefinition {
  const rule = parseRule(row.rule);
  const holds = compileRule(rule);
  const applies = row.appliesWhen ? compileRule(parseRule(row.appliesWhen)) : null;
  const described = describeRule(rule);
  const paths = [...attrPaths(rule)].slice(0, 5);
  return {
    id: customTestId(row.key),
    title: row.title,
    description: row.description,
    resourceType: row.resourceType,
    severity: row.severity as Severity,
    controls: row.controls,
    remediation: row.remediation,
    source: "custom",
    connectorType: null,
    enabled: row.enabled,
    evaluate(resource) {
      if (applies && !applies(resource.attributes))
        return { status: "not_applicable", reason: "Outside the test's scope (its appliesWhen rule does not match)." };
      if (holds(resource.attributes)) return { status: "pass", reason: `Meets the rule: ${described}.` };
      const found = paths
        .map((p) => `${p} = ${JSON.stringify(valueAt(resource.attributes, p)) ?? "absent"}`)
        .join(", ");
      return { status: "fail", reason: `Does not meet the rule: ${described} (found ${found}).` };
    },
  };
}

/** Every test of the organization (catalogue and custom, deleted custom tests left out), enabled or not. */
export async function loadTests(db: Db, organizationId: string): Promise<TestDefinition[]> {
  const settings = new Map(
    (
      await db
        .select({ testId: testSettings.testId, enabled: testSettings.enabled })
        .from(testSettings)
        .where(eq(testSettings.organizationId, organizationId))
    ).map((s) => [s.testId, s.enabled]),
  );
  const catalogue: TestDefinition[] = [...catalogueTests().values()].map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    resourceType: t.resourceType,
    severity: t.severity,
    controls: [...t.controls],
    remediation: t.remediation,
    source: "catalogue",
    connectorType: t.connectorType,
    enabled: settings.get(t.id) ?? true,
    evaluate: t.evaluate,
  }));
  const custom = await db
    .select()
    .from(customTests)
    .where(and(eq(customTests.organizationId, organizationId), isNull(customTests.deletedAt)));
  return [...catalogue, ...custom.map(compileCustomTest)];
}

/** Runs one test on one resource; a test that throws reports `error` instead of stopping the sync. */
export function evaluateSafely(test: TestDefinition, resource: ResourceInput, ctx: EvaluationContext): Evaluation {
  try {
    return test.evaluate(resource, ctx);
  } catch (err) {
    return { status: "error", reason: `The test could not evaluate this resource: ${(err as Error).message}` };
  }
}
