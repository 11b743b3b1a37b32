/**
 * What policies contribute beyond their own pages: the check on each library control that names a policy, the
 * "accept this policy" tasks people owe, and the requests for people who join an audience after publication.
 */
import { and, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { ControlCheck } from "../../core/control-status.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { type PersonTask, taskState } from "../../core/person-tasks.ts";
import type { Db } from "../../db/client.ts";
import { people, policies, policyAcknowledgements, policyVersions } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { payloadsOf } from "../../kernel/events.ts";
import type { ControlCheckProvider, PersonTaskProvider } from "../../kernel/routines.ts";
import type { Subscriber } from "../../kernel/subscribers.ts";
import { personCreated, personUpdated } from "../people/events.ts";
import { controlsOf, insertRequests } from "./commands.ts";
import { policyRequested } from "./events.ts";
import { acceptanceCounts, percentOf, settingsOf } from "./store.ts";

export const SOURCE = "policies";
/** A person who joins after publication has this many days from their start (or from today, if later). */
export const NEW_HIRE_DAYS = 7;

/** The check one policy gives each control that names it (pure: the inputs come from the queries below). */
export function policyCheck(
  p: {
    title: string;
    currentNumber: number | null;
    publishedAt: Date | null;
    nextReviewDate: string | null;
    requested: number;
    accepted: number;
  },
  requiredPercent: number,
  today: string,
): ControlCheck {
  const base = { source: SOURCE, label: `${p.title} approved, current and accepted` };
  if (p.currentNumber === null || !p.publishedAt)
    return {
      ...base,
      state: "not_met",
      reason: `The ${p.title} has no published version yet: get a version approved and publish it to staff.`,
      since: null,
    };
  if (p.nextReviewDate && p.nextReviewDate < today)
    return {
      ...base,
      state: "lapsed",
      reason: `The ${p.title} was due for review on ${p.nextReviewDate}: its owner should review it (or publish a new version).`,
      since: `${p.nextReviewDate}T00:00:00.000Z`,
    };
  const percent = percentOf(p);
  if (percent < requiredPercent)
    return {
      ...base,
      state: "not_met",
      reason: `${p.accepted} of ${p.requested} people (${percent}%) accepted the ${p.title}; ${requiredPercent}% must. Remind the people who have not.`,
      since: p.publishedAt.toISOString(),
    };
  return {
    ...base,
    state: "met",
    reason: `The ${p.title} version ${p.currentNumber} is published, reviewed by ${p.nextReviewDate} and accepted by ${percent}% of its audience.`,
    since: p.publishedAt.toISOString(),
  };
}

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    const rows = await db
      .select({
        id: policies.id,
        title: policies.title,
        templateId: policies.templateId,
        nextReviewDate: policies.nextReviewDate,
        currentNumber: policyVersions.number,
        publishedAt: policyVersions.publishedAt,
      })
      .from(policies)
      .leftJoin(policyVersions, eq(policyVersions.id, policies.currentVersionId))
      .where(and(eq(policies.organizationId, organizationId), isNotNull(policies.templateId)));
    const wanted = keys ? new Set(keys) : null;
    const relevant = rows.filter((r) => controlsOf(r).some((k) => !wanted || wanted.has(k)));
    if (!relevant.length) return out;
    const counts = await acceptanceCounts(
      db,
      organizationId,
      relevant.map((r) => r.id),
    );
    const { requiredAcceptancePercent } = await settingsOf(db, organizationId);
    const today = utcDay(now);
    for (const r of relevant) {
      const c = counts.get(r.id);
      const check = policyCheck(
        { ...r, requested: c?.requested ?? 0, accepted: c?.accepted ?? 0 },
        requiredAcceptancePercent,
        today,
      );
      for (const key of controlsOf(r)) if (!wanted || wanted.has(key)) out.set(key, [...(out.get(key) ?? []), check]);
    }
    return out;
  },
};

export const portalLink = (policyId: string) => `/portal/policies/${policyId}`;

/** Outstanding and done requests of these people for each policy's required version. */
export async function requestsOf(db: Db, organizationId: string, personIds: readonly string[]) {
  return db
    .select({
      personId: policyAcknowledgements.personId,
      policyId: policies.id,
      title: policies.title,
      number: policyVersions.number,
      dueDate: policyAcknowledgements.dueDate,
      acceptedAt: policyAcknowledgements.acceptedAt,
    })
    .from(policyAcknowledgements)
    .innerJoin(policies, eq(policies.requiredVersionId, policyAcknowledgements.versionId))
    .innerJoin(policyVersions, eq(policyVersions.id, policyAcknowledgements.versionId))
    .where(
      and(
        eq(policyAcknowledgements.organizationId, organizationId),
        inArray(policyAcknowledgements.personId, [...personIds]),
      ),
    );
}

export const personTasks: PersonTaskProvider = {
  name: SOURCE,
  async tasksFor(db, organizationId, personIds, now) {
    const out = new Map<string, PersonTask[]>();
    if (!personIds.length) return out;
    const today = utcDay(now);
    for (const r of await requestsOf(db, organizationId, personIds)) {
      const task: PersonTask = {
        id: `${r.policyId}:${r.number}`,
        module: SOURCE,
        kind: "policy",
        title: `Accept the ${r.title}, version ${r.number}`,
        dueDate: r.dueDate,
        state: taskState(r.dueDate, r.acceptedAt, today),
        href: portalLink(r.policyId),
        doneAt: r.acceptedAt?.toISOString() ?? null,
      };
      out.set(r.personId, [...(out.get(r.personId) ?? []), task]);
    }
    return out;
  },
};

/**
 * People added to the directory (or changed: a new department, back from leave) after a policy was published are
 * asked to accept it when they are in its audience and have no request yet.
 */
export const newPeopleSubscriber: Subscriber = {
  name: "policies.new-people",
  on: [personCreated, personUpdated] as never[],
  async handle(c: Change, events) {
    const organizationId = c.organizationId;
    if (!organizationId) return;
    const ids = [
      ...new Set([...payloadsOf(events, personCreated), ...payloadsOf(events, personUpdated)].map((p) => p.id)),
    ];
    const published = await c.tx
      .select()
      .from(policies)
      .where(and(eq(policies.organizationId, organizationId), isNotNull(policies.requiredVersionId)));
    if (!published.length || !ids.length) return;
    const persons = await c.tx
      .select()
      .from(people)
      .where(and(eq(people.organizationId, organizationId), inArray(people.id, ids), ne(people.status, "left")));
    if (!persons.length) return;
    const today = utcDay(c.now);
    for (const p of published) {
      const a = p.audience;
      const inAudience = persons.filter(
        (x) =>
          (!a.kinds?.length || a.kinds.includes(x.kind)) &&
          (!a.departments?.length || (x.department !== null && a.departments.includes(x.department))),
      );
      if (!inAudience.length) continue;
      const rows = inAudience.map((x) => ({
        policyId: p.id,
        versionId: p.requiredVersionId!,
        personId: x.id,
        dueDate: addDays(x.startDate && x.startDate > today ? x.startDate : today, NEW_HIRE_DAYS),
      }));
      const inserted = await insertRequests(c, rows);
      if (inserted)
        await c.emit(policyRequested, {
          id: p.id,
          after: { count: inserted, people: inAudience.map((x) => x.id) },
        });
    }
  },
};
