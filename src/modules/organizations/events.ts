/** Organizations: their creation (the first entry of their ledger), profile and security settings. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const organization = (p: Recorded) => ({
  entityType: "organization",
  entityId: p.id,
  before: p.before,
  after: p.after,
});

/** Created through the API or by setup (`id` is the organization's). */
export const organizationCreated = defineEvent<Recorded>()("organization.created", { ledger: organization });
export const organizationUpdated = defineEvent<Recorded>()("organization.updated", { ledger: organization });
export const securityUpdated = defineEvent<Recorded>()("organization.security_updated", { ledger: organization });
/** A logo uploaded or replaced: the ledger records its type, size, pixel size and SHA-256, never the bytes. */
export const logoChanged = defineEvent<Recorded>()("organization.logo_changed", { ledger: organization });
export const logoRemoved = defineEvent<Recorded>()("organization.logo_removed", { ledger: organization });
