import { z } from "zod";
import { ASSET_KINDS, CLASSIFICATIONS, ENVIRONMENTS } from "../../core/assets.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const name = z.string().trim().min(1, "Give the asset a name.").max(TEXT_LIMITS.name);
const description = z.string().trim().max(TEXT_LIMITS.long).nullable();
const bool = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();

export const assetInput = z.strictObject({
  name,
  kind: z.enum(ASSET_KINDS),
  description: description.optional(),
  ownerUserId: z.uuid().nullable().optional().describe("A member of the organization"),
  classification: z.enum(CLASSIFICATIONS).nullable().optional(),
  environment: z.enum(ENVIRONMENTS).nullable().optional(),
  inScope: z.boolean().optional().describe("In the audit's scope: listed in the system description"),
  externalId: z.string().trim().max(TEXT_LIMITS.name).nullable().optional().describe("Its id in another system"),
});
export type AssetInput = z.infer<typeof assetInput>;

export const assetPatch = assetInput.partial();
export type AssetPatch = z.infer<typeof assetPatch>;

export const ASSET_SOURCES = ["manual", "connection"] as const;

export const listQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe("Search name, description and external id"),
  kind: z.enum(ASSET_KINDS).optional(),
  classification: z
    .enum([...CLASSIFICATIONS, "none"])
    .optional()
    .describe("`none`: not classified yet"),
  environment: z.enum(ENVIRONMENTS).optional(),
  inScope: bool,
  owner: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .describe("A member's user id, or `none`: without owner"),
  source: z.enum(ASSET_SOURCES).optional().describe("Entered by hand or imported (`manual`), or from a connection"),
  connectionId: z.uuid().optional(),
  missing: bool.describe("Only assets their connection no longer sees"),
});
export type ListQuery = z.infer<typeof listQuery>;
export const exportQuery = listQuery.omit({ page: true, pageSize: true });

export const asset = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  description: z.string().nullable(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS).nullable(),
  environment: z.enum(ENVIRONMENTS).nullable(),
  inScope: z.boolean(),
  source: z.enum(ASSET_SOURCES),
  connectionId: z.uuid().nullable(),
  connectionName: z.string().nullable(),
  resourceId: z.uuid().nullable(),
  externalId: z.string().nullable(),
  lastSeenAt: z.date().nullable(),
  missingSince: z.date().nullable().describe("Since when its connection no longer sees it"),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const assetList = pageOf(asset);

const inScopeItem = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerName: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS).nullable(),
  environment: z.enum(ENVIRONMENTS).nullable(),
});
const group = z.array(inScopeItem);
export const inScopeSummary = z.object({
  total: z.number().int(),
  byKind: z
    .object({
      system: group,
      data_store: group,
      endpoint: group,
      saas_application: group,
      network: group,
      other: group,
    })
    .describe("The in-scope assets by kind, each with its owner and classification"),
  withoutOwner: z.number().int(),
  unclassified: z.number().int(),
  lastReviewAt: z.date().nullable(),
});

export const discoverBody = z.strictObject({
  connectionId: z.uuid().optional().describe("Only this connection's resources"),
});
const candidate = z.object({
  resourceId: z.uuid(),
  type: z.string(),
  name: z.string(),
  externalId: z.string(),
  kind: z.enum(ASSET_KINDS).describe("What it would be in the inventory"),
  lastSeenAt: z.date(),
  missingSince: z.date().nullable(),
  nameTaken: z.boolean().describe("An asset of that kind already has this name: it would be refused"),
});
export const discovery = z.object({
  connections: z.array(
    z.object({
      connectionId: z.uuid(),
      connectionName: z.string(),
      connectionType: z.string(),
      candidates: z.array(candidate),
    }),
  ),
  total: z.number().int(),
});

export const fromResourcesBody = z.strictObject({
  resourceIds: z.array(z.uuid()).min(1, "Choose at least one resource.").max(500),
  inScope: z.boolean().optional(),
  environment: z.enum(ENVIRONMENTS).nullable().optional(),
  classification: z.enum(CLASSIFICATIONS).nullable().optional(),
  ownerUserId: z.uuid().nullable().optional(),
});
export const created = z.object({ created: z.number().int(), items: z.array(asset) });

export const reviewBody = z.strictObject({ note: z.string().trim().max(TEXT_LIMITS.paragraph).nullable().optional() });
export const review = z.object({
  id: z.uuid(),
  reviewedBy: z.uuid().nullable(),
  reviewerName: z.string().nullable(),
  note: z.string().nullable(),
  assetCount: z.number().int(),
  createdAt: z.date(),
});
export const reviewList = z.object({ items: z.array(review) });
