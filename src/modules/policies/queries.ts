/** Read models of policies: the list, one policy with its versions, diffs, tracking and the portal's view. */
import { diffLines, diffWords } from "diff";
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  people,
  policies,
  policyAcknowledgements,
  policyApprovals,
  policyVersions,
  users,
} from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { controlsOf } from "./commands.ts";
import {
  acceptanceCounts,
  loadPolicy,
  loadVersion,
  type PolicyRow,
  percentOf,
  settingsOf,
  type VersionRow,
} from "./store.ts";

async function names(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function versionSummaries(db: Db, versions: VersionRow[]) {
  const approvals = versions.length
    ? await db
        .select()
        .from(policyApprovals)
        .where(
          inArray(
            policyApprovals.versionId,
            versions.map((v) => v.id),
          ),
        )
    : [];
  const who = await names(db, [...versions.map((v) => v.authorUserId), ...approvals.map((a) => a.userId)]);
  return versions.map(({ body: _body, ...v }) => ({
    ...v,
    authorName: v.authorUserId ? (who.get(v.authorUserId) ?? null) : null,
    approvals: approvals
      .filter((a) => a.versionId === v.id)
      .map((a) => ({
        userId: a.userId,
        name: who.get(a.userId) ?? "",
        decision: a.decision,
        comment: a.comment,
        decidedAt: a.decidedAt,
      })),
  }));
}

async function items(db: Db, organizationId: string, rows: PolicyRow[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const versions = await db
    .select({
      policyId: policyVersions.policyId,
      id: policyVersions.id,
      number: policyVersions.number,
      status: policyVersions.status,
    })
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, organizationId), inArray(policyVersions.policyId, ids)))
    .orderBy(desc(policyVersions.number));
  const counts = await acceptanceCounts(db, organizationId, ids);
  const owners = await names(
    db,
    rows.map((r) => r.ownerUserId),
  );
  return rows.map((r) => {
    const mine = versions.filter((v) => v.policyId === r.id);
    const latest = mine[0]!;
    const current = mine.find((v) => v.id === r.currentVersionId);
    const c = counts.get(r.id);
    return {
      id: r.id,
      title: r.title,
      templateId: r.templateId,
      templateVersion: r.templateVersion,
      ownerUserId: r.ownerUserId,
      ownerName: r.ownerUserId ? (owners.get(r.ownerUserId) ?? null) : null,
      reviewCadenceMonths: r.reviewCadenceMonths,
      audience: r.audience,
      nextReviewDate: r.nextReviewDate,
      currentNumber: current?.number ?? null,
      latestNumber: latest.number,
      latestStatus: latest.status,
      requested: c?.requested ?? 0,
      accepted: c?.accepted ?? 0,
      percent: percentOf(c),
      controls: controlsOf(r),
      updatedAt: r.updatedAt,
    };
  });
}

export async function listPolicies(db: Db, organizationId: string) {
  const rows = await db
    .select()
    .from(policies)
    .where(eq(policies.organizationId, organizationId))
    .orderBy(asc(policies.title), asc(policies.id));
  return { items: await items(db, organizationId, rows), settings: await settingsOf(db, organizationId) };
}

export async function policyDetail(db: Db, organizationId: string, id: string) {
  const p = await loadPolicy(db, organizationId, id);
  const [item] = await items(db, organizationId, [p]);
  const versions = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, organizationId), eq(policyVersions.policyId, id)))
    .orderBy(desc(policyVersions.number));
  return { ...item!, versions: await versionSummaries(db, versions), settings: await settingsOf(db, organizationId) };
}

export async function versionDetail(db: Db, organizationId: string, policyId: string, versionId: string) {
  const v = await loadVersion(db, organizationId, policyId, versionId);
  const [summary] = await versionSummaries(db, [v]);
  return { ...summary!, body: v.body };
}

type DiffKind = "added" | "removed" | "unchanged";
const kindOf = (p: { added?: boolean; removed?: boolean }): DiffKind =>
  p.added ? "added" : p.removed ? "removed" : "unchanged";

/**
 * The words that changed between a removed block and the added block that replaces it, for each side (its unchanged
 * words and its own changes) — only when the blocks are mostly alike, since highlighting every word of a rewritten
 * paragraph says nothing the line diff did not.
 */
function changedWords(removed: string, added: string) {
  const words = diffWords(removed, added).map((w) => ({ kind: kindOf(w), text: w.value }));
  const same = words.filter((w) => w.kind === "unchanged").reduce((n, w) => n + w.text.trim().length, 0);
  if (same < 0.5 * Math.max(removed.trim().length, added.trim().length)) return null;
  const sides = {
    removed: merged(words.filter((w) => w.kind !== "added")),
    added: merged(words.filter((w) => w.kind !== "removed")),
  };
  // Word diffs compare whitespace loosely: when a side no longer spells its own text, the line view is the honest one.
  const spells = (ws: readonly { text: string }[], text: string) => ws.map((w) => w.text).join("") === text;
  return spells(sides.removed, removed) && spells(sides.added, added) ? sides : null;
}

