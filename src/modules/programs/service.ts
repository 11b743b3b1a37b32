import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { periodProblem, periodWarnings } from "../../core/scoping.ts";
import type { Db } from "../../db/client.ts";
import { programInOrganization } from "../../db/programs.ts";
import { programControls, programs } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import {
  controlInputsChanged,
  controlsAdopted,
  controlsChanged,
  programArchived,
  programCreated,
  programRestored,
  programUpdated,
} from "./events.ts";
import {
  type CreateProgram,
  type Program,
  type ReportType,
  type Scope,
  scope as scopeSchema,
  type UpdateProgram,
} from "./schema.ts";

type ProgramRow = typeof programs.$inferSelect;

const toProgram = (p: ProgramRow, controlCount: number): Program => ({
  id: p.id,
  name: p.name,
  framework: p.framework,
  reportType: p.reportType as ReportType,
  asOfDate: p.asOfDate,
  windowStart: p.windowStart,
  windowEnd: p.windowEnd,
  categories: p.categories as Program["categories"],
  scope: scopeSchema.parse(p.scope),
  scopedAt: p.scopedAt,
  archivedAt: p.archivedAt,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  warnings: periodWarnings({
    reportType: p.reportType as ReportType,
    asOfDate: p.asOfDate,
    windowStart: p.windowStart,
    windowEnd: p.windowEnd,
  }),
  controlCount,
});

/** What the ledger keeps about a program: everything but timestamps. */
const ledgerView = (p: ProgramRow) => ({
  name: p.name,
  reportType: p.reportType,
  asOfDate: p.asOfDate,
  windowStart: p.windowStart,
  windowEnd: p.windowEnd,
  categories: p.categories,
  scope: p.scope,
  scopedAt: p.scopedAt,
});

/** Security is always in scope; the rest keep the order of the report. */
export function normalizeCategories(categories: readonly string[] | undefined): string[] {
  const chosen = new Set(["security", ...(categories ?? [])]);
  return loadContent()
    .categories.map((c) => c.id)
    .filter((id) => chosen.has(id));
}

function checkPeriod(p: Pick<ProgramRow, "reportType" | "asOfDate" | "windowStart" | "windowEnd">) {
  const problem = periodProblem({ ...p, reportType: p.reportType as ReportType });
  if (problem) throw badRequest("invalid_period", problem);
}

/** Library controls relevant to the categories (those satisfying at least one in-scope criterion). */
export function libraryControlsFor(categories: readonly string[]) {
  const content = loadContent();
  const chosen = new Set(categories);
  return content.controls.filter((c) => c.criteria.some((id) => chosen.has(content.criteriaById.get(id)!.category)));
}

export const loadProgram = programInOrganization;

/**
 * Copies library controls that the program does not have yet (all relevant ones, or the ids given) and returns
 * the keys added. A command: runs in the caller's change.
 */
export async function adoptLibraryControls(c: Change, program: ProgramRow, ids?: readonly string[]): Promise<string[]> {
  const tx = c.tx;
  const content = loadContent();
  if (ids) {
    const unknown = ids.filter((id) => !content.controlsById.has(id));
    if (unknown.length)
      throw badRequest("unknown_control", `These ids are not in the control library: ${unknown.join(", ")}.`);
  }
  const candidates = ids ? ids.map((id) => content.controlsById.get(id)!) : libraryControlsFor(program.categories);
  const existing = new Set(
    (
      await tx
        .select({ key: programControls.key })
        .from(programControls)
        .where(eq(programControls.programId, program.id))
    ).map((r) => r.key),
  );
  const fresh = candidates.filter((c) => !existing.has(c.id));
  if (fresh.length === 0) return [];
  await tx.insert(programControls).values(
    fresh.map((c) => ({
      id: newId(),
      organizationId: program.organizationId,
      programId: program.id,
      key: c.id,
      libraryId: c.id,
      name: c.name,
      description: c.description,
      ownerRole: c.ownerRole,
      frequency: c.frequency,
      natureType: c.nature.type,
      natureMode: c.nature.mode,
      evidence: [...c.evidence],
      guidance: c.guidance,
      policies: [...c.policies],
      criteria: [...c.criteria],
    })),
  );
  const keys = fresh.map((c) => c.id);
  await c.emit(controlsAdopted, { id: program.id, after: { controls: keys }, keys });
  await c.emit(controlsChanged, { programId: program.id, criteria: [...new Set(fresh.flatMap((f) => f.criteria))] });
  // Tests may already watch these controls, and evidence may name them in another program: start honest.
  await c.emit(controlInputsChanged, { programId: program.id, keys });
  return keys;
}

/** The organization a change writes for (program writes always belong to one). */
export function orgOf(c: Change): string {
  if (!c.organizationId) throw new Error("Program changes belong to an organization.");
  return c.organizationId;
}

export interface NewProgram extends CreateProgram {
  /** The scoping wizard is already finished (a program imported as code). */
  scoped?: boolean;
}

