import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { incidents } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { conflict } from "../../platform/errors.ts";
import { attachGeneratedEvidence } from "../evidence/public.ts";
import { organizationLogo, organizationName } from "../organizations/public.ts";
import { controlLinkRoutes, existsIn } from "../registers/public.ts";
import {
  addObligation,
  addTimelineEntry,
  createIncident,
  createRemediationFromIncident,
  deleteIncident,
  deleteTabletop,
  deleteTimelineEntry,
  recordTabletop,
  removeObligation,
  setRemediationLinks,
  transitionIncident,
  updateIncident,
  updateObligation,
  updateTabletop,
} from "./commands.ts";
import { applyImport, importSummary, incidentTable, reviewImport } from "./import.ts";
import { exportIncidents, listIncidents, listTabletops, loadIncident, loadTabletop } from "./queries.ts";
import { incidentsCsv, postmortemPdf, tabletopPdf } from "./report.ts";
import { INCIDENT_CONTROLS } from "./routines.ts";
import {
  attachedEvidence,
  createBody,
  createRemediationBody,
  evidenceBody,
  exportQuery,
  incidentDetail,
  incidentList,
  linkRemediationBody,
  listQuery,
  obligationBody,
  obligationParams,
  obligationUpdate,
  tabletop,
  tabletopBody,
  tabletopList,
  tabletopQuery,
  tabletopUpdate,
  timelineBody,
  timelineEntryParams,
  transitionBody,
  updateBody,
} from "./schema.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "incidents" });
  const db = ctx.db;
  /** The incident as the API answers it, after a write. */
  const detail = (organizationId: string, id: string) => loadIncident(db, organizationId, id);
  /** Runs a write on the incident of the path in one change, then answers the incident as it now is. */
  const writeThen = async (req: FastifyRequest<{ Params: { id: string } }>, work: (c: Change) => Promise<unknown>) => {
    const actor = actorOf(req);
    await change(db, actor, work);
    return detail(actor.organizationId, req.params.id);
  };

  route.get(
    "/incidents",
    {
      operationId: "listIncidents",
      summary: "The incident register, newest detection first, with search and filters",
      access: "incidents.read",
      query: listQuery,
      response: { 200: incidentList },
    },
    async (req) => listIncidents(db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/incidents/export.csv",
    {
      operationId: "exportIncidentsCsv",
      summary: "The incidents the list's filters select, as CSV (no paging)",
      access: "incidents.read",
      query: exportQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const rows = await exportIncidents(db, actorOf(req).organizationId, req.query);
      return sendCsv(reply, "incidents.csv", incidentsCsv(rows));
    },
  );

  route.post(
    "/incidents",
    {
      operationId: "createIncident",
      summary: "Log an incident: it starts as detected",
      access: "incidents.manage",
      body: createBody,
      response: { 201: incidentDetail },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await change(db, actor, (c) => createIncident(c, req.body));
      return reply.code(201).send(await detail(actor.organizationId, row.id));
    },
  );

  await importRoutes(app, route, db, {
    path: "/incidents/import",
    operationIds: { preview: "previewIncidentImport", import: "importIncidents" },
    noun: "incident",
    access: "incidents.manage",
    spec: incidentTable,
    rowSchema: {},
    summarySchema: importSummary,
    review: reviewImport,
    apply: applyImport,
  });

  // Tabletop exercises (before /incidents/:id so the static path is plain to read).
  route.get(
    "/tabletop-exercises",
    {
      operationId: "listTabletopExercises",
      summary: "Tabletop exercises, most recent first",
      access: "incidents.read",
      query: tabletopQuery,
      response: { 200: tabletopList },
    },
    async (req) => listTabletops(db, actorOf(req).organizationId, req.query),
  );
  route.post(
    "/tabletop-exercises",
    {
      operationId: "recordTabletopExercise",
      summary: "Record a tabletop exercise: when, the scenario, who took part, findings and follow-ups",
      access: "incidents.manage",
      body: tabletopBody,
      response: { 201: tabletop },
    },
    async (req, reply) => reply.code(201).send(await change(db, actorOf(req), (c) => recordTabletop(c, req.body))),
  );
  route.get(
    "/tabletop-exercises/:id",
    {
      operationId: "getTabletopExercise",
      summary: "One tabletop exercise",
      access: "incidents.read",
      params: idParams,
      response: { 200: tabletop },
    },
    async (req) => loadTabletop(db, actorOf(req).organizationId, req.params.id),
  );
  route.patch(
    "/tabletop-exercises/:id",
    {
      operationId: "updateTabletopExercise",
      summary: "Change a tabletop exercise's record",
      access: "incidents.manage",
      params: idParams,
      body: tabletopUpdate,
      response: { 200: tabletop },
    },
    async (req) => change(db, actorOf(req), (c) => updateTabletop(c, req.params.id, req.body)),
  );
  route.delete(
    "/tabletop-exercises/:id",
    {
      operationId: "deleteTabletopExercise",
      summary: "Delete a tabletop exercise recorded by mistake",
      access: "incidents.manage",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await change(db, actorOf(req), (c) => deleteTabletop(c, req.params.id));
      return reply.code(204).send(null);
    },
  );

  route.get(
    "/incidents/:id",
    {
      operationId: "getIncident",
      summary: "One incident with its timeline, notification obligations, remediation items and where it may move",
      access: "incidents.read",
      params: idParams,
      response: { 200: incidentDetail },
    },
    async (req) => detail(actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/incidents/:id",
    {
      operationId: "updateIncident",
      summary:
        "Change an incident's details, post-mortem or times (the lifecycle times only once reached, and always in order)",
      access: "incidents.manage",
      params: idParams,
      body: updateBody,
      response: { 200: incidentDetail },
    },
    async (req) => writeThen(req, (c) => updateIncident(c, req.params.id, req.body)),
  );

  route.delete(
    "/incidents/:id",
    {
      operationId: "deleteIncident",
      summary: "Delete an incident logged by mistake, with its timeline, obligations and links, while still detected",
      description:
        "409 incident_in_progress once the incident moved on from detected: close it as not an incident instead.",
      access: "incidents.delete",
      params: idParams,
      response: { 204: z.null() },
      errors: [409],
    },
    async (req, reply) => {
      await change(db, actorOf(req), (c) => deleteIncident(c, req.params.id));
      return reply.code(204).send(null);
    },
  );

  route.post(
    "/incidents/:id/transition",
    {
      operationId: "transitionIncident",
      summary:
        "Move an incident forward in its lifecycle (states may be skipped forward and are recorded as skipped); moving back is refused",
      description:
        "409 already_in_status, transition_backwards, transition_refused, incident_closed or postmortem_incomplete when the move is not allowed; 400 times_out_of_order when `at` is before the last stamp.",
      access: "incidents.manage",
      params: idParams,
      body: transitionBody,
      response: { 200: incidentDetail },
      errors: [409],
    },
    async (req) => writeThen(req, (c) => transitionIncident(c, req.params.id, req.body)),
  );

  route.post(
    "/incidents/:id/timeline",
    {
      operationId: "addIncidentTimelineEntry",
      summary: "Add a timeline entry (at any status; may be back-dated to any time since detection)",
      access: "incidents.manage",
      params: idParams,
      body: timelineBody,
      response: { 201: incidentDetail },
    },
    async (req, reply) =>
      reply.code(201).send(await writeThen(req, (c) => addTimelineEntry(c, req.params.id, req.body))),
  );

  route.delete(
    "/incidents/:id/timeline/:entryId",
    {
      operationId: "deleteIncidentTimelineEntry",
      summary: "Delete a timeline entry: your own, or anyone's as an owner or admin",
      description:
        "403 for someone else's entry without incidents.delete; 409 system_entry for entries the system wrote.",
      access: "incidents.manage",
      params: timelineEntryParams,
      response: { 200: incidentDetail },
      errors: [409],
    },
    async (req) => writeThen(req, (c) => deleteTimelineEntry(c, req.params.id, req.params.entryId)),
  );

  route.post(
    "/incidents/:id/obligations",
    {
      operationId: "addIncidentObligation",
      summary: "Add a notification obligation: who must be told, on what basis, within how many hours of detection",
      access: "incidents.manage",
      params: idParams,
      body: obligationBody,
      response: { 201: incidentDetail },
    },
    async (req, reply) => reply.code(201).send(await writeThen(req, (c) => addObligation(c, req.params.id, req.body))),
  );
  route.patch(
    "/incidents/:id/obligations/:obligationId",
    {
      operationId: "updateIncidentObligation",
      summary: "Change an obligation, e.g. record when the notice went out",
      access: "incidents.manage",
      params: obligationParams,
      body: obligationUpdate,
      response: { 200: incidentDetail },
    },
    async (req) => writeThen(req, (c) => updateObligation(c, req.params.id, req.params.obligationId, req.body)),
  );
  route.delete(
    "/incidents/:id/obligations/:obligationId",
    {
      operationId: "removeIncidentObligation",
      summary: "Remove an obligation added by mistake",
      access: "incidents.manage",
      params: obligationParams,
      response: { 200: incidentDetail },
    },
    async (req) => writeThen(req, (c) => removeObligation(c, req.params.id, req.params.obligationId)),
  );

  route.put(
    "/incidents/:id/remediation",
    {
      operationId: "setIncidentRemediation",
      summary: "Link existing remediation items (of any of the organization's programs) to the incident",
      access: "incidents.manage",
      params: idParams,
      body: linkRemediationBody,
      response: { 200: incidentDetail },
    },
    async (req) => writeThen(req, (c) => setRemediationLinks(c, req.params.id, req.body.itemIds)),
  );
  route.post(
    "/incidents/:id/remediation",
    {
      operationId: "createIncidentRemediation",
      summary:
        "Turn an action item of the incident into a remediation item of a program's plan, linked to the incident",
      access: "incidents.manage",
      params: idParams,
      body: createRemediationBody,
      response: { 201: incidentDetail },
    },
    async (req, reply) =>
      reply.code(201).send(await writeThen(req, (c) => createRemediationFromIncident(c, req.params.id, req.body))),
  );

  route.get(
    "/incidents/:id/report.pdf",
    {
      operationId: "getIncidentReportPdf",
      summary: "The incident's post-mortem report as a PDF",
      access: "incidents.read",
      params: idParams,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const organizationId = actorOf(req).organizationId;
      const incident = await detail(organizationId, req.params.id);
      const pdf = await postmortemPdf(
        { organization: await organizationName(db, organizationId), incident },
        {
          logo: (await organizationLogo(db, organizationId))?.bytes,
        },
      );
      // Buffers bypass the serializer; the schema above documents the body for OpenAPI.
      return sendDownload(reply, "application/pdf", `${incident.ref}-post-mortem.pdf`, pdf);
    },
  );

  /** Attaches a generated PDF as evidence of `control`; 409 when no program has that control. */
  async function attach(
    req: FastifyRequest<{ Body: { programId?: string } }>,
    file: { fileName: string; bytes: Buffer },
    meta: { title: string; description: string; control: string; day: string },
  ) {
    const evidenceIds = await attachGeneratedEvidence(ctx, actorOf(req), [file], {
      title: meta.title,
      description: meta.description,
      controlKey: meta.control,
      programId: req.body.programId,
      effectiveFrom: meta.day,
      effectiveTo: meta.day,
      source: "manual",
    });
    if (!evidenceIds.length)
      throw conflict(
        "no_program_with_control",
        `No active program has ${meta.control}: add the control to a program (or name the program) first.`,
      );
    return { evidenceIds, control: meta.control, title: meta.title };
  }

  route.post(
    "/incidents/:id/evidence",
    {
      operationId: "attachIncidentPostmortem",
      summary: "Attach the post-mortem PDF of an incident whose post-mortem is done as evidence of INC-08",
      access: "incidents.manage",
      params: idParams,
      body: evidenceBody,
      response: { 201: attachedEvidence },
      errors: [409],
    },
    async (req, reply) => {
      const organizationId = actorOf(req).organizationId;
      const incident = await detail(organizationId, req.params.id);
      if (incident.status !== "postmortem_done" || !incident.postmortemAt)
        throw conflict(
          "postmortem_not_done",
          `${incident.ref}'s post-mortem is not done yet: mark it done first, then attach the report.`,
        );
      const bytes = await postmortemPdf(
        { organization: await organizationName(db, organizationId), incident },
        { logo: (await organizationLogo(db, organizationId))?.bytes },
      );
      const result = await attach(
        req,
        { fileName: `${incident.ref}-post-mortem.pdf`, bytes },
        {
          title: `Post-mortem of ${incident.ref}: ${incident.title}`,
          description: `Post-mortem of a ${incident.severity} incident, done ${incident.postmortemAt.toISOString().slice(0, 10)}.`,
          control: INCIDENT_CONTROLS.postmortem,
          day: incident.postmortemAt.toISOString().slice(0, 10),
        },
      );
      return reply.code(201).send(result);
    },
  );

  route.post(
    "/tabletop-exercises/:id/evidence",
    {
      operationId: "attachTabletopExercise",
      summary: "Attach a tabletop exercise's record (PDF) as evidence of INC-09",
      access: "incidents.manage",
      params: idParams,
      body: evidenceBody,
      response: { 201: attachedEvidence },
      errors: [409],
    },
    async (req, reply) => {
      const organizationId = actorOf(req).organizationId;
      const exercise = await loadTabletop(db, organizationId, req.params.id);
      const bytes = await tabletopPdf(
        { organization: await organizationName(db, organizationId), exercise },
        { logo: (await organizationLogo(db, organizationId))?.bytes },
      );
      const result = await attach(
        req,
        { fileName: `tabletop-exercise-${exercise.heldOn}.pdf`, bytes },
        {
          title: `Tabletop exercise of ${exercise.heldOn}`,
          description: exercise.scenario.slice(0, 500),
          control: INCIDENT_CONTROLS.testing,
          day: exercise.heldOn,
        },
      );
      return reply.code(201).send(result);
    },
  );

  controlLinkRoutes(route, db, {
    path: "/incidents",
    register: "incident",
    noun: "Incident",
    read: "incidents.read",
    write: "incidents.manage",
    exists: existsIn(incidents),
  });
}
