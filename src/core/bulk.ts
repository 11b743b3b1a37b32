/**
 * The answer of a bulk edit (controls, remediation items), preview or applied: one line per record saying what
 * changes ("ACC-03: owner Sam → Dana"), that nothing does, or why the person may not change it. Shared by the
 * modules' bulk routes and the web app's preview.
 */
import { z } from "zod";

/** The most records one bulk edit touches. */
export const BULK_LIMIT = 500;

export const bulkOutcome = z.object({
  /** One per id the request named, in its order. */
  records: z.array(
    z.object({
      /** The record's id people know: a control id (ACC-03) or an item ref (R-4). */
      ref: z.string(),
      outcome: z.enum(["change", "unchanged", "refused"]),
      changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })),
      /** Why the record is refused (null otherwise). */
      reason: z.string().nullable(),
      /** The line people read: "ACC-03: owner Sam → Dana". */
      summary: z.string(),
    }),
  ),
  counts: z.object({ change: z.number().int(), unchanged: z.number().int(), refused: z.number().int() }),
  /** false for a preview. */
  applied: z.boolean(),
});
export type BulkOutcome = z.infer<typeof bulkOutcome>;
export type BulkRecord = BulkOutcome["records"][number];
export type BulkChange = BulkRecord["changes"][number];

/** A record's line: what changes, "unchanged", or why it is refused. */
export function bulkRecord(ref: string, changes: BulkChange[], refused: string | null = null): BulkRecord {
  const outcome = refused ? "refused" : changes.length ? "change" : "unchanged";
  const summary =
    outcome === "refused"
      ? `${ref}: refused (${refused})`
      : outcome === "unchanged"
        ? `${ref}: unchanged`
        : `${ref}: ${changes.map((c) => `${c.field} ${c.from} → ${c.to}`).join(", ")}`;
  return { ref, outcome, changes: refused ? [] : changes, reason: refused, summary };
}

export function bulkOutcomeOf(records: BulkRecord[], applied: boolean): BulkOutcome {
  const counts = { change: 0, unchanged: 0, refused: 0 };
  for (const r of records) counts[r.outcome]++;
  return { records, counts, applied };
}
