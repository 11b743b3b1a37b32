/** Memberships: who belongs to the organization, with which role. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const membership = (p: Recorded) => ({ entityType: "membership", entityId: p.id, before: p.before, after: p.after });

/** A person joined (setup's first owner, an accepted invitation); `id` is the membership's. */
export const memberAdded = defineEvent<Recorded>()("member.added", { ledger: membership });
export const memberRoleChanged = defineEvent<Recorded>()("member.role_changed", { ledger: membership });
export const memberRemoved = defineEvent<Recorded>()("member.removed", { ledger: membership });
