import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
import { csvLine } from "./csv.ts";
import {
  ledgerExportQuery,
  ledgerFacets,
  ledgerList,
  ledgerListQuery,
  publicKeyResponse,
  verifyBody,
  verifyResult,
} from "./schema.ts";
import { createLedgerService, type LedgerRow } from "./service.ts";

const tags = ["ledger"];
const CSV_COLUMNS = [
  "seq",
  "at",
  "actor_type",
  "actor_id",
  "actor_label",
  "action",
  "entity_type",
  "entity_id",
  "changes",
  "request_id",
  "prev_hash",
  "hash",
] as const;
const csvRow = (r: LedgerRow) =>
  csvLine([
    r.seq,
    r.at,
    r.actorType,
    r.actorId,
    r.actorLabel,
    r.action,
    r.entityType,
    r.entityId,
    r.changes,
    r.requestId,
    r.prevHash,
    r.hash,
  ]);

export default async function routes(app: ApiApp, ctx: AppContext) {
  const ledger = createLedgerService({ db: ctx.db, keys: ctx.keys });

  app.get(
    "/ledger",
    {
      config: { access: { action: "ledger.read" } },
      schema: {
        tags,
        summary: "Activity: the organization's ledger entries, newest first, with filters",
        querystring: ledgerListQuery,
        response: { 200: ledgerList, ...problems },
      },
    },
    async (req) => ledger.list(actorOf(req).organizationId, req.query),
  );

  app.get(
    "/ledger/facets",
    {
      config: { access: { action: "ledger.read" } },
      schema: {
        tags,
        summary: "Distinct actions, entity types and actors in the ledger (for filter menus)",
        response: { 200: ledgerFacets, ...problems },
      },
    },
    async (req) => ledger.facets(actorOf(req).organizationId),
  );

  app.get(
    "/ledger/export.csv",
    {
      config: { access: { action: "ledger.read" } },
      schema: {
        tags,
        summary: "The filtered ledger as CSV (streamed; cells that a spreadsheet would run as formulas are quoted)",
        querystring: ledgerExportQuery,
        produces: ["text/csv"],
        response: { 200: z.string().describe("CSV with a header row"), ...problems },
      },
    },
    async (req, reply) => {
      const { organizationId } = actorOf(req);
      const pages = ledger.stream(organizationId, req.query);
      // Pull the first page before answering so a database error still becomes a problem+json response.
      const first = await pages.next();
      const [org] = await ctx.db
        .select({ slug: organizations.slug })
        .from(organizations)
        .where(eq(organizations.id, organizationId));
      async function* lines() {
        yield csvLine(CSV_COLUMNS);
        if (first.done) return;
        yield first.value.map(csvRow).join("");
        for await (const page of pages) yield page.map(csvRow).join("");
      }
      const day = new Date().toISOString().slice(0, 10);
      return (
        reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="assay-activity-${org?.slug ?? "org"}-${day}.csv"`)
          .header("cache-control", "no-store")
          // Streams bypass the serializer; the string schema above documents the body for OpenAPI.
          .send(Readable.from(lines()) as unknown as string)
      );
    },
  );

  app.post(
    "/ledger/verify",
    {
      config: { access: { action: "ledger.verify" } },
      schema: {
        tags,
        summary: "Recompute the hash chain and checkpoint signatures; report the first bad entry",
        description:
          "Read-only: it never writes a checkpoint or a ledger entry, so the chain it walks cannot move under it. " +
          "`firstProblem.kind` is edited, deleted, inserted, reordered, truncated, bad_signature or checkpoint_mismatch.",
        body: verifyBody,
        response: { 200: verifyResult, ...problems },
      },
    },
    async (req) => ledger.verify(actorOf(req).organizationId),
  );

  app.get(
    "/ledger/public-key",
    {
      config: { access: { action: "ledger.read" } },
      schema: {
        tags,
        summary: "The installation's Ed25519 public key that signs ledger checkpoints",
        response: { 200: publicKeyResponse, ...problems },
      },
    },
    async () => ({ keyId: ctx.keys.keyId, algorithm: "Ed25519" as const, publicKeyPem: ctx.keys.publicKeyPem }),
  );
}
