import type { AnswerModel, ControlModel, ItemModel, ProgramModel } from "./model.ts";

/** What an import would change, field by field (pure: the same function for the preview and the apply). */

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
export interface EntityChange {
  id: string;
  title: string;
  changes: FieldChange[];
}
export interface Listed {
  id: string;
  title: string;
}
export interface ImportDiff {
  program: { create: boolean; name: string; changes: FieldChange[] };
  scope: FieldChange[];
  controls: { added: Listed[]; changed: EntityChange[]; removed: Listed[] };
  remediation: { added: Listed[]; changed: EntityChange[]; removed: Listed[] };
  assessment: { added: Listed[]; changed: EntityChange[]; removed: Listed[] };
  unchanged: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldChanges<T extends object>(before: T, after: T, prefix = ""): FieldChange[] {
  return (Object.keys(after) as (keyof T & string)[])
    .filter((k) => !same(before[k], after[k]))
    .map((k) => ({ field: `${prefix}${k}`, before: before[k], after: after[k] }));
}

function entities<T>(before: readonly T[], after: readonly T[], id: (t: T) => string, title: (t: T) => string) {
  const old = new Map(before.map((b) => [id(b), b]));
  const now = new Set(after.map(id));
  const added: Listed[] = [];
  const changed: EntityChange[] = [];
  for (const a of after) {
    const b = old.get(id(a));
    if (!b) added.push({ id: id(a), title: title(a) });
    else {
      const changes = fieldChanges(b as object, a as object);
      if (changes.length) changed.push({ id: id(a), title: title(a), changes });
    }
  }
  const removed = before.filter((b) => !now.has(id(b))).map((b) => ({ id: id(b), title: title(b) }));
  return { added, changed, removed };
}

export function diffPrograms(current: ProgramModel | null, next: ProgramModel): ImportDiff {
  const empty: ProgramModel = {
    program: { ...next.program },
    scope: next.scope,
    controls: [],
    assessment: [],
    remediation: [],
  };
  const base = current ?? empty;
  const { components: beforeComponents, ...beforeScope } = base.scope;
  const { components: afterComponents, ...afterScope } = next.scope;
  const diff: ImportDiff = {
    program: {
      create: !current,
      name: next.program.name,
      changes: current ? fieldChanges(base.program, next.program) : [],
    },
    scope: current
      ? [...fieldChanges(beforeScope, afterScope), ...fieldChanges(beforeComponents, afterComponents, "components.")]
      : [],
    controls: entities<ControlModel>(
      base.controls,
      next.controls,
      (c) => c.key,
      (c) => c.name,
    ),
    remediation: entities<ItemModel>(
      base.remediation,
      next.remediation,
      (r) => r.ref,
      (r) => r.title,
    ),
    assessment: entities<AnswerModel>(
      base.assessment,
      next.assessment,
      (a) => a.criterion,
      (a) => a.answer,
    ),
    unchanged: false,
  };
  diff.unchanged =
    !diff.program.create &&
    diff.program.changes.length === 0 &&
    diff.scope.length === 0 &&
    (["controls", "remediation", "assessment"] as const).every(
      (k) => !diff[k].added.length && !diff[k].changed.length && !diff[k].removed.length,
    );
  return diff;
}

const SHORT = 60;
function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "(empty)";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  const one = s.replace(/\s+/g, " ");
  return one.length > SHORT
    ? `${JSON.stringify(one.slice(0, SHORT))}…`
    : typeof v === "string"
      ? JSON.stringify(one)
      : one;
}
const showChange = (c: FieldChange) => `${c.field}: ${show(c.before)} → ${show(c.after)}`;

/** The diff for people: one line per added, changed or removed record, the changed fields indented. */
export function formatDiff(d: ImportDiff): string {
  const out: string[] = [];
  out.push(d.program.create ? `+ new program "${d.program.name}"` : `program "${d.program.name}"`);
  for (const c of d.program.changes) out.push(`  ~ ${showChange(c)}`);
  if (d.scope.length) {
    out.push("scope");
    for (const c of d.scope) out.push(`  ~ ${showChange(c)}`);
  }
  const section = (label: string, s: ImportDiff["controls"]) => {
    const n = s.added.length + s.changed.length + s.removed.length;
    if (!n) return;
    out.push(`${label}: ${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed`);
    for (const a of s.added) out.push(`  + ${a.id} ${a.title}`);
    for (const c of s.changed) {
      out.push(`  ~ ${c.id} ${c.title}`);
      for (const f of c.changes) out.push(`      ${showChange(f)}`);
    }
    for (const r of s.removed) out.push(`  - ${r.id} ${r.title}`);
  };
  section("controls", d.controls);
  section("remediation items", d.remediation);
  section("self-assessment answers", d.assessment);
  if (d.unchanged) out.push("no changes: the program already matches the folder");
  return `${out.join("\n")}\n`;
}
