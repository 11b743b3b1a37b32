/**
 * Custom tests without code: a declarative rule (src/core/rules.ts) on one resource type's attributes, given
 * as an object or as YAML/JSON text, validated on save (every problem, with where it is) and compiled once.
 * New tests start off; dry-run them, then turn them on. Deleting keeps their results' history.
 */

import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import YAML from "yaml";
import { loadContent } from "../../content/index.ts";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { parseRule, type Rule, RuleError } from "../../core/rules.ts";
import type { Severity } from "../../core/sla.ts";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { customTests, programControls } from "../../db/schema/index.ts";
import { compileCustomTest, customTestId } from "../../integrations/definitions.ts";
import { change } from "../../kernel/change.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import { dryRunOf } from "./checks.ts";
import { reevaluate } from "./evaluation.ts";
import { customTestCreated, customTestDeleted, customTestUpdated, testResultsMoved } from "./events.ts";
import type { CreateCustomTest, UpdateCustomTest } from "./schema.ts";
import { closeOpenIntervals } from "./sync/results.ts";

type Row = typeof customTests.$inferSelect;

/** A rule from an object or from YAML/JSON text; malformed rules leave as 400 `invalid_rule` with every issue. */
export function readRule(input: unknown, field = "rule"): Rule {
  let value = input;
  if (typeof input === "string") {
    const doc = YAML.parseDocument(input, { prettyErrors: false });
    if (doc.errors.length)
      throw badRequest("invalid_rule", `The ${field} is not valid YAML or JSON.`, {
        issues: doc.errors.map((e) => `${field}: ${e.message.split("\n")[0]}`),
      });
    value = doc.toJSON();
  }
  try {
    return parseRule(value);
  } catch (err) {
    if (err instanceof RuleError)
      throw badRequest("invalid_rule", `The ${field} is not valid: ${err.issues.join("; ")}`, {
        issues: err.issues.map((i) => `${field}: ${i}`),
      });
    throw err;
  }
}

async function checkControls(db: Db, organizationId: string, keys: readonly string[]) {
  const library = loadContent().controlsById;
  const others = keys.filter((k) => !library.has(k));
  if (!others.length) return;
  const found = new Set(
    (
      await db
        .selectDistinct({ key: programControls.key })
        .from(programControls)
        .where(and(eq(programControls.organizationId, organizationId), inArray(programControls.key, others)))
    ).map((r) => r.key),
  );
  const unknown = others.filter((k) => !found.has(k));
  if (unknown.length)
    throw badRequest(
      "unknown_control",
      `These controls are neither in the control library nor in any of your programs: ${unknown.join(", ")}.`,
    );
}

