import { z } from "zod";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

/** A day (`2025-01-31`, the whole day in UTC) or an exact ISO 8601 time with offset. */
const dayOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Use a date like 2025-01-31 or an ISO 8601 time like 2025-01-31T12:00:00Z.",
});
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
});
export type LedgerItem = z.infer<typeof ledgerItem>;
export const ledgerList = pageOf(ledgerItem);

export const ledgerFacets = z.object({
  actions: z.array(z.string()),
  entityTypes: z.array(z.string()),
  actors: z.array(
    z.object({ actorType: z.string(), actorId: z.string().nullable(), actorLabel: z.string().nullable() }),
  ),
});

export const verifyBody = z.strictObject({}).optional();
export const problemKinds = [
  "edited",
  "deleted",
  "inserted",
  "reordered",
  "truncated",
  "bad_signature",
  "checkpoint_mismatch",
] as const;
export const verifyResult = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  checkpoints: z.number().int(),
  headSeq: z.number().int(),
  headHash: z.string(),
  firstProblem: z.object({ seq: z.number().int(), kind: z.enum(problemKinds), detail: z.string() }).optional(),
  verifiedAt: z.date(),
});

export const publicKeyResponse = z.object({
  keyId: z.string(),
  algorithm: z.literal("Ed25519"),
  publicKeyPem: z.string(),
});
