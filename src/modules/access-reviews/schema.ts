import { z } from "zod";
import { REVIEWABLE_RESOURCE_TYPES } from "../../core/access-review.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import {
  ACCESS_CAMPAIGN_STATUSES,
  ACCESS_DECISIONS,
  ACCESS_FLAGS,
  ACCESS_REVIEW_CADENCES,
  ACCESS_REVIEW_SOURCES,
  ACCESS_REVIEWER_RULES,
} from "../../db/schema/access-reviews.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export {
  ACCESS_CAMPAIGN_STATUSES,
  ACCESS_DECISIONS,
  ACCESS_FLAGS,
  ACCESS_REVIEW_CADENCES,
  ACCESS_REVIEW_SOURCES,
  ACCESS_REVIEWER_RULES,
};

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date("Use a date like 2027-01-31.");
const userId = (who: string) => z.uuid(`Use the ${who}'s user id (a UUID) from the members list.`);

/** The largest CSV a campaign takes (accounts are one line each). */
export const MAX_CSV_CHARS = 2_000_000;
export const MAX_ACCOUNTS = 20_000;

const campaignFields = {
  name: text(TEXT_LIMITS.title).min(1, "Name the review, e.g. “Q1 2027 production database access”."),
  system: text(TEXT_LIMITS.name).min(1, "Say which system is reviewed, e.g. “Production database”."),
  reviewerRule: z
    .enum(ACCESS_REVIEWER_RULES, { error: "Choose who reviews: manager or system_owner." })
    .default("manager"),
  systemOwnerUserId: userId("system owner").nullable().default(null),
  dueOn: isoDate,
  cadence: z
    .enum(ACCESS_REVIEW_CADENCES, { error: `The cadence is one of ${ACCESS_REVIEW_CADENCES.join(", ")}.` })
    .default("quarterly"),
};

export const createCampaignBody = z.discriminatedUnion(
  "source",
  [
    z.strictObject({
      source: z.literal("connection"),
      ...campaignFields,
      connectionId: z.uuid("Use the connection id (a UUID) from the monitoring connections."),
      resourceTypes: z
        .array(z.enum(REVIEWABLE_RESOURCE_TYPES, { error: `Review ${REVIEWABLE_RESOURCE_TYPES.join(", ")}.` }))
        .min(1, "Choose at least one kind of account to review.")
        .max(REVIEWABLE_RESOURCE_TYPES.length),
    }),
    z.strictObject({
      source: z.literal("csv"),
      ...campaignFields,
      cadence: campaignFields.cadence.refine((c) => c === "none", {
        message: "A review of an uploaded list runs once (cadence none): recurring reviews read a connection.",
      }),
      csv: z
        .string()
        .max(MAX_CSV_CHARS, `Keep the CSV under ${MAX_CSV_CHARS.toLocaleString("en-US")} characters.`)
        .min(1, "Paste or upload the CSV of accounts (columns account, email, role)."),
    }),
  ],
  { error: "Say where the accounts come from: source connection or csv." },
);
export type CreateCampaign = z.infer<typeof createCampaignBody>;

export const campaignParams = z.strictObject({ id: z.uuid("Use the review id (a UUID) shown in the list.") });
export const accountParams = z.strictObject({
  id: z.uuid("Use the review id (a UUID) shown in the list."),
  accountId: z.uuid("Use the account id (a UUID) shown in the review."),
});

export const listCampaignsQuery = z.strictObject({
  status: z.enum(ACCESS_CAMPAIGN_STATUSES).optional(),
  q: text(200).optional(),
  ...pageQuery,
});

export const accountsQuery = z.strictObject({
  filter: z.enum(["all", "pending", "flagged", "unfinished", "mine"]).default("all"),
  q: text(200).optional(),
});