/** Neighbouring words of one kind as one run ("every time", not "every" + " " + "time"). */
function merged(words: readonly { kind: DiffKind; text: string }[]) {
  const out: { kind: DiffKind; text: string }[] = [];
  for (const w of words) {
    const last = out.at(-1);
    if (last?.kind === w.kind) last.text += w.text;
    else out.push({ ...w });
  }
  return out;
}

/**
 * The line diff between two versions (by number): parts in order, each added, removed or unchanged; a removed block
 * followed by the block that replaces it also carries the words that changed inside it.
 */
export function diffBodies(before: string, after: string) {
  const parts: { kind: DiffKind; text: string; words?: { kind: DiffKind; text: string }[] }[] = diffLines(
    before,
    after,
  ).map((p) => ({ kind: kindOf(p), text: p.value }));
  for (let i = 0; i + 1 < parts.length; i++) {
    const [removed, added] = [parts[i]!, parts[i + 1]!];
    if (removed.kind !== "removed" || added.kind !== "added") continue;
    const words = changedWords(removed.text, added.text);
    if (words) [removed.words, added.words] = [words.removed, words.added];
  }
  const lines = (kind: string) =>
    parts
      .filter((p) => p.kind === kind)
      .reduce((n, p) => n + p.text.split("\n").filter((l, i, a) => l || i < a.length - 1).length, 0);
  return { added: lines("added"), removed: lines("removed"), parts };
}

export async function versionDiff(
  db: Db,
  organizationId: string,
  policyId: string,
  asked: { from?: number; to?: number },
) {
  await loadPolicy(db, organizationId, policyId);
  const [latest] = await db
    .select({ n: policyVersions.number })
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, organizationId), eq(policyVersions.policyId, policyId)))
    .orderBy(desc(policyVersions.number))
    .limit(1);
  const to = asked.to ?? latest?.n ?? 1;
  const from = asked.from ?? to - 1;
  if (from < 1) throw badRequest("nothing_to_compare", "The policy has one version: there is nothing to compare yet.");
  if (from === to) throw badRequest("same_version", "Choose two different versions to compare.");
  const [a, b] = await Promise.all([
    loadVersion(db, organizationId, policyId, from),
    loadVersion(db, organizationId, policyId, to),
  ]);
  return { from, to, ...diffBodies(a.body, b.body) };
}

export interface TrackingFilter {
  state?: "accepted" | "outstanding";
  q?: string;
  page: number;
  pageSize: number;
}

/** Who was asked to accept the policy's required version, who did (which version, when, from where), and the share. */
export async function tracking(db: Db, organizationId: string, policyId: string, f: TrackingFilter) {
  const p = await loadPolicy(db, organizationId, policyId);
  const counts = (await acceptanceCounts(db, organizationId, [p.id])).get(p.id);
  const required = p.requiredVersionId
    ? (
        await db
          .select({ n: policyVersions.number })
          .from(policyVersions)
          .where(eq(policyVersions.id, p.requiredVersionId))
      )[0]
    : undefined;
  const head = {
    policyId: p.id,
    title: p.title,
    requiredVersion: required?.n ?? null,
    requested: counts?.requested ?? 0,
    accepted: counts?.accepted ?? 0,
    percent: percentOf(counts),
  };
  if (!p.requiredVersionId) return { ...head, items: [], total: 0, page: f.page, pageSize: f.pageSize };
  const where: SQL[] = [
    eq(policyAcknowledgements.organizationId, organizationId),
    eq(policyAcknowledgements.versionId, p.requiredVersionId),
    ne(people.status, "left"),
  ];
  if (f.state === "accepted") where.push(isNotNull(policyAcknowledgements.acceptedAt));
  if (f.state === "outstanding") where.push(isNull(policyAcknowledgements.acceptedAt));
  if (f.q) where.push(or(ilike(people.fullName, likePattern(f.q)), ilike(people.email, likePattern(f.q)))!);
  const accepted = db
    .select({ id: policyVersions.id, number: policyVersions.number })
    .from(policyVersions)
    .where(eq(policyVersions.policyId, p.id))
    .as("accepted_version");
  const [rows, [total]] = await Promise.all([
    db
      .select({
        personId: people.id,
        fullName: people.fullName,
        email: people.email,
        department: people.department,
        kind: people.kind,
        requestedAt: policyAcknowledgements.requestedAt,
        dueDate: policyAcknowledgements.dueDate,
        acceptedAt: policyAcknowledgements.acceptedAt,
        acceptedVersion: accepted.number,
        ip: policyAcknowledgements.ip,
        userAgent: policyAcknowledgements.userAgent,
      })
      .from(policyAcknowledgements)
      .innerJoin(people, eq(people.id, policyAcknowledgements.personId))
      .leftJoin(accepted, eq(accepted.id, policyAcknowledgements.acceptedVersionId))
      .where(and(...where))
      .orderBy(asc(people.fullName), asc(people.id))
      .limit(f.pageSize)
      .offset(pageOffset(f)),
    db
      .select({ n: count() })
      .from(policyAcknowledgements)
      .innerJoin(people, eq(people.id, policyAcknowledgements.personId))
      .where(and(...where)),
  ]);
  return { ...head, items: rows, total: total?.n ?? 0, page: f.page, pageSize: f.pageSize };
}

