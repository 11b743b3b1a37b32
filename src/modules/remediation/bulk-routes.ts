import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { bulkEditRoutes } from "../../kernel/http/bulk-edit-routes.ts";
import { bulkItemsBody, createBulkItemsService } from "./bulk.ts";

/** Bulk edits of remediation items: a preview (writes nothing) and the apply, for people who work on items. */
export default async function bulkRoutes(app: ApiApp, ctx: AppContext) {
  bulkEditRoutes(app, {
    tag: "remediation",
    segment: "remediation",
    operation: "Remediation",
    one: "item",
    many: "remediation items",
    fields: "owner, due date, status",
    access: "remediation.update_own",
    body: bulkItemsBody,
    service: createBulkItemsService({ db: ctx.db }),
  });
}
