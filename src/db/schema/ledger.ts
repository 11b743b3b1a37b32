import { bigint, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { orgRef, ts } from "./common.ts";

/** Append-only, hash-chained; a trigger (migration 0001) rejects UPDATE and DELETE. One chain per organization. */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    organizationId: orgRef(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    id: uuid("id").notNull().unique(),
    at: ts("at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    /** Canonical JSON text of { before, after }: exactly the bytes that were hashed. */
    changes: text("changes").notNull(),
    requestId: text("request_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.seq] }),
    index("ledger_org_at").on(t.organizationId, t.at),
    index("ledger_org_action").on(t.organizationId, t.action),
  ],
);

export const ledgerCheckpoints = pgTable(
  "ledger_checkpoints",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
    signedAt: ts("signed_at").notNull(),
  },
  (t) => [index("ledger_checkpoints_org_seq").on(t.organizationId, t.seq)],
);
