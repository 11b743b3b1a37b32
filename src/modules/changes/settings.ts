/** The change register's settings: the organization's window for approving an emergency change after the fact. */
import { eq } from "drizzle-orm";
import { DEFAULT_EMERGENCY_APPROVAL_DAYS } from "../../core/changes.ts";
import type { Db } from "../../db/client.ts";
import { changeSettings } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { changeSettingsChanged } from "./events.ts";
import type { ChangeSettings } from "./schema.ts";

/** The organization's days for an emergency change's after-the-fact approval: its own, or the default. */
export async function emergencyApprovalDaysOf(db: Db, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ days: changeSettings.emergencyApprovalDays })
    .from(changeSettings)
    .where(eq(changeSettings.organizationId, organizationId));
  return row?.days ?? DEFAULT_EMERGENCY_APPROVAL_DAYS;
}

/** The organization's change-register settings. */
export async function changeSettingsOf(db: Db, organizationId: string) {
  return { emergencyApprovalDays: await emergencyApprovalDaysOf(db, organizationId) };
}

/** Sets the organization's change settings; every change's emergency state is judged by them from now on. */
export async function setChangeSettings(c: Change, settings: ChangeSettings) {
  const organizationId = c.organizationId!;
  const before = await changeSettingsOf(c.tx, organizationId);
  const values = {
    emergencyApprovalDays: settings.emergencyApprovalDays,
    updatedBy: c.actor.kind === "system" ? null : c.actor.userId,
    updatedAt: c.now,
  };
  await c.tx
    .insert(changeSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: changeSettings.organizationId, set: values });
  await c.emit(changeSettingsChanged, { id: organizationId, before, after: settings });
  return settings;
}
