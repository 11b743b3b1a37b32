import { eq } from "drizzle-orm";
import { z } from "zod";
import { compareNatural, loadContent, policyVariableValues, renderPolicy } from "../../content/index.ts";
import { organizations } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { notFound } from "../../platform/errors.ts";
import { policyDetail, policyList } from "./policy-schema.ts";

/** One policy's index entry with the library controls that name it (derived from the control library), by id. */
function policySummary(id: string) {
  const content = loadContent();
  const policy = content.policiesById.get(id);
  if (!policy) throw notFound(`Policy ${id}`);
  const controls = [...(content.controlsByPolicy.get(id) ?? [])]
    .sort(compareNatural)
    .map((controlId) => ({ id: controlId, name: content.controlsById.get(controlId)!.name }));
  return { ...policy, controls };
}

/** The policy templates: built-in content, rendered for the signed-in organization. */
export default async function policyRoutes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "content" });

  route.get(
    "/content/policies",
    {
      operationId: "listPolicyTemplates",
      summary: "The policy templates, each with the library controls that reference it",
      access: "content.read",
      response: { 200: policyList },
    },
    async () => ({ items: loadContent().policies.map((p) => policySummary(p.id)) }),
  );

  route.get(
    "/content/policies/:id",
    {
      operationId: "getPolicyTemplate",
      summary: "One policy template rendered as Markdown, with the organization's name filled in",
      access: "content.read",
      params: z.strictObject({ id: z.string().max(80) }),
      response: { 200: policyDetail },
    },
    async (req) => {
      const summary = policySummary(req.params.id);
      const template = loadContent().policyTemplatesById.get(req.params.id)!;
      const [org] = await ctx.db
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, actorOf(req).organizationId));
      const variables = policyVariableValues({ company_name: org?.name });
      return { ...summary, version: template.version, markdown: renderPolicy(template, variables), variables };
    },
  );
}
