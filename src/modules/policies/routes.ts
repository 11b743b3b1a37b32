import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { loadContent } from "../../content/index.ts";
import { slugify } from "../../core/slug.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import { AppError, badRequest, notFound } from "../../platform/errors.ts";
import { organizationLogo, organizationName } from "../organizations/public.ts";
import { personOfUser } from "../people/public.ts";
import {
  acceptPolicy,
  adoptTemplates,
  createPolicy,
  decide,
  markReviewed,
  publishVersion,
  saveDraft,
  submitForReview,
  updatePolicy,
  updateSettings,
} from "./commands.ts";
import { personAcceptancesCsv, personAcceptancesPdf, trackingCsv, trackingPdf, versionPdf } from "./exports.ts";
import { DOCX_TYPE, importedMarkdown, titleOf } from "./import.ts";
import {
  listPolicies,
  personAcceptances,
  policyDetail,
  portalItem,
  portalItems,
  tracking,
  versionDetail,
  versionDiff,
} from "./queries.ts";
import {
  adoptBody,
  changesBody,
  decisionBody,
  diffQuery,
  diffResult,
  draftBody,
  IMPORT_BYTES_LIMIT,
  importQuery,
  personAcceptances as personAcceptancesSchema,
  personParams,
  policyDetail as policyDetailSchema,
  policyList,
  policyParams,
  policyPatch,
  portalDetail,
  portalList,
  publishBody,
  settings,
  settingsBody,
  submitBody,
  trackingQuery,
  tracking as trackingSchema,
  version,
  versionParams,
} from "./schema.ts";
import { settingsOf } from "./store.ts";

const MARKDOWN_TYPE = "text/markdown";

