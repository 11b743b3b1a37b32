/**
 * What the incident register says about controls (INC-04 records, INC-06 communication, INC-08 post-incident
 * review, INC-09 testing), judged by core/incidents.ts, and the hourly reminder that tells an incident's commander
 * about notifications due within a day or past their deadline (once per deadline and stage).
 */
import { and, eq, isNull, ne, or } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import type { ControlCheck } from "../../core/control-status.ts";
import {
  DUE_SOON_HOURS,
  exerciseCheck,
  type IncidentCheck,
  notificationCheck,
  OBLIGATION_AUDIENCE_LABELS,
  obligationState,
  postmortemCheck,
  recordsCheck,
} from "../../core/incidents.ts";
import { incidentObligations } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { emitAlert, stillMembers } from "../alerts/public.ts";
import { incidentObligationReminded } from "./events.ts";
import { checkInputs, obligationsToRemind } from "./queries.ts";
import { incidentLink, refOf } from "./store.ts";

const SOURCE = "incidents";
export const INCIDENT_CONTROLS = {
  records: "INC-04",
  communication: "INC-06",
  postmortem: "INC-08",
  testing: "INC-09",
} as const;

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    const wanted = Object.values(INCIDENT_CONTROLS).filter((k) => !keys || keys.includes(k));
    if (!wanted.length) return out;
    const inputs = await checkInputs(db, organizationId);
    const lastPostmortem =
      inputs.incidents
        .map((i) => i.postmortemAt)
        .filter((d): d is Date => !!d)
        .sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    const put = (key: string, label: string, check: IncidentCheck | null) => {
      if (check && wanted.includes(key as (typeof wanted)[number]))
        out.set(key, [{ source: SOURCE, label, ...check, since: null }]);
    };
    put(INCIDENT_CONTROLS.records, "Incidents recorded and triaged", recordsCheck(inputs.incidents, now));
    put(INCIDENT_CONTROLS.communication, "Notifications sent on time", notificationCheck(inputs.obligations, now));
    put(INCIDENT_CONTROLS.postmortem, "Post-mortems within 30 days", postmortemCheck(inputs.incidents, now));
    put(
      INCIDENT_CONTROLS.testing,
      "Incident response tested yearly",
      exerciseCheck(inputs.lastExercise, lastPostmortem, now),
    );
    return out;
  },
};

export const OBLIGATION_REMINDERS_JOB = "incidents.obligation_reminders";

/** Tells each commander about obligations due within a day or overdue; answers how many were sent. */
export async function remindObligations(ctx: Pick<AppContext, "db">, now = new Date()) {
  const due = await obligationsToRemind(ctx.db, now, DUE_SOON_HOURS * 3_600_000);
  let sent = 0;
  for (const { obligation: o, incident } of due) {
    const state = obligationState(o, now);
    if (state !== "overdue" && state !== "due_soon") continue;
    const key = `${o.deadlineAt.toISOString()}:${state}`;
    if (o.reminded === key) continue;
    await change(ctx.db, systemActor(o.organizationId, OBLIGATION_REMINDERS_JOB), async (c) => {
      const [claimed] = await c.tx
        .update(incidentObligations)
        .set({ reminded: key })
        .where(
          and(
            eq(incidentObligations.id, o.id),
            isNull(incidentObligations.notifiedAt),
            or(isNull(incidentObligations.reminded), ne(incidentObligations.reminded, key)),
          ),
        )
        .returning({ id: incidentObligations.id });
      if (!claimed) return;
      const [owner] = await stillMembers(c.tx, o.organizationId, [incident.ownerUserId]);
      if (!owner) return;
      const who = `${OBLIGATION_AUDIENCE_LABELS[o.audience]}${o.recipient ? ` (${o.recipient})` : ""}`;
      const deadline = `${o.deadlineAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
      // In the inbox and, by default, by email right away (the commander may tune it: alerts/kinds.ts).
      await emitAlert(c, {
        organizationId: o.organizationId,
        recipients: [owner],
        kind: state === "overdue" ? "incidents.notification_overdue" : "incidents.notification_due",
        title:
          state === "overdue"
            ? `${refOf(incident.number)}: the notice to ${who.toLowerCase()} is overdue`
            : `${refOf(incident.number)}: notify ${who.toLowerCase()} by ${deadline}`,
        body:
          state === "overdue"
            ? `The deadline was ${deadline}. Send the notice and record when it went out on the incident.`
            : `You command “${incident.title}”. The notice is due by ${deadline}; record it on the incident once sent.`,
        link: incidentLink(incident.id),
      });
      await c.emit(incidentObligationReminded, {
        id: incident.id,
        after: { number: incident.number, obligationId: o.id, stage: state },
      });
      sent++;
    });
  }
  return sent;
}

export const jobs: JobDefinition[] = [
  { name: OBLIGATION_REMINDERS_JOB, run: async (ctx) => ({ reminded: await remindObligations(ctx) }) },
];
/** Hourly: deadlines are counted in hours. */
export const schedules: ScheduleDefinition[] = [{ name: OBLIGATION_REMINDERS_JOB, intervalSeconds: 3600 }];