export const toCustomTestView = (r: Row) => ({
  id: r.id,
  testId: customTestId(r.key),
  key: r.key,
  title: r.title,
  description: r.description,
  resourceType: r.resourceType,
  severity: r.severity as Severity,
  rule: r.rule,
  appliesWhen: r.appliesWhen,
  ruleText: YAML.stringify(r.rule).trim(),
  remediation: r.remediation,
  controls: r.controls,
  enabled: r.enabled,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const ledgerView = (r: Row) => ({
  key: r.key,
  title: r.title,
  description: r.description,
  resourceType: r.resourceType,
  severity: r.severity,
  rule: r.rule,
  appliesWhen: r.appliesWhen,
  remediation: r.remediation,
  controls: r.controls,
  enabled: r.enabled,
});

export function createCustomTestsService({ db }: { db: Db }) {
  async function load(organizationId: string, id: string, tx: Db = db): Promise<Row> {
    const [r] = await tx
      .select()
      .from(customTests)
      .where(
        and(eq(customTests.id, id), eq(customTests.organizationId, organizationId), isNull(customTests.deletedAt)),
      );
    if (!r) throw notFound("The custom test");
    return r;
  }

  return {
    async list(organizationId: string) {
      const rows = await db
        .select()
        .from(customTests)
        .where(and(eq(customTests.organizationId, organizationId), isNull(customTests.deletedAt)))
        .orderBy(asc(customTests.key));
      return { items: rows.map(toCustomTestView) };
    },

    get: async (organizationId: string, id: string) => toCustomTestView(await load(organizationId, id)),

    async create(actor: OrgActor, input: CreateCustomTest) {
      const rule = readRule(input.rule);
      const appliesWhen = input.appliesWhen === null ? null : readRule(input.appliesWhen, "appliesWhen");
      await checkControls(db, actor.organizationId, input.controls);
      const now = new Date();
      const row: Row = {
        id: newId(),
        organizationId: actor.organizationId,
        key: input.key,
        title: input.title,
        description: input.description,
        resourceType: input.resourceType,
        severity: input.severity,
        rule,
        appliesWhen,
        remediation: input.remediation,
        controls: [...new Set(input.controls)],
        enabled: input.enabled,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      try {
        await change(db, actor, async ({ tx, emit }) => {
          await tx.insert(customTests).values(row);
          const results = row.enabled ? await reevaluate(tx, actor.organizationId, compileCustomTest(row), now) : null;
          // A new test names controls (with or without results yet): theirs are refreshed.
          await emit(customTestCreated, { id: row.id, after: { ...ledgerView(row), results } });
          await emit(testResultsMoved, { controls: {} });
        });
      } catch (err) {
        if (isUniqueViolation(err, "custom_tests_key"))
          throw conflict(
            "custom_test_key_taken",
            `A custom test with the key “${input.key}” exists (or existed) already.`,
          );
        throw err;
      }
      return toCustomTestView(row);
    },

    async update(actor: OrgActor, id: string, input: UpdateCustomTest) {
      const patch: Partial<Row> = { updatedAt: new Date() };
      if (input.rule !== undefined) patch.rule = readRule(input.rule);
      if (input.appliesWhen !== undefined)
        patch.appliesWhen = input.appliesWhen === null ? null : readRule(input.appliesWhen, "appliesWhen");
      if (input.controls !== undefined) {
        await checkControls(db, actor.organizationId, input.controls);
        patch.controls = [...new Set(input.controls)];
      }
      for (const k of ["title", "description", "resourceType", "severity", "remediation"] as const)
        if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
      return change(db, actor, async ({ tx, emit, now: at }) => {
        const before = await load(actor.organizationId, id, tx);
        const [after] = await tx.update(customTests).set(patch).where(eq(customTests.id, id)).returning();
        let results = null;
        if (after!.enabled) {
          // A new resource type: the old results no longer apply.
          if (after!.resourceType !== before.resourceType)
            await closeOpenIntervals(tx, actor.organizationId, { testIds: [customTestId(after!.key)] }, at);
          results = await reevaluate(tx, actor.organizationId, compileCustomTest(after!), at);
        }
        await emit(customTestUpdated, {
          id,
          before: ledgerView(before),
          after: { ...ledgerView(after!), results },
        });
        await emit(testResultsMoved, { controls: {} });
        return toCustomTestView(after!);
      });
    },

    async remove(actor: OrgActor, id: string) {
      await change(db, actor, async ({ tx, emit, now: at }) => {
        const before = await load(actor.organizationId, id, tx);
        await tx
          .update(customTests)
          .set({ deletedAt: at, enabled: false, updatedAt: at })
          .where(eq(customTests.id, id));
        const closed = await closeOpenIntervals(tx, actor.organizationId, { testIds: [customTestId(before.key)] }, at);
        await emit(customTestDeleted, { id, before: ledgerView(before), after: { resultsClosed: closed } });
        await emit(testResultsMoved, { controls: {} });
      });
    },

    /** Tries a rule that is not saved yet on the current resources of a type. */
    async dryRunRule(
      organizationId: string,
      input: { resourceType: string; rule: unknown; appliesWhen: unknown; limit: number },
    ) {
      const rule = readRule(input.rule);
      const appliesWhen = input.appliesWhen === null ? null : readRule(input.appliesWhen, "appliesWhen");
      const test = compileCustomTest({
        key: "dry-run",
        title: "Dry run",
        description: "",
        resourceType: input.resourceType,
        severity: "low",
        rule,
        appliesWhen,
        remediation: "",
        controls: [],
        enabled: true,
      });
      return dryRunOf(db, organizationId, test, input.limit, null);
    },
  };
}
