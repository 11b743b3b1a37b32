/**
 * (issue 5, bench a) Test evaluation throughput: 1,000,000 resource × test pairs (10,000 resources × 100 rules)
 * with rules compiled once, against a naive evaluator that walks the rule JSON and splits attribute paths on every
 * evaluation, in the same run, on one core.
 */
import { type Attributes, compileRule, parseRule, type Rule } from "../src/core/rules.ts";
import { type BenchResult, printResult } from "./lib.ts";

const RESOURCES = 10_000;
const TESTS = 100;

function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Realistic IAM-user-like resources. */
function resources(rnd: () => number): Attributes[] {
  return Array.from({ length: RESOURCES }, (_, i) => ({
    name: `user-${i}`,
    mfa_enabled: rnd() > 0.2,
    access_key_age_days: Math.floor(rnd() * 400),
    password_last_used: `2026-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-15`,
    groups: rnd() > 0.9 ? ["admins", "developers"] : ["developers"],
    tags: { env: rnd() > 0.5 ? "prod" : "staging", owner: rnd() > 0.3 ? "team-a" : undefined },
  }));
}

const TEMPLATES: ((n: number) => unknown)[] = [
  () => ({ attr: "mfa_enabled", op: "eq", value: true }),
  (n) => ({ attr: "access_key_age_days", op: "lte", value: 30 + (n % 90) }),
  () => ({ not: { attr: "groups", op: "contains", value: "admins" } }),
  () => ({
    all: [
      { attr: "tags.env", op: "eq", value: "prod" },
      { attr: "tags.owner", op: "exists" },
    ],
  }),
  (n) => ({
    any: [
      { attr: "password_last_used", op: "gte", value: `2026-0${1 + (n % 9)}-01` },
      { attr: "mfa_enabled", op: "eq", value: false },
    ],
  }),
  () => ({ attr: "name", op: "matches", value: "^user-[0-9]+$" }),
];

/** The baseline: interprets the rule tree on every call. */
function naive(rule: Rule, a: Attributes): boolean {
  if ("all" in rule) return rule.all.every((r) => naive(r, a));
  if ("any" in rule) return rule.any.some((r) => naive(r, a));
  if ("not" in rule) return !naive(rule.not, a);
  let v: unknown = a;
  for (const p of rule.attr.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  const x = rule.value;
  switch (rule.op) {
    case "eq":
      return v === x;
    case "neq":
      return v !== x;
    case "gt":
      return typeof v === typeof x && (v as number) > (x as number);
    case "gte":
      return typeof v === typeof x && (v as number) >= (x as number);
    case "lt":
      return typeof v === typeof x && (v as number) < (x as number);
    case "lte":
      return typeof v === typeof x && (v as number) <= (x as number);
    case "in":
      return (x as unknown[]).includes(v);
    case "contains":
      return Array.isArray(v) ? v.includes(x) : typeof v === "string" && v.includes(x as string);
    case "exists":
      return (v !== undefined && v !== null) === (x !== false);
    case "matches":
      return typeof v === "string" && new RegExp(x as string).test(v);
  }
}

export async function run(): Promise<BenchResult[]> {
  const rnd = prng(7);
  const rs = resources(rnd);
  const rules = Array.from({ length: TESTS }, (_, i) => parseRule(TEMPLATES[i % TEMPLATES.length]!(i)));
  const compiled = rules.map(compileRule);
  const pairs = RESOURCES * TESTS;

  const time = (fn: () => number) => {
    fn(); // warm-up
    const t0 = performance.now();
    const passes = fn();
    return { ms: performance.now() - t0, passes };
  };
  const fast = time(() => {
    let passes = 0;
    for (const p of compiled) for (const r of rs) if (p(r)) passes++;
    return passes;
  });
  const slow = time(() => {
    let passes = 0;
    for (const rule of rules) for (const r of rs) if (naive(rule, r)) passes++;
    return passes;
  });
  if (fast.passes !== slow.passes) throw new Error(`evaluators disagree: ${fast.passes} vs ${slow.passes}`);
  const perSec = pairs / (fast.ms / 1000);
  const naivePerSec = pairs / (slow.ms / 1000);
  return [
    {
      bench: `Test evaluation: ${pairs.toLocaleString("en-US")} resource × test pairs (${RESOURCES.toLocaleString("en-US")} resources × ${TESTS} rules), one core`,
      figures: [{ name: "compiled rules", value: perSec, unit: "evaluations/s", target: "≥ 1,000,000 evaluations/s" }],
      baseline: { name: "naive rule interpreter", value: naivePerSec, unit: "evaluations/s" },
      ratio: { value: perSec / naivePerSec, meaning: "compiled / naive throughput" },
      notes: [`${fast.passes.toLocaleString("en-US")} pairs pass; both evaluators agree`],
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
