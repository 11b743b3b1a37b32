import { and, eq, inArray } from "drizzle-orm";
import { compareCriterionIds, compareNatural } from "../../content/index.ts";
import type { Db } from "../../db/client.ts";
import { assessmentAnswers, programControls, programs, remediationItems, users } from "../../db/schema/index.ts";
import { type Scope, scope as scopeSchema } from "../programs/schema.ts";

/**
 * The program as code, in memory: what the folder holds, normalized so that rendering it and parsing the result
 * gives the same value back (the round trip). People are named by email (ids differ between organizations);
 * timestamps are left out (they would change the files without a change of content).
 */

export const FORMAT = "assay-program/v1";

export interface ProgramFields {
  name: string;
  framework: "soc2";
  reportType: "type1" | "type2";
  asOfDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  categories: string[];
  /** The scoping wizard was finished (the program's scopedAt is set). */
  scoped: boolean;
}

export interface ControlModel {
  key: string;
  libraryId: string | null;
  name: string;
  description: string;
  guidance: string;
  narrative: string;
  ownerRole: string;
  /** The owner's email, lower-cased; null when nobody owns the control. */
  owner: string | null;
  frequency: string;
  natureType: string;
  natureMode: string;
  evidence: string[];
  /** Sorted (a set). */
  policies: string[];
  /** Sorted in report order (a set). */
  criteria: string[];
  applicable: boolean;
  notApplicableReason: string | null;
  status: string;
  statusReason: string;
}

export interface ItemModel {
  ref: string;
  title: string;
  gap: string;
  rootCause: string;
  action: string;
  monitoring: string;
  likelihood: number;
  impact: number;
  owner: string | null;
  dueDate: string | null;
  status: string;
  source: string;
  criteria: string[];
  controls: string[];
  evidence: string[];
}

export interface AnswerModel {
  criterion: string;
  answer: "yes" | "partly" | "no";
  notes: string;
}

export interface ProgramModel {
  program: ProgramFields;
  scope: Scope;
  /** By key, natural order. */
  controls: ControlModel[];
  /** By criterion, report order. */
  assessment: AnswerModel[];
  /** By ref number. */
  remediation: ItemModel[];
}

/** Text as the files keep it: LF line endings, no surrounding blank space. */
export const text = (s: string | null | undefined) => (s ?? "").replace(/\r\n?/g, "\n").trim();
export const criteriaSet = (ids: readonly string[]) => [...new Set(ids)].sort(compareCriterionIds);
export const naturalSet = (ids: readonly string[]) => [...new Set(ids)].sort(compareNatural);
export const refNumber = (ref: string) => Number(ref.slice(2));
export const byRef = (a: { ref: string }, b: { ref: string }) => refNumber(a.ref) - refNumber(b.ref);
export const byKey = (a: { key: string }, b: { key: string }) => compareNatural(a.key, b.key);

/** Every string in a JSON-like value with LF line endings and trimmed (the scope is user text all the way down). */
function normalizeStrings<T>(value: T): T {
  if (typeof value === "string") return text(value) as T;
  if (Array.isArray(value)) return value.map(normalizeStrings) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeStrings(v)])) as T;
  return value;
}

/** The scope in the key order of its schema, criteria of user entity controls as sets. */
export function normalizeScope(input: unknown): Scope {
  const s = scopeSchema.parse(normalizeStrings(input ?? {}));
  return {
    services: s.services,
    commitments: s.commitments,
    systemRequirements: s.systemRequirements,
    components: {
      infrastructure: s.components.infrastructure,
      software: s.components.software,
      people: s.components.people,
      data: s.components.data,
      procedures: s.components.procedures,
    },
    boundaries: s.boundaries,
    subserviceOrganizations: s.subserviceOrganizations.map((o) => ({
      name: o.name,
      services: o.services,
      method: o.method,
      expectedControls: o.expectedControls,
    })),
    userEntityControls: s.userEntityControls.map((u) => ({
      description: u.description,
      criteria: criteriaSet(u.criteria),
    })),
  };
}

