/**
 * Writes to policies, as commands run in a change: adopt templates, save drafts, review, publish (with acceptance
 * requests for the audience), accept. Each emits its ledger event; publishing and acceptances that move a policy
 * across the required share tell programs to refresh the controls that name the policy.
 */
import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { loadContent, policyVariableValues, renderPolicy } from "../../content/index.ts";
import { subjectOf } from "../../core/actor.ts";
import { addDays, addMonths, utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { allows } from "../../core/roles.ts";
import { queryRows } from "../../db/client.ts";
import {
  type PolicyAudience,
  people,
  policies,
  policyAcknowledgements,
  policyApprovals,
  policySettings,
  policyVersions,
} from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { organizationName } from "../organizations/public.ts";
import { audienceWhere } from "../people/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import {
  policyAccepted,
  policyApproved,
  policyChangesRequested,
  policyCreated,
  policyDraftSaved,
  policyPublished,
  policyReviewed,
  policySettingsUpdated,
  policySubmitted,
  policyUpdated,
} from "./events.ts";
import { rules, policy as table } from "./policy.ts";
import {
  acceptanceCounts,
  loadPolicy,
  loadVersion,
  membersOf,
  type PolicyRow,
  type PolicySettings,
  percentOf,
  settingsOf,
  type VersionRow,
} from "./store.ts";

export { addMonths };

/** The library controls that count on a policy (those naming its template), or none for an imported one. */
export const controlsOf = (p: Pick<PolicyRow, "templateId">): string[] =>
  p.templateId ? [...(loadContent().controlsByPolicy.get(p.templateId) ?? [])] : [];

async function touchControls(c: Change, p: Pick<PolicyRow, "templateId">) {
  const keys = controlsOf(p);
  if (keys.length) await c.emit(controlInputsChanged, { keys });
}

const userOf = (c: Change) => (c.actor.kind === "system" ? null : c.actor.userId);
const cadenceWords = (months: number) =>
  months === 12 ? "annually" : months === 1 ? "every month" : `every ${months} months`;

async function assertOwner(c: Change, ownerUserId: string) {
  const [m] = await membersOf(c.tx, c.organizationId!, [ownerUserId]);
  if (!m) throw badRequest("unknown_owner", "The policy owner must be a member of this organization.");
  if (m.role === "employee" || m.role === "viewer" || m.role === "auditor")
    throw badRequest(
      "owner_role",
      `${m.name} is ${m.role === "employee" ? "an" : "a"} ${m.role} and cannot keep a policy: choose an owner, admin, compliance manager or control owner.`,
    );
  return m;
}

/** Inserts a policy and its first version, a major draft written by the change's actor. */
async function insertPolicy(
  c: Change,
  fields: Omit<typeof policies.$inferInsert, "id" | "organizationId">,
  first: { body: string; changeSummary: string },
): Promise<PolicyRow> {
  const id = newId();
  const organizationId = c.organizationId!;
  const [row] = await c.tx
    .insert(policies)
    .values({ ...fields, id, organizationId, createdAt: c.now, updatedAt: c.now })
    .returning();
  await c.tx.insert(policyVersions).values({
    ...first,
    id: newId(),
    organizationId,
    policyId: id,
    number: 1,
    significance: "major",
    authorUserId: userOf(c),
    createdAt: c.now,
    updatedAt: c.now,
  });
  return row!;
}

export interface AdoptInput {
  templateIds: string[];
  ownerUserId: string;
  reviewCadenceMonths: number;
}

