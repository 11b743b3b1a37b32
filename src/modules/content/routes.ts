import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  compareNatural,
  type Framework,
  frameworkCoverage,
  loadContent,
  mappingsByRequirement,
  requirementCoverage,
} from "../../content/index.ts";
import { programControls } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import { loadProgram } from "../programs/public.ts";
import { crosswalkCsv, crosswalkOscal, crosswalkRows } from "./crosswalk-export.ts";
import { controlsContent, criteriaContent, frameworkDetail, frameworkList } from "./schema.ts";

const programQuery = z.strictObject({ programId: z.uuid("Use the program id (a UUID).").optional() });

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "content" });
  /** Library ids of the program's applicable controls (what its coverage of other frameworks rests on). */
  async function programLibraryIds(organizationId: string, programId: string | undefined) {
    if (!programId) return null;
    await loadProgram(ctx.db, organizationId, programId);
    const rows = await ctx.db
      .select({ libraryId: programControls.libraryId })
      .from(programControls)
      .where(
        and(
          eq(programControls.organizationId, organizationId),
          eq(programControls.programId, programId),
          eq(programControls.applicable, true),
        ),
      );
    return rows.flatMap((r) => (r.libraryId ? [r.libraryId] : []));
  }

  route.get(
    "/content/criteria",
    {
      operationId: "listCriteria",
      summary: "The Trust Services Criteria: categories, series and the 61 criteria (summaries in our words)",
      access: "content.read",
      response: { 200: criteriaContent },
    },
    async () => {
      const c = loadContent();
      return { categories: [...c.categories], series: [...c.series], criteria: [...c.criteria] };
    },
  );

  route.get(
    "/content/controls",
    {
      operationId: "getControlLibrary",
      summary: "The control library and the policy index",
      access: "content.read",
      response: { 200: controlsContent },
    },
    async () => {
      const c = loadContent();
      return { domains: [...c.domains], controls: [...c.controls], policies: [...c.policies] };
    },
  );

  /** The framework and whose controls to map: a program's applicable controls, or every mapped library control. */
  async function crosswalkSubject(organizationId: string, frameworkId: string, programId: string | undefined) {
    const content = loadContent();
    const framework = content.frameworksById.get(frameworkId);
    if (!framework) throw notFound(`Framework ${frameworkId}`);
    const controlIds = (await programLibraryIds(organizationId, programId)) ?? Object.keys(framework.mappings);
    return { content, framework, controlIds };
  }

  const summary = (f: Framework, controlIds: Iterable<string>) => {
    const { covered, partial, total, parts } = frameworkCoverage(f, controlIds);
    const { id, name, version, description, reviewed } = f;
    return { id, name, version, description, reviewed, covered, partial, total, parts };
  };

  route.get(
    "/content/frameworks",
    {
      operationId: "listFrameworks",
      summary:
        "Crosswalked frameworks, with coverage (full and partial, per part) by a program's controls when programId is given",
      access: "content.read",
      query: programQuery,
      response: { 200: frameworkList },
    },
    async (req) => {
      const ids = await programLibraryIds(actorOf(req).organizationId, req.query.programId);
      const library = loadContent().controls.map((c) => c.id);
      return { items: loadContent().frameworks.map((f) => summary(f, ids ?? library)) };
    },
  );

  const frameworkParams = z.strictObject({ id: z.string().max(40) });

  route.get(
    "/content/frameworks/:id",
    {
      operationId: "getFramework",
      summary: "One framework's requirements, each with the controls mapped to it, their strength and rationale",
      access: "content.read",
      params: frameworkParams,
      query: programQuery,
      response: { 200: frameworkDetail },
    },
    async (req) => {
      const { framework: f, controlIds } = await crosswalkSubject(
        actorOf(req).organizationId,
        req.params.id,
        req.query.programId,
      );
      const byRequirement = mappingsByRequirement(f, controlIds);
      return {
        ...summary(f, controlIds),
        groups: f.groups,
        requirements: f.requirements.map((r) => {
          const mappings = (byRequirement.get(r.id) ?? [])
            .map(({ controlId, strength, rationale }) => ({ controlId, strength, rationale }))
            .sort((a, b) => compareNatural(a.controlId, b.controlId));
          return {
            ...r,
            coverage: requirementCoverage(mappings),
            controls: mappings.map((m) => m.controlId),
            mappings,
          };
        }),
      };
    },
  );

  route.get(
    "/content/frameworks/:id/crosswalk.csv",
    {
      operationId: "exportCrosswalkCsv",
      summary:
        "The crosswalk as CSV: one row per mapping with its strength and rationale (cells a spreadsheet would run as formulas are quoted)",
      access: "content.read",
      params: frameworkParams,
      query: programQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const { content, framework, controlIds } = await crosswalkSubject(
        actorOf(req).organizationId,
        req.params.id,
        req.query.programId,
      );
      return sendCsv(
        reply,
        `${framework.id}-crosswalk.csv`,
        crosswalkCsv(framework, crosswalkRows(content, framework, controlIds)),
      );
    },
  );

  route.get(
    "/content/frameworks/:id/mapping.json",
    {
      operationId: "exportCrosswalkOscal",
      summary: "The crosswalk as an OSCAL 1.2.1 mapping collection (our controls → the framework's requirements)",
      access: "content.read",
      params: frameworkParams,
      query: programQuery,
      errors: [409],
      response: { 200: z.looseObject({}) },
    },
    async (req, reply) => {
      const { content, framework, controlIds } = await crosswalkSubject(
        actorOf(req).organizationId,
        req.params.id,
        req.query.programId,
      );
      const rows = crosswalkRows(content, framework, controlIds);
      if (rows.length === 0)
        throw conflict(
          "no_mappings",
          `None of the program's applicable controls is mapped to ${framework.name}: an OSCAL mapping needs at least one.`,
        );
      const doc = crosswalkOscal(framework, rows, req.query.programId ?? "library");
      // A buffer bypasses the serializer: the document goes out exactly as built.
      const body = Buffer.from(`${JSON.stringify(doc, null, 2)}\n`);
      return sendDownload(reply, "application/json; charset=utf-8", `${framework.id}-mapping.json`, body);
    },
  );
}
