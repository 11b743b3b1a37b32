import { z } from "zod";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";
import { PROBLEM_KINDS } from "../../ledger/verify.ts";

/** A day (`2025-01-31`, the whole day in UTC) or an exact ISO 8601 time with offset, from 1970 to 9999. */
const dayOrTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: "Use a date like 2025-01-31 or an ISO 8601 time like 2025-01-31T12:00:00Z.",
  })
  .refine((v) => v.slice(0, 4) >= "1970", "Use a date from 1970 on: the ledger holds nothing earlier.");
const term = z.string().trim().min(1).max(200);

const filters = {
  actor: term.optional().describe("A person's user id, or part of their email (case-insensitive)"),
  action: term.optional().describe("Exact action, e.g. member.role_changed"),
  entityType: term.optional(),
  entityId: term.optional(),
  from: dayOrTime.optional().describe("On or after this day/time"),
  to: dayOrTime.optional().describe("On or before this day (inclusive) / before this time"),
};
export const ledgerExportQuery = z.strictObject(filters);
export const ledgerListQuery = z.strictObject({ ...filters, ...pageQuery });
export type LedgerFilter = z.infer<typeof ledgerExportQuery>;

export const ledgerItem = z.object({
  seq: z.number().int(),
  at: z.date(),
  actorType: z.string().describe("user, token or system"),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.object({ before: z.unknown(), after: z.unknown() }),
  requestId: z.string().nullable(),
  hash: z.string(),
  keyId: z.string().nullable().describe("The ledger key that signed the entry (null: written before signing)"),
  signature: z.string().nullable(),
  description: z.string().describe('The entry in words: "Sam Lee marked R-2 done"'),
  recordLabel: z
    .string()
    .nullable()
    .describe("How people refer to the entry's record (R-2, ACC-03, a connection's name); null when it has none"),
  group: z
    .object({
      id: z.string(),
      size: z.number().int(),
      summary: z.string().describe('"12 resource changes from the sync of GitHub (acme)"'),
    })
    .nullable()
    .describe("Repetitive system entries of one run on this page (a sync's batches) share a group"),
});
export type LedgerItem = z.infer<typeof ledgerItem>;
export const ledgerList = pageOf(ledgerItem);

const option = z.object({ value: z.string(), label: z.string() });
export const ledgerFacets = z.object({
  actions: z.array(z.string()),
  entityTypes: z.array(z.string()),
  kinds: z.array(option).describe("The actions, with their names in words"),
  recordTypes: z.array(option).describe("The entity types, with their names in words"),
  actors: z.array(
    z.object({ actorType: z.string(), actorId: z.string().nullable(), actorLabel: z.string().nullable() }),
  ),
});

/** Heads known from outside the database (docs/ledger.md "Witnesses"): checked against the live chain. */
export const verifyBody = z
  .strictObject({
    checkpoints: z
      .array(
        z.strictObject({
          type: z.literal("assay.ledger.checkpoint"),
          version: z.literal(1),
          organizationId: z.uuid(),
          seq: z.number().int().min(1),
          hash: z.string().regex(/^[0-9a-f]{64}$/),
          keyId: z.string().max(64),
          signature: z.string().max(200),
          signedAt: z.string().max(40),
        }),
      )
      .max(100_000)
      .optional()
      .describe("Signed checkpoint records a witness kept (assay ledger checkpoints export)"),
    expect: z
      .array(z.string().regex(/^\d+:[0-9a-f]{64}$/, "Write each expected head as <seq>:<hash>."))
      .max(1000)
      .optional()
      .describe("Heads someone wrote down, as <seq>:<hash>"),
  })
  .optional();
export const verifyResult = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  checkpoints: z.number().int(),
  headSeq: z.number().int(),
  headHash: z.string(),
  firstProblem: z.object({ seq: z.number().int(), kind: z.enum(PROBLEM_KINDS), detail: z.string() }).optional(),
  verifiedAt: z.date(),
});

export const publicKeyResponse = z.object({
  keyId: z.string(),
  algorithm: z.literal("Ed25519"),
  publicKeyPem: z.string(),
});

export const publicKeysResponse = z.object({
  algorithm: z.literal("Ed25519"),
  currentKeyId: z.string(),
  keys: z.array(z.object({ keyId: z.string(), current: z.boolean(), publicKeyPem: z.string() })),
});