/** Makes templates the organization's policies: each gets a first draft rendered with the organization's values. */
export async function adoptTemplates(c: Change, input: AdoptInput): Promise<PolicyRow[]> {
  const organizationId = c.organizationId!;
  const content = loadContent();
  const unknown = input.templateIds.filter((id) => !content.policyTemplatesById.has(id));
  if (unknown.length)
    throw badRequest("unknown_template", `There is no policy template ${unknown.map((u) => `“${u}”`).join(", ")}.`);
  const owner = await assertOwner(c, input.ownerUserId);
  const existing = await c.tx
    .select({ templateId: policies.templateId, title: policies.title })
    .from(policies)
    .where(and(eq(policies.organizationId, organizationId), inArray(policies.templateId, input.templateIds)));
  if (existing.length)
    throw conflict(
      "already_adopted",
      `Already adopted: ${existing.map((e) => e.title).join(", ")}. Edit those policies instead of adopting them again.`,
    );
  const organization = await organizationName(c.tx, organizationId);
  const rows: PolicyRow[] = [];
  for (const templateId of input.templateIds) {
    const template = content.policyTemplatesById.get(templateId)!;
    const meta = content.policiesById.get(templateId)!;
    const body = renderPolicy(
      template,
      policyVariableValues({
        company_name: organization || undefined,
        policy_owner: owner.name,
        review_cadence: cadenceWords(input.reviewCadenceMonths),
      }),
    );
    const row = await insertPolicy(
      c,
      {
        title: meta.title,
        templateId,
        templateVersion: template.version,
        ownerUserId: input.ownerUserId,
        reviewCadenceMonths: input.reviewCadenceMonths,
      },
      { body, changeSummary: `Adopted from the ${meta.title} template, version ${template.version}.` },
    );
    const id = row.id;
    await c.emit(policyCreated, {
      id,
      after: { title: meta.title, templateId, templateVersion: template.version, ownerUserId: input.ownerUserId },
    });
    rows.push(row);
  }
  return rows;
}

/** A policy of the organization's own (an import): its first version is a draft. */
export async function createPolicy(
  c: Change,
  input: { title: string; body: string; ownerUserId: string | null; changeSummary: string },
): Promise<PolicyRow> {
  if (input.ownerUserId) await assertOwner(c, input.ownerUserId);
  const row = await insertPolicy(
    c,
    { title: input.title, ownerUserId: input.ownerUserId },
    { body: input.body, changeSummary: input.changeSummary },
  );
  await c.emit(policyCreated, { id: row.id, after: { title: input.title, imported: true } });
  return row;
}

export interface PolicyPatch {
  title?: string;
  ownerUserId?: string | null;
  reviewCadenceMonths?: number;
  audience?: PolicyAudience;
}

export async function updatePolicy(c: Change, id: string, patch: PolicyPatch): Promise<PolicyRow> {
  const before = await loadPolicy(c.tx, c.organizationId!, id);
  const changed = Object.fromEntries(
    Object.entries(patch).filter(
      ([k, v]) => v !== undefined && JSON.stringify(before[k as keyof PolicyRow]) !== JSON.stringify(v),
    ),
  ) as Partial<PolicyRow>;
  if (!Object.keys(changed).length) return before;
  if (changed.ownerUserId) await assertOwner(c, changed.ownerUserId);
  // A new cadence moves the next review from the current version's publication.
  if (changed.reviewCadenceMonths && before.currentVersionId) {
    const [current] = await c.tx.select().from(policyVersions).where(eq(policyVersions.id, before.currentVersionId));
    if (current?.publishedAt)
      changed.nextReviewDate = addMonths(utcDay(current.publishedAt), changed.reviewCadenceMonths);
  }
  const [row] = await c.tx
    .update(policies)
    .set({ ...changed, updatedAt: c.now })
    .where(and(eq(policies.organizationId, c.organizationId!), eq(policies.id, id)))
    .returning();
  await c.emit(policyUpdated, {
    id,
    before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof PolicyRow]])),
    after: changed,
  });
  if ("nextReviewDate" in changed) await touchControls(c, row!);
  return row!;
}

async function latestVersion(c: Change, policyId: string): Promise<VersionRow | undefined> {
  const [row] = await c.tx
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, c.organizationId!), eq(policyVersions.policyId, policyId)))
    .orderBy(desc(policyVersions.number))
    .limit(1);
  return row;
}

export interface DraftInput {
  body: string;
  changeSummary: string;
  significance: "major" | "minor";
}

/**
 * Saves the draft: the open draft version is updated; when the latest version is published (or superseded) a new
 * draft version is started. A version in review or approved cannot change (409 with what to do).
 */
