/** The organization's people settings: the offboarding SLA and systems, background checks, checklist templates. */
import { eq } from "drizzle-orm";
import {
  DEFAULT_OFFBOARDING_SLA_HOURS,
  DEFAULT_OFFBOARDING_SYSTEMS,
  DEFAULT_TEMPLATES,
} from "../../core/people-routines.ts";
import type { Db } from "../../db/client.ts";
import { peopleSettings } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { peopleSettingsChanged } from "./events.ts";
import type { PeopleSettingsInput } from "./routines-schema.ts";

export interface PeopleSettings {
  offboardingSlaHours: number;
  offboardingSystems: string[];
  backgroundCheckFor: "everyone" | "employees" | "none";
  backgroundRecheckMonths: number | null;
  templates: NonNullable<(typeof peopleSettings.$inferSelect)["templates"]>;
  /** True while the organization uses the shipped defaults. */
  defaults: boolean;
}

export async function loadPeopleSettings(db: Db, organizationId: string): Promise<PeopleSettings> {
  const [row] = await db.select().from(peopleSettings).where(eq(peopleSettings.organizationId, organizationId));
  return {
    offboardingSlaHours: row?.offboardingSlaHours ?? DEFAULT_OFFBOARDING_SLA_HOURS,
    offboardingSystems: row?.offboardingSystems ?? DEFAULT_OFFBOARDING_SYSTEMS,
    backgroundCheckFor: row?.backgroundCheckFor ?? "everyone",
    backgroundRecheckMonths: row?.backgroundRecheckMonths ?? null,
    templates: row?.templates ?? DEFAULT_TEMPLATES,
    defaults: !row,
  };
}

export async function savePeopleSettings(c: Change, input: PeopleSettingsInput): Promise<PeopleSettings> {
  const organizationId = c.organizationId!;
  const before = await loadPeopleSettings(c.tx, organizationId);
  const values = { ...input, updatedAt: c.now };
  await c.tx
    .insert(peopleSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: peopleSettings.organizationId, set: values });
  const { defaults: _d, ...was } = before;
  await c.emit(peopleSettingsChanged, { id: organizationId, before: was, after: input });
  return loadPeopleSettings(c.tx, organizationId);
}