const exportQuery = z.strictObject({ state: z.enum(["accepted", "outstanding"]).optional() });

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "policies" });
  const db = ctx.db;

  // Imported documents arrive as the file itself (Markdown or DOCX), for this module's routes only.
  app.addContentTypeParser(
    [DOCX_TYPE, MARKDOWN_TYPE],
    { parseAs: "buffer", bodyLimit: IMPORT_BYTES_LIMIT },
    (_req: FastifyRequest, body: Buffer, done) => done(null, body),
  );

  route.get(
    "/policies",
    {
      operationId: "listPolicies",
      summary: "The organization's policies: current and latest version, next review, acceptance, the settings",
      access: "policies.read",
      response: { 200: policyList },
    },
    async (req) => listPolicies(db, actorOf(req).organizationId),
  );

  route.get(
    "/policies/settings",
    {
      operationId: "getPolicySettings",
      summary: "The policy settings: independent approval, required acceptance share, due days, reminder interval",
      access: "policies.read",
      response: { 200: settings },
    },
    async (req) => settingsOf(db, actorOf(req).organizationId),
  );

  route.patch(
    "/policies/settings",
    {
      operationId: "updatePolicySettings",
      summary: "Change the policy settings",
      access: "policies.manage",
      body: settingsBody,
      response: { 200: settings },
    },
    async (req) => change(db, actorOf(req), (c) => updateSettings(c, req.body)),
  );

  route.post(
    "/policies/adopt",
    {
      operationId: "adoptPolicyTemplates",
      summary:
        "Adopt one, several or all policy templates: each becomes a policy with a first draft filled with the organization's values",
      access: "policies.manage",
      body: adoptBody,
      response: { 201: policyList },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const templateIds = req.body.all ? loadContent().policies.map((p) => p.id) : [...new Set(req.body.templateIds)];
      if (!templateIds.length) throw badRequest("no_templates", "Choose at least one template to adopt.");
      await change(db, actor, (c) => adoptTemplates(c, { ...req.body, templateIds }));
      return reply.code(201).send(await listPolicies(db, actor.organizationId));
    },
  );

  route.post(
    "/policies/import",
    {
      operationId: "importPolicy",
      summary:
        "Import an existing policy: send the file itself as text/markdown or a Word document (DOCX); it becomes a new policy whose first version is a draft",
      access: "policies.manage",
      query: importQuery,
      rawBody: {
        [MARKDOWN_TYPE]: z.string(),
        [DOCX_TYPE]: z.string().meta({ format: "binary" }),
      },
      bodyLimit: IMPORT_BYTES_LIMIT,
      errors: [413, 415],
      response: { 201: policyDetailSchema },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!Buffer.isBuffer(req.body))
        throw new AppError(
          415,
          "unsupported_file",
          "Send the policy as Markdown (text/markdown) or a Word document (application/vnd.openxmlformats-officedocument.wordprocessingml.document).",
        );
      const markdown = await importedMarkdown(req.body, type);
      const title = req.query.title ?? titleOf(markdown, "Imported policy");
      const p = await change(db, actor, (c) =>
        createPolicy(c, {
          title,
          body: markdown,
          ownerUserId: null,
          changeSummary: `Imported from a ${type === DOCX_TYPE ? "Word document" : "Markdown file"}.`,
        }),
      );
      return reply.code(201).send(await policyDetail(db, actor.organizationId, p.id));
    },
  );

  route.get(
    "/policies/:id",
    {
      operationId: "getPolicy",
      summary: "One policy with its versions (newest first), approvals and acceptance",
      access: "policies.read",
      params: policyParams,
      response: { 200: policyDetailSchema },
    },
    async (req) => policyDetail(db, actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/policies/:id",
    {
      operationId: "updatePolicy",
      summary: "Change a policy's title, owner, review cadence or audience",
      access: "policies.manage",
      params: policyParams,
      body: policyPatch,
      response: { 200: policyDetailSchema },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(db, actor, (c) => updatePolicy(c, req.params.id, req.body));
      return policyDetail(db, actor.organizationId, req.params.id);
    },
  );

  route.put(
    "/policies/:id/draft",
    {
      operationId: "savePolicyDraft",
      summary:
        "Save the draft: updates the open draft version, or starts a new one after the latest was published (409 while a version is in review or approved)",
      access: "policies.manage",
      params: policyParams,
      body: draftBody,
      response: { 200: version },
    },
    async (req) => {
      const actor = actorOf(req);
      const v = await change(db, actor, (c) => saveDraft(c, req.params.id, req.body));
      return versionDetail(db, actor.organizationId, req.params.id, v.id);
    },
  );

  route.get(
    "/policies/:id/diff",
    {
      operationId: "diffPolicyVersions",
      summary: "The line diff between two versions (by number): added, removed and unchanged parts in order",
      access: "policies.read",
      params: policyParams,
      query: diffQuery,
      response: { 200: diffResult },
    },
    async (req) => versionDiff(db, actorOf(req).organizationId, req.params.id, req.query),
  );

  route.post(
    "/policies/:id/reviewed",
    {
      operationId: "markPolicyReviewed",
      summary: "The owner reviewed the current version and keeps it: the next review date moves one cadence on",
      access: "policies.manage",
      params: policyParams,
      response: { 200: policyDetailSchema },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(db, actor, (c) => markReviewed(c, req.params.id));
      return policyDetail(db, actor.organizationId, req.params.id);
    },
  );

  const V = "/policies/:id/versions/:versionId";

  route.get(
    V,
    {
      operationId: "getPolicyVersion",
      summary: "One version with its Markdown body and approvals",
      access: "policies.read",
      params: versionParams,
      response: { 200: version },
    },
    async (req) => versionDetail(db, actorOf(req).organizationId, req.params.id, req.params.versionId),
  );

  route.get(
    `${V}/pdf`,
    {
      operationId: "exportPolicyVersionPdf",
      summary: "One version as an A4 PDF with the organization's name, its facts and the policy text",
      access: "policies.read",
      params: versionParams,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const { organizationId } = actorOf(req);
      const detail = await policyDetail(db, organizationId, req.params.id);
      const v = await versionDetail(db, organizationId, req.params.id, req.params.versionId);
      const pdf = await versionPdf({
        organization: await organizationName(db, organizationId),
        logo: (await organizationLogo(db, organizationId))?.bytes,
        title: detail.title,
        number: v.number,
        status: v.status,
        publishedAt: v.publishedAt,
        approvedBy: v.approvals.filter((a) => a.decision === "approved").map((a) => a.name),
        ownerName: detail.ownerName,
        nextReviewDate: detail.nextReviewDate,
        body: v.body,
      });
      return sendDownload(reply, "application/pdf", `${slugify(detail.title, "policy")}-v${v.number}.pdf`, pdf);
    },
  );

  route.post(
    `${V}/submit`,
    {
      operationId: "submitPolicyVersion",
      summary: "Send a draft for review to named approvers (never its author while independent approval is on)",
      access: "policies.manage",
      params: versionParams,
      body: submitBody,
      response: { 200: version },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(db, actor, (c) => submitForReview(c, req.params.id, req.params.versionId, req.body.approverIds));
      return versionDetail(db, actor.organizationId, req.params.id, req.params.versionId);
    },
  );

  route.post(
    `${V}/approve`,
    {
      operationId: "approvePolicyVersion",
      summary: "Approve a version you are named to approve; it is approved when every approver has",
      access: "policies.approve",
      params: versionParams,
      body: decisionBody,
      response: { 200: version },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(db, actor, (c) =>
        decide(c, req.params.id, req.params.versionId, "approved", req.body.comment ?? null),
      );
      return versionDetail(db, actor.organizationId, req.params.id, req.params.versionId);
    },
  );

  route.post(
    `${V}/request-changes`,
    {
      operationId: "requestPolicyChanges",
      summary: "Send a version in review back to draft with a comment saying what must change",
      access: "policies.approve",
      params: versionParams,
      body: changesBody,
      response: { 200: version },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(db, actor, (c) =>
        decide(c, req.params.id, req.params.versionId, "changes_requested", req.body.comment),
      );
      return versionDetail(db, actor.organizationId, req.params.id, req.params.versionId);
    },
  );

  route.post(
    `${V}/publish`,
    {
      operationId: "publishPolicyVersion",
      summary:
        "Publish an approved version to an audience (all staff, kinds, departments): it becomes current; a major version asks everyone in the audience to accept it",
      access: "policies.manage",
      params: versionParams,
      body: publishBody,
      response: { 200: policyDetailSchema },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(db, actor, (c) => publishVersion(c, req.params.id, req.params.versionId, req.body.audience));
      return policyDetail(db, actor.organizationId, req.params.id);
    },
  );

  route.get(
    "/policies/:id/acceptance",
    {
      operationId: "getPolicyAcceptance",
      summary: "Who was asked to accept the policy, who did (which version, when, from where), and the share",
      access: "policies.read",
      params: policyParams,
      query: trackingQuery,
      response: { 200: trackingSchema },
    },
    async (req) => tracking(db, actorOf(req).organizationId, req.params.id, req.query),
  );

  async function exportRows(organizationId: string, id: string, state: "accepted" | "outstanding" | undefined) {
    const first = await tracking(db, organizationId, id, { state, page: 1, pageSize: 1_000_000 });
    return { ...first, organization: await organizationName(db, organizationId) };
  }

  route.get(
    "/policies/:id/acceptance.csv",
    {
      operationId: "exportPolicyAcceptanceCsv",
      summary: "Proof of acceptance as CSV: one row per person asked, with when, which version and from where",
      access: "policies.read",
      params: policyParams,
      query: exportQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const t = await exportRows(actorOf(req).organizationId, req.params.id, req.query.state);
      return sendCsv(reply, `${slugify(t.title, "policy")}-acceptance.csv`, trackingCsv(t));
    },
  );

  route.get(
    "/policies/:id/acceptance.pdf",
    {
      operationId: "exportPolicyAcceptancePdf",
      summary: "Proof of acceptance as an A4 PDF for the auditor",
      access: "policies.read",
      params: policyParams,
      query: exportQuery,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const t = await exportRows(actorOf(req).organizationId, req.params.id, req.query.state);
      const logo = (await organizationLogo(db, actorOf(req).organizationId))?.bytes;
      return sendDownload(
        reply,
        "application/pdf",
        `${slugify(t.title, "policy")}-acceptance.pdf`,
        await trackingPdf({ ...t, logo }),
      );
    },
  );

  route.get(
    "/policies/people/:personId/acceptances",
    {
      operationId: "getPersonPolicyAcceptances",
      summary:
        "One person's policy acceptances: each version they were asked to accept, whether and when they accepted it (and from where), what is outstanding or overdue",
      access: "policies.read",
      params: personParams,
      response: { 200: personAcceptancesSchema },
    },
    async (req) => personAcceptances(db, actorOf(req).organizationId, req.params.personId),
  );

  route.get(
    "/policies/people/:personId/acceptances.csv",
    {
      operationId: "exportPersonPolicyAcceptancesCsv",
      summary: "One person's policy acceptances as CSV (one row per version they were asked to accept)",
      access: "policies.read",
      params: personParams,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const p = await personAcceptances(db, actorOf(req).organizationId, req.params.personId);
      return sendCsv(reply, `${slugify(p.fullName, "person")}-policy-acceptances.csv`, personAcceptancesCsv(p));
    },
  );

  route.get(
    "/policies/people/:personId/acceptances.pdf",
    {
      operationId: "exportPersonPolicyAcceptancesPdf",
      summary: "One person's policy acceptances as an A4 PDF for the auditor (with the organization's name and logo)",
      access: "policies.read",
      params: personParams,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const organizationId = actorOf(req).organizationId;
      const p = await personAcceptances(db, organizationId, req.params.personId);
      return sendDownload(
        reply,
        "application/pdf",
        `${slugify(p.fullName, "person")}-policy-acceptances.pdf`,
        await personAcceptancesPdf({
          ...p,
          organization: await organizationName(db, organizationId),
          logo: (await organizationLogo(db, organizationId))?.bytes,
        }),
      );
    },
  );

  // The employee portal: what the signed-in member, as a person of the directory, is asked to accept.
  async function me(req: FastifyRequest) {
    const actor = actorOf(req);
    const person = await personOfUser(db, actor.organizationId, actor.userId);
    return { actor, person };
  }

  route.get(
    "/portal/policies",
    {
      operationId: "listMyPolicies",
      summary: "The policies you are asked to accept (and those you accepted), as the person you are in the directory",
      access: "policies.acknowledge",
      response: { 200: portalList },
    },
    async (req) => {
      const { actor, person } = await me(req);
      if (!person) return { person: null, items: [] };
      return {
        person: { id: person.id, fullName: person.fullName },
        items: await portalItems(db, actor.organizationId, person.id),
      };
    },
  );

  route.get(
    "/portal/policies/:id",
    {
      operationId: "getMyPolicy",
      summary: "A policy you are asked to accept: its current text",
      access: "policies.acknowledge",
      params: policyParams,
      response: { 200: portalDetail },
    },
    async (req) => {
      const { actor, person } = await me(req);
      if (!person) throw notFound("A policy you are asked to accept");
      return portalItem(db, actor.organizationId, person.id, req.params.id);
    },
  );

  route.post(
    "/portal/policies/:id/accept",
    {
      operationId: "acceptMyPolicy",
      summary: "Accept a policy you are asked to accept: who, which version, when and from where go to the ledger",
      access: "policies.acknowledge",
      params: policyParams,
      response: { 200: portalDetail },
    },
    async (req) => {
      const { actor, person } = await me(req);
      if (!person) throw notFound("You are not in the people directory, so no policy asks you to accept it: a person");
      await change(db, actor, (c) =>
        acceptPolicy(c, req.params.id, person.id, {
          ip: req.ip ?? null,
          userAgent: req.headers["user-agent"] ?? null,
        }),
      );
      return portalItem(db, actor.organizationId, person.id, req.params.id);
    },
  );
}