export const decideBody = z
  .strictObject({
    accountIds: z
      .array(z.uuid("Use account ids (UUIDs) from the review."))
      .min(1, "Choose at least one account.")
      .max(1000, "Decide at most 1,000 accounts at a time."),
    decision: z.enum(ACCESS_DECISIONS, { error: "Decide keep, revoke or change_role." }),
    newRole: text(TEXT_LIMITS.name).min(1).optional(),
    comment: text(TEXT_LIMITS.paragraph).default(""),
  })
  .superRefine((b, ctx) => {
    if (b.decision === "change_role" && !b.newRole)
      ctx.addIssue({ code: "custom", path: ["newRole"], message: "Say which role the account should have instead." });
    if (b.decision !== "change_role" && b.newRole)
      ctx.addIssue({ code: "custom", path: ["newRole"], message: "A new role goes only with change_role." });
    if (b.decision !== "keep" && !b.comment)
      ctx.addIssue({
        code: "custom",
        path: ["comment"],
        message: "Say why: a revocation or role change needs a comment (e.g. “Left the team in March”).",
      });
  });
export type DecideInput = z.infer<typeof decideBody>;

export const completeBody = z.strictObject({
  /** When it was carried out; defaults to now. Never in the future. */
  completedAt: z.coerce.date().optional(),
  note: text(TEXT_LIMITS.paragraph).min(
    1,
    "Say what was done, e.g. “Removed in the Okta admin console, ticket OPS-12”.",
  ),
});

export const reassignBody = z.strictObject({ reviewerUserId: userId("reviewer") });

export const closeBody = z.strictObject({
  /** Required when revocations or role changes are still unfinished: why the review closes anyway. */
  note: text(TEXT_LIMITS.paragraph).optional(),
});

const person = z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable();

export const progress = z.object({
  total: z.number().int(),
  decided: z.number().int(),
  pending: z.number().int(),
  kept: z.number().int(),
  revoked: z.number().int(),
  changed: z.number().int(),
  unfinished: z.number().int(),
  percent: z.number().int(),
});

export const campaign = z.object({
  id: z.string(),
  name: z.string(),
  system: z.string(),
  source: z.enum(ACCESS_REVIEW_SOURCES),
  connection: z.object({ id: z.string(), name: z.string(), type: z.string() }).nullable(),
  resourceTypes: z.array(z.string()),
  reviewerRule: z.enum(ACCESS_REVIEWER_RULES),
  systemOwner: person,
  owner: person,
  dueOn: z.string(),
  cadence: z.enum(ACCESS_REVIEW_CADENCES),
  status: z.enum(ACCESS_CAMPAIGN_STATUSES),
  overdue: z.boolean(),
  launchedAt: z.date(),
  closedAt: z.date().nullable(),
  closedBy: person,
  closeNote: z.string().nullable(),
  reportEvidenceIds: z.array(z.string()),
  flagged: z.number().int(),
  progress,
});
export type Campaign = z.infer<typeof campaign>;
export const campaignList = pageOf(campaign);

export const account = z.object({
  id: z.string(),
  campaignId: z.string(),
  kind: z.string(),
  externalId: z.string(),
  account: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.string()),
  accountStatus: z.string(),
  person: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
  holderUserId: z.string().nullable(),
  flag: z.enum(ACCESS_FLAGS).nullable(),
  /** What the flag suggests (revoke), for flagged accounts without a decision. */
  suggestion: z.enum(ACCESS_DECISIONS).nullable(),
  reviewer: person,
  decision: z.enum(ACCESS_DECISIONS).nullable(),
  newRole: z.string().nullable(),
  comment: z.string(),
  decidedBy: person,
  decidedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  completedBy: person,
  completionNote: z.string().nullable(),
  confirmedAt: z.date().nullable(),
});
export type Account = z.infer<typeof account>;

export const campaignDetail = campaign.extend({ accounts: z.array(account) });
export type CampaignDetail = z.infer<typeof campaignDetail>;

export const decideResult = z.object({ decided: z.number().int(), accounts: z.array(account) });

/** A reviewer's queue: their pending accounts, grouped by campaign. */
export const assignedList = z.object({
  items: z.array(
    z.object({
      campaign: z.object({
        id: z.string(),
        name: z.string(),
        system: z.string(),
        dueOn: z.string(),
        overdue: z.boolean(),
      }),
      accounts: z.array(account),
    }),
  ),
});

export const sourceList = z.object({
  items: z.array(
    z.object({
      connectionId: z.string(),
      name: z.string(),
      type: z.string(),
      lastSuccessAt: z.date().nullable(),
      counts: z.record(z.string(), z.number().int()),
    }),
  ),
});
