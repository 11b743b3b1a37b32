/** Each person's alert preferences in an organization: per kind, in the app on/off and email immediate/digest/off. */
import { and, eq, inArray } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { notificationPreferences } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { preferencesUpdated } from "./domain-events.ts";
import { ALERT_KINDS, defaultPreference, type EmailMode, isAlertKind, type Preference } from "./kinds.ts";
import type { PreferenceList, UpdatePreferences } from "./schema.ts";

const p = notificationPreferences;

/** The person's choice for one kind, or the kind's default. */
export async function preferenceFor(db: Db, organizationId: string, userId: string, kind: string): Promise<Preference> {
  if (!isAlertKind(kind)) return defaultPreference(kind);
  const [row] = await db
    .select({ inApp: p.inApp, email: p.email })
    .from(p)
    .where(and(eq(p.organizationId, organizationId), eq(p.userId, userId), eq(p.kind, kind)));
  return row ? { inApp: row.inApp, email: row.email as EmailMode } : defaultPreference(kind);
}

/** Every kind with the person's choice (or the default) and what it means. */
export async function preferencesOf(db: Db, organizationId: string, userId: string): Promise<PreferenceList> {
  const rows = await db
    .select()
    .from(p)
    .where(and(eq(p.organizationId, organizationId), eq(p.userId, userId)));
  const chosen = new Map(rows.map((r) => [r.kind, r]));
  return {
    items: ALERT_KINDS.map((k) => {
      const row = chosen.get(k.kind);
      return {
        kind: k.kind,
        label: k.label,
        description: k.description,
        recipients: k.recipients,
        inApp: row ? row.inApp : k.defaults.inApp,
        inAppRequired: k.group === "work",
        email: row ? (row.email as EmailMode) : k.defaults.email,
        default: { ...k.defaults },
        customized: !!row,
      };
    }),
  };
}

export function createPreferencesService({ db }: { db: Db }) {
  return {
    get: (actor: OrgActor) => preferencesOf(db, actor.organizationId, actor.userId),

    /** Sets the given kinds (others keep their current choice), with a ledger entry, in one change. */
    async update(actor: OrgActor, input: UpdatePreferences) {
      const kinds = input.preferences.map((x) => x.kind);
      await change(db, actor, async ({ tx, emit, now }) => {
        const before = await tx
          .select({ kind: p.kind, inApp: p.inApp, email: p.email })
          .from(p)
          .where(and(eq(p.organizationId, actor.organizationId), eq(p.userId, actor.userId), inArray(p.kind, kinds)));
        for (const x of input.preferences)
          await tx
            .insert(p)
            .values({
              organizationId: actor.organizationId,
              userId: actor.userId,
              kind: x.kind,
              inApp: x.inApp,
              email: x.email,
            })
            .onConflictDoUpdate({
              target: [p.organizationId, p.userId, p.kind],
              set: { inApp: x.inApp, email: x.email, updatedAt: now },
            });
        await emit(preferencesUpdated, {
          id: actor.userId,
          before: Object.fromEntries(before.map((b) => [b.kind, { inApp: b.inApp, email: b.email }])),
          after: Object.fromEntries(input.preferences.map((x) => [x.kind, { inApp: x.inApp, email: x.email }])),
        });
      });
      return preferencesOf(db, actor.organizationId, actor.userId);
    },
  };
}