export type ProgramRow = typeof programs.$inferSelect;
export type ControlRow = typeof programControls.$inferSelect;
export type ItemRow = typeof remediationItems.$inferSelect;
export type AnswerRow = typeof assessmentAnswers.$inferSelect;
export interface PersonRow {
  id: string;
  name: string;
  email: string;
}

/** A program's rows, people referenced by them, and the model they make. */
export interface Current {
  row: ProgramRow;
  controls: ControlRow[];
  items: ItemRow[];
  answers: AnswerRow[];
  people: Map<string, PersonRow>;
  model: ProgramModel;
}

export function controlModel(c: ControlRow, email: (id: string | null) => string | null): ControlModel {
  return {
    key: c.key,
    libraryId: c.libraryId,
    name: text(c.name),
    description: text(c.description),
    guidance: text(c.guidance),
    narrative: text(c.narrative),
    ownerRole: c.ownerRole,
    owner: email(c.ownerUserId),
    frequency: c.frequency,
    natureType: c.natureType,
    natureMode: c.natureMode,
    evidence: c.evidence.map(text),
    policies: naturalSet(c.policies),
    criteria: criteriaSet(c.criteria),
    applicable: c.applicable,
    notApplicableReason: c.applicable ? null : text(c.notApplicableReason),
    status: c.status,
    statusReason: text(c.statusReason),
  };
}

export function itemModel(r: ItemRow, email: (id: string | null) => string | null): ItemModel {
  return {
    ref: r.ref,
    title: text(r.title),
    gap: text(r.gap),
    rootCause: text(r.rootCause),
    action: text(r.action),
    monitoring: text(r.monitoring),
    likelihood: r.likelihood,
    impact: r.impact,
    owner: email(r.ownerUserId),
    dueDate: r.dueDate,
    status: r.status,
    source: r.source,
    criteria: criteriaSet(r.criteria),
    controls: naturalSet(r.controls),
    evidence: r.evidence.map(text),
  };
}

/** Reads a program of the organization and turns it into the model (null when it does not exist there). */
export async function loadCurrent(db: Db, organizationId: string, programId: string): Promise<Current | null> {
  const [row] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, organizationId)));
  if (!row) return null;
  const controls = await db
    .select()
    .from(programControls)
    .where(and(eq(programControls.organizationId, organizationId), eq(programControls.programId, programId)));
  const items = await db
    .select()
    .from(remediationItems)
    .where(and(eq(remediationItems.organizationId, organizationId), eq(remediationItems.programId, programId)));
  const answers = await db
    .select()
    .from(assessmentAnswers)
    .where(and(eq(assessmentAnswers.organizationId, organizationId), eq(assessmentAnswers.programId, programId)));
  const ids = [
    ...new Set(
      [...controls.map((c) => c.ownerUserId), ...items.map((i) => i.ownerUserId)].filter((x): x is string => !!x),
    ),
  ];
  const people = new Map<string, PersonRow>();
  if (ids.length)
    for (const p of await db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(inArray(users.id, ids)))
      people.set(p.id, p);
  const email = (id: string | null) => (id ? (people.get(id)?.email.toLowerCase() ?? null) : null);
  const model: ProgramModel = {
    program: {
      name: text(row.name),
      framework: "soc2",
      reportType: row.reportType as ProgramFields["reportType"],
      asOfDate: row.asOfDate,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      categories: [...row.categories],
      scoped: row.scopedAt !== null,
    },
    scope: normalizeScope(row.scope),
    controls: controls.map((c) => controlModel(c, email)).sort(byKey),
    assessment: answers
      .map((a) => ({ criterion: a.criterionId, answer: a.answer as AnswerModel["answer"], notes: text(a.notes) }))
      .sort((a, b) => compareCriterionIds(a.criterion, b.criterion)),
    remediation: items.map((r) => itemModel(r, email)).sort(byRef),
  };
  return { row, controls, items, answers, people, model };
}
