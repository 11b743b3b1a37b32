import { bigint, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { orgRef, ts } from "./common.ts";

/**
 * Append-only, hash-chained and signed entry by entry; triggers (migrations 0001, 0007) refuse UPDATE, DELETE, TRUNCATE
 * and INSERTs that do not come through the append path. One chain per organization.
 */
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
    /** Fingerprint of the Ed25519 key that signed `hash`; null only on entries written before keyed entries (0007). */
    keyId: text("key_id"),
    /** Ed25519 signature (base64) of the entry message (src/ledger/signature.ts); null as keyId. */
    signature: text("signature"),
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
