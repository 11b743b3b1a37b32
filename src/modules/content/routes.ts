import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { frameworkCoverage, loadContent, requirementsForControl } from "../../content/index.ts";
import { programControls } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, requires } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import { loadProgram } from "../programs/public.ts";
import { controlsContent, criteriaContent, frameworkDetail, frameworkList } from "./schema.ts";

const tags = ["content"];
const config = requires("content.read");
const programQuery = z.strictObject({ programId: z.uuid("Use the program id (a UUID).").optional() });

export default async function routes(app: ApiApp, ctx: AppContext) {
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

  app.get(
    "/content/criteria",
    {
      config,
      schema: {
        tags,
        summary: "The Trust Services Criteria: categories, series and the 61 criteria (summaries in our words)",
        response: { 200: criteriaContent, ...problems },
      },
    },
    async () => {
      const c = loadContent();
      return { categories: [...c.categories], series: [...c.series], criteria: [...c.criteria] };
    },
  );

  app.get(
    "/content/controls",
    {
      config,
      schema: {
        tags,
        summary: "The control library and the policy index",
        response: { 200: controlsContent, ...problems },
      },
    },
    async () => {
      const c = loadContent();
      return { domains: [...c.domains], controls: [...c.controls], policies: [...c.policies] };
    },
  );

  app.get(
    "/content/frameworks",
    {
      config,
      schema: {
        tags,
        summary: "Crosswalked frameworks, with coverage by a program's controls when programId is given",
        querystring: programQuery,
        response: { 200: frameworkList, ...problems },
      },
    },
    async (req) => {
      const ids = await programLibraryIds(actorOf(req).organizationId, req.query.programId);
      const library = loadContent().controls.map((c) => c.id);
      return {
        items: loadContent().frameworks.map((f) => {
          const { covered, total } = frameworkCoverage(f, ids ?? library);
          return { id: f.id, name: f.name, version: f.version, description: f.description, covered, total };
        }),
      };
    },
  );

  app.get(
    "/content/frameworks/:id",
    {
      config,
      schema: {
        tags,
        summary: "One framework's requirements, each with the controls that cover it",
        params: z.strictObject({ id: z.string().max(40) }),
        querystring: programQuery,
        response: { 200: frameworkDetail, ...problems },
      },
    },
    async (req) => {
      const f = loadContent().frameworksById.get(req.params.id);
      if (!f) throw notFound(`Framework ${req.params.id}`);
      const ids =
        (await programLibraryIds(actorOf(req).organizationId, req.query.programId)) ?? Object.keys(f.mappings);
      const byRequirement = new Map<string, string[]>();
      for (const id of ids)
        for (const r of requirementsForControl(f, id)) byRequirement.set(r, [...(byRequirement.get(r) ?? []), id]);
      const coverage = frameworkCoverage(f, ids);
      return {
        id: f.id,
        name: f.name,
        version: f.version,
        description: f.description,
        groups: f.groups,
        covered: coverage.covered,
        total: coverage.total,
        requirements: f.requirements.map((r) => ({ ...r, controls: byRequirement.get(r.id) ?? [] })),
      };
    },
  );
}