export async function saveDraft(c: Change, policyId: string, input: DraftInput): Promise<VersionRow> {
  const p = await loadPolicy(c.tx, c.organizationId!, policyId);
  const latest = await latestVersion(c, p.id);
  if (latest && (latest.status === "in_review" || latest.status === "approved"))
    throw conflict(
      "version_locked",
      `Version ${latest.number} is ${latest.status === "in_review" ? "in review" : "approved and waiting to be published"}: it cannot change. ${latest.status === "in_review" ? "An approver can send it back to draft." : "Publish it first, then start a new draft."}`,
    );
  const significance = latest && latest.status !== "draft" ? input.significance : input.significance;
  let row: VersionRow;
  if (latest?.status === "draft") {
    [row] = (await c.tx
      .update(policyVersions)
      .set({
        body: input.body,
        changeSummary: input.changeSummary,
        significance,
        updatedAt: c.now,
        authorUserId: userOf(c),
      })
      .where(eq(policyVersions.id, latest.id))
      .returning()) as [VersionRow];
  } else {
    [row] = (await c.tx
      .insert(policyVersions)
      .values({
        id: newId(),
        organizationId: c.organizationId!,
        policyId: p.id,
        number: (latest?.number ?? 0) + 1,
        significance,
        changeSummary: input.changeSummary,
        body: input.body,
        authorUserId: userOf(c),
        createdAt: c.now,
        updatedAt: c.now,
      })
      .returning()) as [VersionRow];
  }
  await c.emit(policyDraftSaved, {
    id: p.id,
    after: { number: row.number, changeSummary: row.changeSummary, significance: row.significance },
  });
  return row;
}

/** Sends a draft for review to named approvers (members who may approve; never its author when independence is on). */
export async function submitForReview(
  c: Change,
  policyId: string,
  versionId: string,
  approverIds: string[],
): Promise<VersionRow> {
  const organizationId = c.organizationId!;
  const v = await loadVersion(c.tx, organizationId, policyId, versionId);
  if (v.status !== "draft")
    throw conflict("not_a_draft", `Version ${v.number} is ${v.status.replace("_", " ")}: only a draft is submitted.`);
  const ids = [...new Set(approverIds)];
  const members = await membersOf(c.tx, organizationId, ids);
  const missing = ids.filter((id) => !members.some((m) => m.userId === id));
  if (missing.length) throw badRequest("unknown_approver", "Every approver must be a member of this organization.");
  const cannot = members.filter((m) => !allows(table, { userId: m.userId, role: m.role as never }, "policies.approve"));
  if (cannot.length)
    throw badRequest(
      "approver_role",
      `${cannot.map((m) => m.name).join(", ")} cannot approve policies (employees, viewers and auditors do not): name an owner, admin, compliance manager or control owner.`,
    );
  const settings = await settingsOf(c.tx, organizationId);
  for (const id of ids) {
    const problem = rules.approverProblem(v.authorUserId, id, settings.independentApproval);
    if (problem) throw conflict("author_cannot_approve", problem);
  }
  await c.tx.delete(policyApprovals).where(eq(policyApprovals.versionId, v.id));
  await c.tx
    .insert(policyApprovals)
    .values(ids.map((userId) => ({ id: newId(), organizationId, versionId: v.id, userId })));
  const [row] = await c.tx
    .update(policyVersions)
    .set({ status: "in_review", submittedAt: c.now, updatedAt: c.now })
    .where(eq(policyVersions.id, v.id))
    .returning();
  await c.emit(policySubmitted, {
    id: policyId,
    before: { status: "draft" },
    after: { number: v.number, status: "in_review", approvers: ids },
  });
  return row!;
}

/** An approver approves the version (approved when every approver has) or sends it back to draft with a comment. */
export async function decide(
  c: Change,
  policyId: string,
  versionId: string,
  decision: "approved" | "changes_requested",
  comment: string | null,
): Promise<VersionRow> {
  const actor = c.actor;
  if (actor.kind === "system") throw forbidden("Only a person approves a policy.");
  const organizationId = c.organizationId!;
  const v = await loadVersion(c.tx, organizationId, policyId, versionId);
  const approvals = await c.tx.select().from(policyApprovals).where(eq(policyApprovals.versionId, v.id));
  const settings = await settingsOf(c.tx, organizationId);
  const problem = rules.decideProblem(
    subjectOf(actor),
    v,
    approvals.map((a) => a.userId),
    settings.independentApproval,
  );
  if (problem) throw new AppError(v.status !== "in_review" ? 409 : 403, "cannot_decide", problem);
  if (decision === "changes_requested" && !comment?.trim())
    throw badRequest("comment_required", "Say what must change: the author reads your comment.");
  await c.tx
    .update(policyApprovals)
    .set({ decision, comment, decidedAt: c.now })
    .where(and(eq(policyApprovals.versionId, v.id), eq(policyApprovals.userId, actor.userId)));
  if (decision === "changes_requested") {
    const [row] = await c.tx
      .update(policyVersions)
      .set({ status: "draft", submittedAt: null, updatedAt: c.now })
      .where(eq(policyVersions.id, v.id))
      .returning();
    await c.emit(policyChangesRequested, {
      id: policyId,
      before: { status: "in_review" },
      after: { number: v.number, status: "draft", comment },
    });
    return row!;
  }
  const all = approvals.every((a) => a.userId === actor.userId || a.decision === "approved");
  const [row] = await c.tx
    .update(policyVersions)
    .set(all ? { status: "approved", approvedAt: c.now, updatedAt: c.now } : { updatedAt: c.now })
    .where(eq(policyVersions.id, v.id))
    .returning();
  await c.emit(policyApproved, {
    id: policyId,
    after: { number: v.number, approved: all, ...(comment ? { comment } : {}) },
  });
  return row!;
}

