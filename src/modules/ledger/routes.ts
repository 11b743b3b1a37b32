import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { organizations } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { EXPORT_CSV_COLUMNS, EXPORT_FIELDS } from "../../ledger/offline.ts";
import { PROBLEM_KINDS } from "../../ledger/verify.ts";
import { csvLine } from "../../platform/csv.ts";
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

/**
 * Every field the hash covers, so the CSV verifies offline too (ledger/offline.ts reads it back by column name), then
 * the entry in words: a column the hash does not cover, last so the columns before it keep their places.
 */
const CSV_COLUMNS = [...EXPORT_CSV_COLUMNS, "description"];
const csvRow = ({ row, description }: { row: LedgerRow; description: string }) =>
  csvLine([...EXPORT_FIELDS.map((f) => row[f]), description]);

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "ledger" });
  const ledger = createLedgerService({ db: ctx.db, keys: ctx.keys });

  route.get(
    "/ledger",
    {
      operationId: "listLedgerEntries",
      summary: "Activity: the organization's ledger entries, newest first, with filters",
      access: "ledger.read",
      query: ledgerListQuery,
      response: { 200: ledgerList },
    },
    async (req) => ledger.list(actorOf(req).organizationId, req.query),
  );

  route.get(
    "/ledger/facets",
    {
      operationId: "getLedgerFacets",
      summary: "Distinct actions, entity types and actors in the ledger (for filter menus)",
      access: "ledger.read",
      response: { 200: ledgerFacets },
    },
    async (req) => ledger.facets(actorOf(req).organizationId),
  );

  route.get(
    "/ledger/export.csv",
    {
      operationId: "exportLedgerCsv",
      summary: "The filtered ledger as CSV (streamed; cells that a spreadsheet would run as formulas are quoted)",
      access: "ledger.read",
      query: ledgerExportQuery,
      response: { 200: csv() },
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
      return sendCsv(reply, `assay-activity-${org?.slug ?? "org"}-${day}.csv`, Readable.from(lines()));
    },
  );

  route.post(
    "/ledger/verify",
    {
      operationId: "verifyLedger",
      summary: "Recompute the hash chain and checkpoint signatures; report the first bad entry",
      description:
        "Read-only: it never writes a checkpoint or a ledger entry, so the chain it walks cannot move under it. " +
        "Signed checkpoints a witness kept and heads written down (`expect`) are checked against the chain too. " +
        `\`firstProblem.kind\` is one of ${PROBLEM_KINDS.join(", ")} (docs/ledger.md).`,
      access: "ledger.verify",
      body: verifyBody,
      response: { 200: verifyResult },
    },
    async (req) => ledger.verify(actorOf(req).organizationId, req.body ?? {}),
  );

  route.get(
    "/ledger/public-key",
    {
      operationId: "getLedgerPublicKey",
      summary: "The installation's Ed25519 public key that signs ledger checkpoints",
      access: "ledger.read",
      response: { 200: publicKeyResponse },
    },
    async () => ({ keyId: ctx.keys.keyId, algorithm: "Ed25519" as const, publicKeyPem: ctx.keys.publicKeyPem }),
  );
}
