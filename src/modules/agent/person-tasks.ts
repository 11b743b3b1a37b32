/**
 * What each person owes about their devices (kernel/routines.ts): enrol a computer that keeps reporting, and fix
 * each failing check of their devices. The employee portal, the people dashboard and onboarding checklists read
 * these through the manifest's `personTasks`.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { PersonTask } from "../../core/person-tasks.ts";
import type { Db } from "../../db/client.ts";
import { connections, devices, testStatusIntervals } from "../../db/schema/index.ts";
import { LINUX_AGENT_TESTS, platformOfTest } from "../../integrations/linux-agent/tests.ts";
import type { PersonTaskProvider } from "../../kernel/routines.ts";
import { STALE_AFTER_MS } from "./schema.ts";

export const MY_DEVICES_HREF = "/portal/devices";
const TITLES = new Map(LINUX_AGENT_TESTS.map((t) => [t.id, t.title]));

export const devicePersonTasks: PersonTaskProvider = {
  name: "agent",
  async tasksFor(db: Db, organizationId: string, personIds: readonly string[], now: Date) {
    const out = new Map<string, PersonTask[]>(personIds.map((id) => [id, []]));
    if (!personIds.length) return out;
    const owned = await db
      .select()
      .from(devices)
      .where(
        and(
          inArray(devices.personId, [...personIds]),
          isNull(devices.revokedAt),
          // A person id of another organization finds nothing.
          eq(devices.organizationId, organizationId),
        ),
      );
    // Enrolment is asked for only where the organization monitors devices (it has an agent connection), so that an
    // organization without device monitoring can still have compliant people.
    const [monitored] = await db
      .select({ id: connections.id })
      .from(connections)
      .where(
        and(
          eq(connections.organizationId, organizationId),
          eq(connections.type, "linux_agent"),
          eq(connections.enabled, true),
        ),
      )
      .limit(1);
    const resourceIds = owned.flatMap((d) => (d.resourceId ? [d.resourceId] : []));
    const failing = resourceIds.length
      ? await db
          .select({
            resourceId: testStatusIntervals.resourceId,
            testId: testStatusIntervals.testId,
          })
          .from(testStatusIntervals)
          .where(
            and(
              inArray(testStatusIntervals.resourceId, resourceIds),
              isNull(testStatusIntervals.endedAt),
              inArray(testStatusIntervals.status, ["fail", "error"]),
            ),
          )
      : [];
    for (const personId of personIds) {
      const mine = owned.filter((d) => d.personId === personId);
      const fresh = mine
        .map((d) => d.lastReportAt)
        .filter((t): t is Date => !!t && now.getTime() - t.getTime() <= STALE_AFTER_MS)
        .sort((a, b) => b.getTime() - a.getTime());
      const tasks: PersonTask[] = [];
      if (monitored || mine.length)
        tasks.push({
          id: "enrol",
          module: "agent",
          kind: "device",
          title:
            mine.length && !fresh.length ? "Enrol your computer again (it stopped reporting)" : "Enrol your computer",
          dueDate: null,
          state: fresh.length ? "done" : "open",
          href: MY_DEVICES_HREF,
          doneAt: fresh[0]?.toISOString() ?? null,
        });
      for (const d of mine)
        for (const f of failing.filter((x) => x.resourceId === d.resourceId && platformOfTest(x.testId) === d.platform))
          tasks.push({
            id: `fix:${d.id}:${f.testId}`,
            module: "agent",
            kind: "device",
            title: `Fix “${TITLES.get(f.testId) ?? f.testId}” on ${d.hostname}`,
            dueDate: null,
            state: "open",
            href: MY_DEVICES_HREF,
            doneAt: null,
          });
      out.set(personId, tasks);
    }
    return out;
  },
};
