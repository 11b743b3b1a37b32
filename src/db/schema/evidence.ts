import { type AnyPgColumn, bigint, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { programControls, programs } from "./program.ts";

/**
 * Stored evidence files, content-addressed per organization: one row (and one stored object) per distinct
 * SHA-256, however many evidence records use it. The object is encrypted at rest (`encryption`, `key_id`).
 */
export const evidenceBlobs = pgTable(
  "evidence_blobs",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    /** SHA-256 of the plaintext, hex. */
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    /** Detected from the content, never from the file name. */
    mimeType: text("mime_type").notNull(),
    /** The usual file extension of that type (download names get it when theirs does not fit). */
    extension: text("extension").notNull(),
    /** Which driver stored it (local | s3) and under which key. */
    storage: text("storage").notNull(),
    storageKey: text("storage_key").notNull(),
    encryption: text("encryption").notNull(),
    /** Id of the encryption key that sealed it (rotation: blobs of retired keys can be re-encrypted). */
    keyId: text("key_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("evidence_blobs_sha256").on(t.organizationId, t.sha256)],
);

/**
 * A piece of evidence: a file, a link or a written statement, with who collected it, when, and the period it
 * covers. Immutable once submitted (a trigger refuses changes): a correction is a new version (`replaces_id`),
 * and the only change ever made to a row is setting `superseded_by_id` once, when its correction arrives.
 */
export const evidence = pgTable(
  "evidence",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** file | link | statement */
    kind: text("kind").notNull(),
    blobId: uuid("blob_id").references(() => evidenceBlobs.id),
    /** The name the file was uploaded with (display and download name only; never used for its type). */
    fileName: text("file_name"),
    url: text("url"),
    statement: text("statement"),
    /** manual | integration | agent */
    source: text("source").notNull(),
    collectedBy: uuid("collected_by").references(() => users.id),
    collectedAt: ts("collected_at").notNull(),
    effectiveFrom: date("effective_from"),
    effectiveTo: date("effective_to"),
    /** The first version's id: every version of one piece of evidence shares it. */
    chainId: uuid("chain_id").notNull(),
    version: integer("version").notNull().default(1),
    replacesId: uuid("replaces_id").references((): AnyPgColumn => evidence.id),
    /** Why this version replaces the previous one. */
    correctionReason: text("correction_reason"),
    supersededById: uuid("superseded_by_id").references((): AnyPgColumn => evidence.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("evidence_org_collected").on(t.organizationId, t.collectedAt),
    index("evidence_chain").on(t.chainId, t.version),
    uniqueIndex("evidence_replaces").on(t.replacesId),
  ],
);

/** Links between evidence and program controls. Made at submission or later; removable (the evidence is not). */
export const evidenceControls = pgTable(
  "evidence_controls",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    evidenceId: uuid("evidence_id")
      .notNull()
      .references(() => evidence.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    controlId: uuid("control_id")
      .notNull()
      .references(() => programControls.id),
    controlKey: text("control_key").notNull(),
    linkedBy: uuid("linked_by").references(() => users.id),
    linkedAt: ts("linked_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("evidence_controls_link").on(t.evidenceId, t.controlId),
    index("evidence_controls_control").on(t.organizationId, t.controlId),
  ],
);

/**
 * Freshness reminders already sent: one per control, stale day and kind (due_soon | stale), so an owner hears
 * about each once however often the job runs.
 */
export const evidenceFreshnessNotices = pgTable(
  "evidence_freshness_notices",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    controlId: uuid("control_id")
      .notNull()
      .references(() => programControls.id),
    staleOn: date("stale_on").notNull(),
    kind: text("kind").notNull(),
    notifiedAt: ts("notified_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("evidence_freshness_notices_once").on(t.controlId, t.staleOn, t.kind)],
);
