/**
 * Declarative test rules on resource attributes, for custom tests written without code. A rule is plain JSON
 * (or YAML): validated once with zod, compiled once into a closure, then evaluated per resource with no parsing.
 *
 *   { all: [ { attr: "mfa_enabled", op: "eq", value: true }, { not: { attr: "tags.env", op: "eq", value: "sandbox" } } ] }
 */
import { z } from "zod";

export const RULE_OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "contains", "exists", "matches"] as const;
export type RuleOp = (typeof RULE_OPS)[number];

type Scalar = string | number | boolean | null;
export type Rule =
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule }
  | { attr: string; op: RuleOp; value?: Scalar | Scalar[] };

const MAX_DEPTH = 8;
const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const attrPath = z
  .string()
  .regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_0-9][\w-]*)*$/, "Use an attribute path like `mfa_enabled` or `tags.env`.");

/** One comparison on an attribute; `all`/`any`/`not` combine them (checked by `parseRule`, which names the path). */
const leafSchema = z
  .strictObject({ attr: attrPath, op: z.enum(RULE_OPS), value: z.union([scalar, z.array(scalar).max(200)]).optional() })
  .superRefine((r, ctx) => {
    const needsList = r.op === "in";
    const needsNone = r.op === "exists";
    if (needsNone && r.value !== undefined && typeof r.value !== "boolean")
      ctx.addIssue({ code: "custom", message: "`exists` takes no value, or true/false." });
    if (needsList && !Array.isArray(r.value)) ctx.addIssue({ code: "custom", message: "`in` needs a list of values." });
    if (!needsList && !needsNone && (r.value === undefined || Array.isArray(r.value)))
      ctx.addIssue({ code: "custom", message: `\`${r.op}\` needs a single value.` });
    if (["gt", "gte", "lt", "lte"].includes(r.op) && typeof r.value !== "number" && typeof r.value !== "string")
      ctx.addIssue({ code: "custom", message: `\`${r.op}\` compares with a number or an ISO date string.` });
    if (r.op === "matches") {
      if (typeof r.value !== "string")
        ctx.addIssue({ code: "custom", message: "`matches` needs a regular expression." });
      else
        try {
          new RegExp(r.value);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `Not a valid regular expression: ${(e as Error).message}` });
        }
    }
  });

export class RuleError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid rule: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

const COMBINATORS = ["all", "any"] as const;

/** Collects every problem of `input` as a rule, each with its path. */
function check(input: unknown, path: string, depth: number, issues: string[]) {
  const at = path ? `at ${path}: ` : "";
  if (depth > MAX_DEPTH) {
    issues.push(`${at}rules nest at most ${MAX_DEPTH} levels deep`);
    return;
  }
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    issues.push(`${at}a rule is an object with one of: all, any, not, attr`);
    return;
  }
  const keys = Object.keys(input);
  const o = input as Record<string, unknown>;
  for (const k of COMBINATORS)
    if (k in o) {
      if (keys.length > 1)
        issues.push(`${at}\`${k}\` stands alone (found also: ${keys.filter((x) => x !== k).join(", ")})`);
      const list = o[k];
      if (!Array.isArray(list) || list.length === 0 || list.length > 50)
        issues.push(`${at}\`${k}\` needs a list of 1 to 50 rules`);
      else for (const [i, r] of list.entries()) check(r, `${path ? `${path}.` : ""}${k}.${i}`, depth + 1, issues);
      return;
    }
  if ("not" in o) {
    if (keys.length > 1) issues.push(`${at}\`not\` stands alone`);
    check(o.not, `${path ? `${path}.` : ""}not`, depth + 1, issues);
    return;
  }
  const leaf = leafSchema.safeParse(input);
  if (!leaf.success)
    for (const i of leaf.error.issues) {
      const where = [path, ...i.path.map(String)].filter(Boolean).join(".");
      issues.push(`${where ? `at ${where}: ` : ""}${i.message}`);
    }
}

/** Validates unknown input as a rule; the error lists every problem with where it is. */
export function parseRule(input: unknown): Rule {
  const issues: string[] = [];
  check(input, "", 1, issues);
  if (issues.length) throw new RuleError(issues);
  return input as Rule;
}

export type Attributes = Record<string, unknown>;
export type Predicate = (attributes: Attributes) => boolean;

function getter(path: string): (a: Attributes) => unknown {
  const parts = path.split(".");
  if (parts.length === 1) return (a) => a[path];
  return (a) => {
    let v: unknown = a;
    for (const p of parts) {
      if (v === null || typeof v !== "object") return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

/** Numbers compare as numbers; strings (ISO dates sort lexically) as strings; anything else never matches. */
const comparable = (v: unknown, target: Scalar) =>
  (typeof v === "number" && typeof target === "number") || (typeof v === "string" && typeof target === "string");

function compileLeaf(r: Extract<Rule, { attr: string }>): Predicate {
  const get = getter(r.attr);
  const value = r.value as Scalar;
  switch (r.op) {
    case "eq":
      return (a) => get(a) === value;
    case "neq":
      return (a) => get(a) !== value;
    case "gt":
      return (a) => {
        const v = get(a);
        return comparable(v, value) && (v as number) > (value as number);
      };
    case "gte":
      return (a) => {
        const v = get(a);
        return comparable(v, value) && (v as number) >= (value as number);
      };
    case "lt":
      return (a) => {
        const v = get(a);
        return comparable(v, value) && (v as number) < (value as number);
      };
    case "lte":
      return (a) => {
        const v = get(a);
        return comparable(v, value) && (v as number) <= (value as number);
      };
    case "in": {
      const set = new Set(r.value as Scalar[]);
      return (a) => set.has(get(a) as Scalar);
    }
    case "contains":
      return (a) => {
        const v = get(a);
        if (Array.isArray(v)) return v.includes(value);
        return typeof v === "string" && typeof value === "string" && v.includes(value);
      };
    case "exists": {
      const want = r.value !== false;
      return (a) => (get(a) !== undefined && get(a) !== null) === want;
    }
    case "matches": {
      const re = new RegExp(value as string);
      return (a) => {
        const v = get(a);
        return typeof v === "string" && re.test(v);
      };
    }
  }
}

/** Compiles a validated rule into a predicate: no parsing or lookups by name left at evaluation time. */
export function compileRule(rule: Rule): Predicate {
  if ("all" in rule) {
    const parts = rule.all.map(compileRule);
    return (a) => parts.every((p) => p(a));
  }
  if ("any" in rule) {
    const parts = rule.any.map(compileRule);
    return (a) => parts.some((p) => p(a));
  }
  if ("not" in rule) {
    const inner = compileRule(rule.not);
    return (a) => !inner(a);
  }
  return compileLeaf(rule);
}
