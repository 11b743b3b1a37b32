/**
 * What people modules contribute beyond events: checks on controls (a policy approved and accepted, training
 * completed) that feed the control status rule, and the tasks each person owes, read by the employee portal and the
 * people dashboard. Modules register them in their manifest; programs and the portal read them here, so neither
 * imports the modules that provide them.
 */
import type { ControlCheck } from "../core/control-status.ts";
import type { PersonTask } from "../core/person-tasks.ts";
import type { Db } from "../db/client.ts";

export interface ControlCheckProvider {
  /** The module name; also each check's `source`. */
  name: string;
  /**
   * Checks for controls, keyed by control key or library id (a library control's key is its library id). Only
   * these keys when given. Runs inside a change's transaction when `db` is its tx, so it must only read.
   */
  collect(db: Db, organizationId: string, now: Date, keys?: readonly string[]): Promise<Map<string, ControlCheck[]>>;
}

export interface PersonTaskProvider {
  name: string;
  /** Every task of these people (done ones included, for the record), keyed by person id. Batched for dashboards. */
  tasksFor(db: Db, organizationId: string, personIds: readonly string[], now: Date): Promise<Map<string, PersonTask[]>>;
}

const checkProviders: ControlCheckProvider[] = [];
const taskProviders: PersonTaskProvider[] = [];

export function installRoutines(
  list: readonly { controlChecks?: ControlCheckProvider; personTasks?: PersonTaskProvider }[],
) {
  for (const m of list) {
    if (m.controlChecks && !checkProviders.some((p) => p.name === m.controlChecks!.name))
      checkProviders.push(m.controlChecks);
    if (m.personTasks && !taskProviders.some((p) => p.name === m.personTasks!.name)) taskProviders.push(m.personTasks);
  }
}

/** Every provider's checks, merged per control key. */
export async function collectControlChecks(
  db: Db,
  organizationId: string,
  now: Date,
  keys?: readonly string[],
): Promise<Map<string, ControlCheck[]>> {
  const merged = new Map<string, ControlCheck[]>();
  for (const p of checkProviders)
    for (const [key, checks] of await p.collect(db, organizationId, now, keys))
      merged.set(key, [...(merged.get(key) ?? []), ...checks]);
  return merged;
}

/** Every provider's tasks for these people, merged per person, overdue first then by due date. */
export async function collectPersonTasks(
  db: Db,
  organizationId: string,
  personIds: readonly string[],
  now: Date,
): Promise<Map<string, PersonTask[]>> {
  const merged = new Map<string, PersonTask[]>(personIds.map((id) => [id, []]));
  if (!personIds.length) return merged;
  for (const p of taskProviders)
    for (const [personId, tasks] of await p.tasksFor(db, organizationId, personIds, now))
      merged.get(personId)?.push(...tasks);
  const rank = { overdue: 0, open: 1, done: 2 } as const;
  for (const tasks of merged.values())
    tasks.sort((a, b) => rank[a.state] - rank[b.state] || (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999"));
  return merged;
}
