import { z } from "zod";
import type { OrgActor } from "../../core/actor.ts";
import { type BulkOutcome, bulkOutcome } from "../../core/bulk.ts";
import type { Action } from "../policies.ts";
import type { ApiApp } from "./api-app.ts";
import { actorOf } from "./request.ts";
import { routesFor } from "./route.ts";

/** What a module's bulk edit does: preview writes nothing; apply writes every change in one transaction. */
export interface BulkEditService<B> {
  preview(actor: OrgActor, programId: string, body: B): Promise<BulkOutcome>;
  apply(actor: OrgActor, programId: string, body: B): Promise<BulkOutcome>;
}

const programParams = z.strictObject({ programId: z.uuid("Use the program id (a UUID).") });

/**
 * The two routes of a bulk edit on a program's records (controls, remediation items):
 * `POST /programs/:programId/<segment>/bulk/preview` and `POST /programs/:programId/<segment>/bulk`.
 */
export function bulkEditRoutes<S extends z.ZodType>(
  app: ApiApp,
  spec: {
    tag: string;
    /** The path segment and the names: "controls", "Control" → previewBulkControlEdit; "control", "controls". */
    segment: string;
    operation: string;
    one: string;
    many: string;
    fields: string;
    access: Action;
    body: S;
    service: BulkEditService<z.infer<S>>;
  },
) {
  const route = routesFor(app, { tag: spec.tag });
  const { one, many } = spec;
  route.post(
    `/programs/:programId/${spec.segment}/bulk/preview`,
    {
      operationId: `previewBulk${spec.operation}Edit`,
      summary: `What a bulk edit of ${many} (${spec.fields}) would change on each one, which are unchanged and which you may not change; writes nothing`,
      access: spec.access,
      params: programParams,
      body: spec.body,
      response: { 200: bulkOutcome },
    },
    async (req) => spec.service.preview(actorOf(req), req.params.programId, req.body as z.infer<S>),
  );
  route.post(
    `/programs/:programId/${spec.segment}/bulk`,
    {
      operationId: `applyBulk${spec.operation}Edit`,
      summary: `Apply a bulk edit of ${many}: one ledger entry per changed ${one}, all in one transaction; ${many} you may not change are listed as refused and left as they are`,
      access: spec.access,
      params: programParams,
      body: spec.body,
      response: { 200: bulkOutcome },
    },
    async (req) => spec.service.apply(actorOf(req), req.params.programId, req.body as z.infer<S>),
  );
}
