/** The vulnerability register: one ledger entry per imported report, with what it changed (not one per finding). */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; after: unknown };

export const vulnerabilitiesImported = defineEvent<Recorded>()("vulnerabilities.imported", {
  ledger: (p) => ({ entityType: "vulnerability_import", entityId: p.id, after: p.after }),
});
