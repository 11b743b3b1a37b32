/** The verifiable exports: the whole chain and the signed checkpoints as JSON Lines, and every public key. */
import { Readable } from "node:stream";
import { asc, eq } from "drizzle-orm";
import type { FastifyReply } from "fastify";
import { ledgerCheckpoints, organizations } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor, text } from "../../kernel/http/route.ts";
import { chainHead } from "../../ledger/append.ts";
import { exportLine } from "../../ledger/offline.ts";
import { chainPages } from "../../ledger/verify.ts";
import { checkpointRecord } from "../../ledger/witness.ts";
import { publicKeysResponse } from "./schema.ts";

const jsonLines = text("application/jsonl", "JSON Lines: one record per line (docs/ledger.md)");

/** Streams lines as an attachment named after the organization and the day. */
async function sendLines(
  ctx: AppContext,
  reply: FastifyReply,
  organizationId: string,
  what: string,
  lines: AsyncIterable<string>,
) {
  const [org] = await ctx.db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const day = new Date().toISOString().slice(0, 10);
  const fileName = `assay-${what}-${org?.slug ?? "org"}-${day}.jsonl`;
  return sendDownload(reply, "application/jsonl; charset=utf-8", fileName, Readable.from(lines));
}

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "ledger" });
  route.get(
    "/ledger/export.jsonl",
    {
      operationId: "exportLedgerChain",
      summary: "The whole ledger in chain order as JSON Lines, with every hashed field and each entry's signature",
      description:
        "What `assay ledger verify --offline` checks with the public keys alone. Unfiltered on purpose: a filtered " +
        "chain has gaps and cannot verify.",
      access: "ledger.read",
      response: { 200: jsonLines },
    },
    async (req, reply) => {
      const { organizationId } = actorOf(req);
      const head = await chainHead(ctx.db, organizationId);
      async function* lines() {
        if (!head) return;
        for await (const rows of chainPages(ctx.db, organizationId, head.seq)) yield rows.map(exportLine).join("");
      }
      return sendLines(ctx, reply, organizationId, "ledger", lines());
    },
  );

  route.get(
    "/ledger/checkpoints.jsonl",
    {
      operationId: "exportLedgerCheckpoints",
      summary: "The organization's signed checkpoints as JSON Lines, to keep outside the installation",
      description: "Give them back to `assay ledger verify --checkpoints` (or POST /ledger/verify) later.",
      access: "ledger.read",
      response: { 200: jsonLines },
    },
    async (req, reply) => {
      const { organizationId } = actorOf(req);
      const rows = await ctx.db
        .select()
        .from(ledgerCheckpoints)
        .where(eq(ledgerCheckpoints.organizationId, organizationId))
        .orderBy(asc(ledgerCheckpoints.seq));
      async function* lines() {
        for (const cp of rows) yield `${JSON.stringify(checkpointRecord(cp))}\n`;
      }
      return sendLines(ctx, reply, organizationId, "ledger-checkpoints", lines());
    },
  );

  route.get(
    "/ledger/public-keys",
    {
      operationId: "listLedgerPublicKeys",
      summary: "Every Ed25519 public key that may have signed this installation's entries and checkpoints",
      description: "The current key and retired ones (docs/ledger.md, rotating the ledger key).",
      access: "ledger.read",
      response: { 200: publicKeysResponse },
    },
    async () => ({
      algorithm: "Ed25519" as const,
      currentKeyId: ctx.keys.keyId,
      keys: [...ctx.keys.publicKeys].map(([keyId, key]) => ({
        keyId,
        current: keyId === ctx.keys.keyId,
        publicKeyPem: key.export({ type: "spki", format: "pem" }).toString(),
      })),
    }),
  );
}