/** Rows per statement: each chunk travels as one JSON parameter. */
const ACK_CHUNK = 5000;

/**
 * Inserts acceptance requests (skipping people already asked for that version). Each chunk is one statement with
 * one JSON parameter (ids are generated here, as everywhere), so 10,000 people cost a few round trips, not 70,000
 * bound parameters.
 */
export async function insertRequests(
  c: Change,
  rows: { policyId: string; versionId: string; personId: string; dueDate: string }[],
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += ACK_CHUNK) {
    const chunk = rows.slice(i, i + ACK_CHUNK).map((r) => [newId(), r.policyId, r.versionId, r.personId, r.dueDate]);
    const [done] = await queryRows<{ n: number }>(
      c.tx,
      sql`WITH inserted AS (
        INSERT INTO policy_acknowledgements (id, organization_id, policy_id, version_id, person_id, requested_at, due_date)
        SELECT (r->>0)::uuid, ${c.organizationId}::uuid, (r->>1)::uuid, (r->>2)::uuid, (r->>3)::uuid,
          ${c.now.toISOString()}::timestamptz, (r->>4)::date
        FROM jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) AS r
        ON CONFLICT (version_id, person_id) DO NOTHING
        RETURNING 1
      ) SELECT count(*)::int AS n FROM inserted`,
    );
    inserted += done?.n ?? 0;
  }
  return inserted;
}

/**
 * Publishes an approved version to the audience: it becomes current (the previous one superseded), the next review
 * date is set, and a major version asks everyone in the audience to accept it (a minor one does not: acceptances of
 * the version it amends still count).
 */
export async function publishVersion(
  c: Change,
  policyId: string,
  versionId: string,
  audience: PolicyAudience | undefined,
): Promise<{ version: VersionRow; requested: number }> {
  const organizationId = c.organizationId!;
  const p = await loadPolicy(c.tx, organizationId, policyId);
  const v = await loadVersion(c.tx, organizationId, policyId, versionId);
  if (v.status !== "approved")
    throw conflict(
      "not_approved",
      `Version ${v.number} is ${v.status.replace("_", " ")}: only a version every approver approved can be published.`,
    );
  const settings = await settingsOf(c.tx, organizationId);
  const today = utcDay(c.now);
  if (p.currentVersionId)
    await c.tx
      .update(policyVersions)
      .set({ status: "superseded", updatedAt: c.now })
      .where(eq(policyVersions.id, p.currentVersionId));
  const [version] = await c.tx
    .update(policyVersions)
    .set({ status: "published", publishedAt: c.now, publishedBy: userOf(c), updatedAt: c.now })
    .where(eq(policyVersions.id, v.id))
    .returning();
  const chosen = audience ?? p.audience;
  const major = v.significance === "major" || !p.requiredVersionId;
  await c.tx
    .update(policies)
    .set({
      currentVersionId: v.id,
      ...(major ? { requiredVersionId: v.id } : {}),
      audience: chosen,
      nextReviewDate: addMonths(today, p.reviewCadenceMonths),
      reviewReminded: null,
      updatedAt: c.now,
    })
    .where(eq(policies.id, p.id));
  let requested = 0;
  if (major) {
    const ids = await c.tx.select({ id: people.id }).from(people).where(audienceWhere(organizationId, chosen));
    const dueDate = addDays(today, settings.acceptanceDueDays);
    requested = await insertRequests(
      c,
      ids.map((r) => ({ policyId: p.id, versionId: v.id, personId: r.id, dueDate })),
    );
  }
  await c.emit(policyPublished, {
    id: p.id,
    before: p.currentVersionId ? { currentVersionId: p.currentVersionId } : undefined,
    after: { number: v.number, significance: v.significance, audience: chosen, requested },
  });
  await touchControls(c, p);
  return { version: version!, requested };
}

