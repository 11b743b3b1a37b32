import { eq } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { incidentTimeline } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { addObligation, addTimelineEntry, createIncident, recordTabletop } from "./commands.ts";
import type { CreateBody } from "./schema.ts";

/** A body for POST /incidents: detected an hour ago. */
export const incidentBody = (over: Record<string, unknown> = {}) => ({
  title: "Leaked API key in a public repository",
  summary: "A deploy key was pushed to a public fork.",
  severity: "sev2",
  category: "credential exposure",
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  reportedBy: "GitHub secret scanning",
  ...over,
});

/** Test fixture: one incident logged by the system (tests that are not about logging). */
export async function seedIncident(db: Db, organizationId: string, over: Partial<CreateBody> = {}) {
  return change(db, systemActor(organizationId), (c) =>
    createIncident(c, {
      title: "Example incident",
      summary: "",
      severity: "sev3",
      category: "",
      reportedBy: "",
      detectedAt: new Date(Date.now() - 3_600_000),
      affectedSystems: [],
      dataCategories: [],
      personalData: false,
      rootCause: "",
      lessonsLearned: "",
      ...over,
    }),
  );
}

export async function seedTabletop(db: Db, organizationId: string) {
  return change(db, systemActor(organizationId), (c) =>
    recordTabletop(c, {
      heldOn: new Date().toISOString().slice(0, 10),
      scenario: "Ransomware on the build server",
      participants: ["Ana", "Ben"],
      findings: "",
      followUps: "",
    }),
  );
}

/** Test fixture: an incident with one regulator notice owed (tests of the obligation routes). */
export async function seedObligation(db: Db, organizationId: string) {
  const incident = await seedIncident(db, organizationId);
  const obligation = await change(db, systemActor(organizationId), (c) =>
    addObligation(c, incident.id, { audience: "regulator", recipient: "Data protection authority", basis: "" }),
  );
  return { id: incident.id, obligationId: obligation.id };
}

/** Test fixture: an incident with one timeline entry written by `authorUserId` (null: by the system). */
export async function seedTimelineEntry(db: Db, organizationId: string, authorUserId: string | null) {
  const incident = await seedIncident(db, organizationId);
  const entry = await change(db, systemActor(organizationId), (c) =>
    addTimelineEntry(c, incident.id, { text: "Paged the on-call engineer" }),
  );
  if (authorUserId) await db.update(incidentTimeline).set({ authorUserId }).where(eq(incidentTimeline.id, entry.id));
  return { id: incident.id, entryId: entry.id };
}
