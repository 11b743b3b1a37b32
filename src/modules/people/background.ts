/** Background checks, recorded minimally: date, provider, outcome and an evidence link; no detail of the screening. */
import { and, desc, eq, inArray } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import { nextBackgroundCheck } from "../../core/people-routines.ts";
import type { Subject } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { backgroundChecks } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import { proofFileOf } from "../evidence/public.ts";
import { completeByKey, peopleControlsChanged } from "./checklists.ts";
import { loadPerson } from "./commands.ts";
import { backgroundCheckRecorded } from "./events.ts";
import { loadPeopleSettings } from "./settings.ts";

export async function recordBackgroundCheck(
  c: Change,
  personId: string,
  body: {
    checkedOn: string;
    provider: string;
    outcome: "clear" | "consider" | "not_required";
    evidenceUrl: string | null;
    evidenceId?: string | null;
  },
  subject: Subject | null = null,
) {
  const organizationId = c.organizationId!;
  const p = await loadPerson(c.tx, organizationId, personId);
  const proof = body.evidenceId ? await proofFileOf(c.tx, organizationId, subject, body.evidenceId) : null;
  if (body.checkedOn > c.now.toISOString().slice(0, 10))
    throw badRequest("checked_in_future", "The check date is in the future: record a check once it is done.");
  const settings = await loadPeopleSettings(c.tx, organizationId);
  const [row] = await c.tx
    .insert(backgroundChecks)
    .values({
      id: newId(),
      organizationId,
      personId,
      ...body,
      evidenceId: proof?.id ?? null,
      nextDue: nextBackgroundCheck(body.checkedOn, settings.backgroundRecheckMonths),
      recordedBy: c.actor.kind === "system" ? null : c.actor.userId,
      createdAt: c.now,
    })
    .returning();
  await c.emit(backgroundCheckRecorded, {
    id: personId,
    after: { fullName: p.fullName, checkedOn: body.checkedOn, provider: body.provider, outcome: body.outcome },
  });
  if (body.outcome !== "consider")
    await completeByKey(c, personId, "background_check", `Background check by ${body.provider} on ${body.checkedOn}.`);
  await peopleControlsChanged(c);
  return row!;
}

/** Every check of these people, newest first. */
export async function checksOf(db: Db, organizationId: string, personIds: readonly string[]) {
  if (!personIds.length) return [];
  return db
    .select()
    .from(backgroundChecks)
    .where(and(eq(backgroundChecks.organizationId, organizationId), inArray(backgroundChecks.personId, [...personIds])))
    .orderBy(desc(backgroundChecks.checkedOn), desc(backgroundChecks.createdAt));
}

/** The newest check of each person. */
export function latestByPerson(rows: readonly (typeof backgroundChecks.$inferSelect)[]) {
  const latest = new Map<string, typeof backgroundChecks.$inferSelect>();
  for (const r of rows) if (!latest.has(r.personId)) latest.set(r.personId, r);
  return latest;
}
