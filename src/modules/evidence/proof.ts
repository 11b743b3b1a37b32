/**
 * A file another module keeps as proof of a record (a checklist step, a background check): it must be an item of the
 * organization's evidence library that the member recording it may see.
 */
import { and, eq } from "drizzle-orm";
import type { Subject } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { evidence } from "../../db/schema/index.ts";
import { badRequest } from "../../platform/errors.ts";
import { rules as evidenceRules } from "./policy.ts";

/** The evidence item's id and title, or a 400 saying why it cannot be the proof. */
export async function proofFileOf(db: Db, organizationId: string, subject: Subject | null, evidenceId: string) {
  const [item] = await db
    .select()
    .from(evidence)
    .where(and(eq(evidence.organizationId, organizationId), eq(evidence.id, evidenceId)));
  // Another organization's id, or one the member may not see, reads exactly like an unknown one.
  if (!item || (subject && !evidenceRules.readsEvidence(subject, item)))
    throw badRequest("unknown_proof_file", "That proof file is not in your evidence library: upload it again.");
  return { id: item.id, title: item.title };
}
