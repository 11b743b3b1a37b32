/**
 * What training contributes to the rest of Assay: the HR-04 check that feeds the control status rule, and the
 * "Complete security awareness training" task each person owes (the employee portal and the people dashboard).
 */
import type { ControlCheck } from "../../core/control-status.ts";
import type { PersonTask } from "../../core/person-tasks.ts";
import type { Db } from "../../db/client.ts";
import type { ControlCheckProvider, PersonTaskProvider } from "../../kernel/routines.ts";
import { peopleByIds } from "../people/public.ts";
import { audienceOf, COURSE_ID, organizationStanding, settingsOf, standingsOf, TRAINING_CONTROL } from "./store.ts";

export const PORTAL_COURSE_HREF = "/portal/training";

export const controlChecks: ControlCheckProvider = {
  name: "training",
  async collect(db: Db, organizationId: string, now: Date, keys?: readonly string[]) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !keys.includes(TRAINING_CONTROL)) return out;
    const { check, standings } = await organizationStanding(db, organizationId, now);
    if (!check) return out;
    // Since when: the latest completion for a met check, the earliest lapse for a lapsed one.
    const since =
      check.state === "met"
        ? standings.reduce<string | null>(
            (m, s) => (s.training.completedOn && (!m || s.training.completedOn > m) ? s.training.completedOn : m),
            null,
          )
        : check.state === "lapsed"
          ? standings.reduce<string | null>(
              (m, s) => (s.training.status === "expired" && (!m || s.training.dueDate < m) ? s.training.dueDate : m),
              null,
            )
          : null;
    out.set(TRAINING_CONTROL, [
      {
        source: "training",
        label: "Security awareness training completed by staff",
        state: check.state,
        reason: check.reason,
        since: since ? `${since}T00:00:00.000Z` : null,
      },
    ]);
    return out;
  },
};

export const personTasks: PersonTaskProvider = {
  name: "training",
  async tasksFor(db: Db, organizationId: string, personIds: readonly string[], now: Date) {
    const out = new Map<string, PersonTask[]>();
    if (!personIds.length) return out;
    const s = await settingsOf(db, organizationId);
    const audience = new Set((await audienceOf(db, organizationId, s)).map((p) => p.id));
    const list = (await peopleByIds(db, organizationId, personIds)).filter((p) => audience.has(p.id));
    for (const { person, training } of await standingsOf(db, organizationId, list, s, now)) {
      const done = training.status === "complete";
      out.set(person.id, [
        {
          id: COURSE_ID,
          module: "training",
          kind: "training",
          title: done
            ? `Complete security awareness training (done, valid until ${training.validUntil})`
            : training.status === "expired"
              ? "Complete security awareness training again (your last completion expired)"
              : "Complete security awareness training",
          dueDate: training.dueDate,
          state: done ? "done" : training.status === "due" ? "open" : "overdue",
          href: PORTAL_COURSE_HREF,
          doneAt: done && training.completedOn ? `${training.completedOn}T00:00:00.000Z` : null,
        },
      ]);
    }
    return out;
  },
};
