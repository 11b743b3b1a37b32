/**
 * The evidence module's events. The ledgered ones keep the entries the ledger has always had (same action, entity,
 * before/after; nothing in them is secret: fingerprints, ids and control keys). `evidenceControlsMoved` is derived
 * (no ledger entry: the ledgered event beside it records what happened) and tells the programs module which controls'
 * evidence changed, so their signals, status and readiness are refreshed once per change.
 */
import type { ControlScope } from "../../core/control-scope.ts";
import { defineEvent } from "../../kernel/events.ts";

/** A control as the ledger names it in evidence entries. */
export interface LedgerControl {
  programId: string;
  control: string;
}

/** A new record (first version or correction): `after` is what the ledger keeps about it (never content). */
type Recorded = { id: string; after: Record<string, unknown> };

export const evidenceSubmitted = defineEvent<Recorded>()("evidence.submitted", {
  ledger: (p) => ({ entityType: "evidence", entityId: p.id, after: p.after }),
});

export const evidenceVersionSubmitted = defineEvent<Recorded>()("evidence.version_submitted", {
  ledger: (p) => ({ entityType: "evidence", entityId: p.id, after: p.after }),
});

/** `id` was corrected by the new version `supersededById`. */
export const evidenceSuperseded = defineEvent<{ id: string; supersededById: string; reason: string }>()(
  "evidence.superseded",
  {
    ledger: (p) => ({
      entityType: "evidence",
      entityId: p.id,
      before: { supersededById: null },
      after: { supersededById: p.supersededById, reason: p.reason },
    }),
  },
);

/** Links added to (or removed from) a record, as the ledger lists them under `controls`. */
type Links = { id: string; links: LedgerControl[] };

export const evidenceLinked = defineEvent<Links>()("evidence.linked", {
  ledger: (p) => ({ entityType: "evidence", entityId: p.id, after: { controls: p.links } }),
});

export const evidenceUnlinked = defineEvent<Links>()("evidence.unlinked", {
  ledger: (p) => ({ entityType: "evidence", entityId: p.id, before: { controls: p.links } }),
});

/** Key rotation: a blob sealed with the retired key `from` is now sealed with `to` (key ids, not keys). */
export const evidenceBlobReencrypted = defineEvent<{ id: string; sha256: string; from: string; to: string }>()(
  "evidence.blob_reencrypted",
  {
    ledger: (p) => ({
      entityType: "evidence_blob",
      entityId: p.id,
      before: { sha256: p.sha256, sealedWith: p.from },
      after: { sha256: p.sha256, sealedWith: p.to },
    }),
  },
);

/**
 * The current evidence of these controls of one program changed: evidence was submitted linked to them, linked,
 * unlinked, or corrected (the new version carries the links, the old one stops counting). Emitted at most once per
 * program per change, with the program always named and the keys never empty, so the programs subscriber refreshes
 * exactly these controls (listed in CONTROL_INPUT_EVENTS of src/modules/programs/subscribers.ts).
 */
export const evidenceControlsMoved = defineEvent<{ controls: ControlScope }>()("evidence.controls_moved", {
  ledger: null,
});
