import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { bulkEditRoutes } from "../../kernel/http/bulk-edit-routes.ts";
import { bulkControlsBody, createBulkControlsService } from "./bulk.ts";

/** Bulk edits of controls: a preview (writes nothing) and the apply, both for people who may update controls. */
export default async function bulkRoutes(app: ApiApp, ctx: AppContext) {
  bulkEditRoutes(app, {
    tag: "programs",
    segment: "controls",
    operation: "Control",
    one: "control",
    many: "controls",
    fields: "owner, frequency, status",
    access: "controls.update_own",
    body: bulkControlsBody,
    service: createBulkControlsService({ db: ctx.db }),
  });
}
