import { systemActor } from "../../core/actor.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import type { Db } from "../../db/client.ts";
import { change } from "../../kernel/change.ts";
import { launchCampaign, parseAccountsCsv } from "./launch.ts";

/** A CSV campaign launched as the system, owned by `ownerUserId` (tests that are not about launching). */
export async function seedCampaign(
  db: Db,
  organizationId: string,
  ownerUserId: string,
  opts: { csv?: string; systemOwnerUserId?: string | null; name?: string } = {},
) {
  const csv = opts.csv ?? "account,email,role\nsam,sam@example.test,admin\nlee,lee@example.test,member\n";
  return change(db, systemActor(organizationId), (c) =>
    launchCampaign(
      c,
      {
        source: "csv",
        csv,
        name: opts.name ?? "Q1 access review",
        system: "Billing",
        reviewerRule: "system_owner",
        systemOwnerUserId: opts.systemOwnerUserId ?? null,
        dueOn: addDays(utcDay(), 14),
        cadence: "none",
        ownerUserId,
        createdBy: null,
      },
      { accounts: parseAccountsCsv(csv), connectionId: null },
    ),
  );
}