/** The acceptance requests one person of the organization received. */
const requestsOf = (organizationId: string, personId: string) =>
  and(eq(policyAcknowledgements.organizationId, organizationId), eq(policyAcknowledgements.personId, personId));

/** What the portal shows a person: the policies they are asked to accept, accepted or not. */
export async function portalItems(db: Db, organizationId: string, personId: string) {
  const current = db
    .select({ id: policyVersions.id, number: policyVersions.number })
    .from(policyVersions)
    .where(eq(policyVersions.organizationId, organizationId))
    .as("current_version");
  return db
    .select({
      policyId: policies.id,
      title: policies.title,
      requiredVersion: policyVersions.number,
      currentVersion: current.number,
      dueDate: policyAcknowledgements.dueDate,
      acceptedAt: policyAcknowledgements.acceptedAt,
    })
    .from(policyAcknowledgements)
    .innerJoin(policies, eq(policies.requiredVersionId, policyAcknowledgements.versionId))
    .innerJoin(policyVersions, eq(policyVersions.id, policyAcknowledgements.versionId))
    .innerJoin(current, eq(current.id, policies.currentVersionId))
    .where(requestsOf(organizationId, personId))
    .orderBy(asc(policyAcknowledgements.acceptedAt), asc(policyAcknowledgements.dueDate), asc(policies.title));
}

export async function portalItem(db: Db, organizationId: string, personId: string, policyId: string) {
  const item = (await portalItems(db, organizationId, personId)).find((i) => i.policyId === policyId);
  if (!item) throw notFound("A policy you are asked to accept");
  const p = await loadPolicy(db, organizationId, policyId);
  const v = await loadVersion(db, organizationId, policyId, p.currentVersionId!);
  return { ...item, body: v.body, changeSummary: v.changeSummary };
}

type AcceptanceState = "accepted" | "outstanding" | "overdue" | "superseded";

/**
 * Every acceptance request one person received, newest version first within a policy: what they accepted (version,
 * when, from which address and browser) and what they still owe. Policies they were never asked about are absent.
 */
export async function personAcceptances(db: Db, organizationId: string, personId: string, now = new Date()) {
  const [person] = await db
    .select({ id: people.id, fullName: people.fullName })
    .from(people)
    .where(and(eq(people.organizationId, organizationId), eq(people.id, personId)));
  if (!person) throw notFound("The person");
  const requested = db
    .select({ id: policyVersions.id, number: policyVersions.number })
    .from(policyVersions)
    .as("requested_version");
  const accepted = db
    .select({ id: policyVersions.id, number: policyVersions.number })
    .from(policyVersions)
    .as("accepted_version");
  const rows = await db
    .select({
      policyId: policies.id,
      title: policies.title,
      requiredVersionId: policies.requiredVersionId,
      versionId: policyAcknowledgements.versionId,
      requestedVersion: requested.number,
      requestedAt: policyAcknowledgements.requestedAt,
      dueDate: policyAcknowledgements.dueDate,
      acceptedAt: policyAcknowledgements.acceptedAt,
      acceptedVersion: accepted.number,
      ip: policyAcknowledgements.ip,
      userAgent: policyAcknowledgements.userAgent,
    })
    .from(policyAcknowledgements)
    .innerJoin(policies, eq(policies.id, policyAcknowledgements.policyId))
    .innerJoin(requested, eq(requested.id, policyAcknowledgements.versionId))
    .leftJoin(accepted, eq(accepted.id, policyAcknowledgements.acceptedVersionId))
    .where(requestsOf(organizationId, personId))
    .orderBy(asc(policies.title), asc(policies.id), desc(requested.number));
  const today = now.toISOString().slice(0, 10);
  const items = rows.map(({ requiredVersionId, versionId, ...r }) => {
    const current = versionId === requiredVersionId;
    const state: AcceptanceState = r.acceptedAt
      ? "accepted"
      : !current
        ? "superseded"
        : r.dueDate < today
          ? "overdue"
          : "outstanding";
    return { ...r, current, state };
  });
  // What they owe first, then what they accepted, then history.
  const rank = (s: AcceptanceState, current: boolean) =>
    s === "overdue" ? 0 : s === "outstanding" ? 1 : current ? 2 : 3;
  items.sort((a, b) => rank(a.state, a.current) - rank(b.state, b.current));
  const required = items.filter((i) => i.current);
  return {
    personId: person.id,
    fullName: person.fullName,
    accepted: required.filter((i) => i.state === "accepted").length,
    outstanding: required.filter((i) => i.state === "outstanding" || i.state === "overdue").length,
    overdue: required.filter((i) => i.state === "overdue").length,
    items,
  };
}