/** The owner reviewed the current version and keeps it: the next review moves one cadence on from today. */
export async function markReviewed(c: Change, policyId: string): Promise<PolicyRow> {
  const p = await loadPolicy(c.tx, c.organizationId!, policyId);
  if (!p.currentVersionId)
    throw conflict("not_published", "Only a published policy is reviewed: publish a version first.");
  const next = addMonths(utcDay(c.now), p.reviewCadenceMonths);
  const [row] = await c.tx
    .update(policies)
    .set({ nextReviewDate: next, reviewReminded: null, updatedAt: c.now })
    .where(eq(policies.id, p.id))
    .returning();
  await c.emit(policyReviewed, {
    id: p.id,
    before: { nextReviewDate: p.nextReviewDate },
    after: { nextReviewDate: next },
  });
  await touchControls(c, p);
  return row!;
}

/**
 * The person accepts the policy's current version (their request is for the required, major version). Records who,
 * which version, when and from where; accepting twice changes nothing.
 */
export async function acceptPolicy(
  c: Change,
  policyId: string,
  personId: string,
  from: { ip: string | null; userAgent: string | null },
) {
  const organizationId = c.organizationId!;
  const p = await loadPolicy(c.tx, organizationId, policyId);
  if (!p.requiredVersionId || !p.currentVersionId) throw notFound("The policy");
  const [request] = await c.tx
    .select()
    .from(policyAcknowledgements)
    .where(
      and(eq(policyAcknowledgements.versionId, p.requiredVersionId), eq(policyAcknowledgements.personId, personId)),
    );
  if (!request) throw notFound("A request to accept this policy");
  if (request.acceptedAt) return request;
  const settings = await settingsOf(c.tx, organizationId);
  const before = percentOf((await acceptanceCounts(c.tx, organizationId, [p.id])).get(p.id));
  const [row] = await c.tx
    .update(policyAcknowledgements)
    .set({
      acceptedAt: c.now,
      acceptedVersionId: p.currentVersionId,
      acceptedByUserId: userOf(c),
      ip: from.ip?.slice(0, 100) ?? null,
      userAgent: from.userAgent?.slice(0, 500) ?? null,
    })
    .where(and(eq(policyAcknowledgements.id, request.id), isNull(policyAcknowledgements.acceptedAt)))
    .returning();
  const [current] = await c.tx
    .select({ number: policyVersions.number })
    .from(policyVersions)
    .where(eq(policyVersions.id, p.currentVersionId));
  await c.emit(policyAccepted, {
    id: p.id,
    after: { personId, version: current?.number, ip: row!.ip, userAgent: row!.userAgent },
  });
  const after = percentOf((await acceptanceCounts(c.tx, organizationId, [p.id])).get(p.id));
  const required = settings.requiredAcceptancePercent;
  if (before < required !== after < required) await touchControls(c, p);
  return row!;
}

export async function updateSettings(c: Change, patch: Partial<PolicySettings>) {
  const organizationId = c.organizationId!;
  const before = await settingsOf(c.tx, organizationId);
  const changed = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && before[k as keyof PolicySettings] !== v),
  ) as Partial<PolicySettings>;
  if (!Object.keys(changed).length) return before;
  const next = { ...before, ...changed };
  await c.tx
    .insert(policySettings)
    .values({ organizationId, ...next, updatedAt: c.now })
    .onConflictDoUpdate({ target: policySettings.organizationId, set: { ...changed, updatedAt: c.now } });
  await c.emit(policySettingsUpdated, {
    id: organizationId,
    before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof PolicySettings]])),
    after: changed,
  });
  // The required share moves what the controls say about every adopted policy.
  if ("requiredAcceptancePercent" in changed) {
    const rows = await c.tx
      .select({ templateId: policies.templateId })
      .from(policies)
      .where(and(eq(policies.organizationId, organizationId), ne(policies.title, sql`''`)));
    const keys = [...new Set(rows.flatMap((r) => controlsOf(r)))];
    if (keys.length) await c.emit(controlInputsChanged, { keys });
  }
  return next;
}