/** Creates a program (and, with adoptLibrary, its library controls). A command: runs in the caller's change. */
export async function createProgram(c: Change, input: NewProgram): Promise<ProgramRow> {
  const row: ProgramRow = {
    id: newId(),
    organizationId: orgOf(c),
    name: input.name,
    framework: "soc2",
    reportType: input.reportType,
    asOfDate: input.asOfDate ?? null,
    windowStart: input.windowStart ?? null,
    windowEnd: input.windowEnd ?? null,
    categories: normalizeCategories(input.categories),
    scope: scopeSchema.parse(input.scope ?? {}) as Scope & Record<string, unknown>,
    scopedAt: input.scoped ? c.now : null,
    archivedAt: null,
    createdAt: c.now,
    updatedAt: c.now,
  };
  checkPeriod(row);
  await c.tx.insert(programs).values(row);
  await c.emit(programCreated, { id: row.id, after: ledgerView(row) });
  if (input.adoptLibrary) await adoptLibraryControls(c, row);
  return row;
}

/**
 * Changes a program's fields, scope and scoping state (fields left undefined keep their value); new categories
 * move the readiness of the whole program. A command: runs in the caller's change.
 */
export async function updateProgram(c: Change, id: string, input: UpdateProgram): Promise<ProgramRow> {
  const { tx, emit } = c;
  const before = await loadProgram(tx, orgOf(c), id);
  const { scoped, categories, scope, adoptControlsFor, ...fields } = input;
  const next: ProgramRow = {
    ...before,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    categories: categories ? normalizeCategories(categories) : before.categories,
    scope: scope ? (scope as Scope & Record<string, unknown>) : before.scope,
    scopedAt: scoped === undefined ? before.scopedAt : scoped ? (before.scopedAt ?? c.now) : null,
    updatedAt: c.now,
  };
  checkPeriod(next);
  await tx
    .update(programs)
    .set({ ...next, id: undefined, organizationId: undefined, createdAt: undefined })
    .where(eq(programs.id, id));
  const categoriesChanged = before.categories.join() !== next.categories.join();
  await emit(programUpdated, { id, before: ledgerView(before), after: ledgerView(next), categoriesChanged });
  if (categoriesChanged) await emit(controlsChanged, { programId: id });
  if (adoptControlsFor?.length) {
    const outside = adoptControlsFor.filter((cat) => !next.categories.includes(cat));
    if (outside.length)
      throw badRequest(
        "category_not_in_scope",
        `Select ${outside.join(", ")} among the program's categories before adopting their controls.`,
      );
    await adoptLibraryControls(
      c,
      next,
      libraryControlsFor(adoptControlsFor).map((x) => x.id),
    );
  }
  return next;
}

export function createProgramsService({ db }: { db: Db }) {
  async function controlCounts(organizationId: string, ids: string[]) {
    if (ids.length === 0) return new Map<string, number>();
    const rows = await db
      .select({ programId: programControls.programId, n: count() })
      .from(programControls)
      .where(and(eq(programControls.organizationId, organizationId), inArray(programControls.programId, ids)))
      .groupBy(programControls.programId);
    return new Map(rows.map((r) => [r.programId, r.n]));
  }

  async function view(organizationId: string, p: ProgramRow) {
    return toProgram(p, (await controlCounts(organizationId, [p.id])).get(p.id) ?? 0);
  }

  return {
    async list(organizationId: string, includeArchived = false) {
      const where = [eq(programs.organizationId, organizationId)];
      if (!includeArchived) where.push(isNull(programs.archivedAt));
      const rows = await db
        .select()
        .from(programs)
        .where(and(...where))
        .orderBy(asc(programs.createdAt));
      const counts = await controlCounts(
        organizationId,
        rows.map((r) => r.id),
      );
      return { items: rows.map((r) => toProgram(r, counts.get(r.id) ?? 0)) };
    },

    async get(organizationId: string, id: string) {
      return view(organizationId, await loadProgram(db, organizationId, id));
    },

    async create(actor: OrgActor, input: CreateProgram) {
      const created = await change(db, actor, (c) => createProgram(c, input));
      return view(actor.organizationId, created);
    },

    async update(actor: OrgActor, id: string, input: UpdateProgram) {
      const updated = await change(db, actor, (c) => updateProgram(c, id, input));
      return view(actor.organizationId, updated);
    },

    async archive(actor: OrgActor, id: string, archived: boolean) {
      const row = await change(db, actor, async ({ tx, emit }) => {
        const before = await loadProgram(tx, actor.organizationId, id);
        const archivedAt = archived ? (before.archivedAt ?? new Date()) : null;
        await tx.update(programs).set({ archivedAt, updatedAt: new Date() }).where(eq(programs.id, id));
        await emit(archived ? programArchived : programRestored, { id });
        return { ...before, archivedAt };
      });
      return view(actor.organizationId, row);
    },

    async adopt(actor: OrgActor, id: string, ids?: readonly string[]) {
      return change(db, actor, async (c) => {
        const program = await loadProgram(c.tx, actor.organizationId, id);
        return { added: await adoptLibraryControls(c, program, ids) };
      });
    },
  };
}
