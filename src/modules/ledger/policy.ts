import { definePolicy, STAFF_READERS } from "../../core/roles.ts";

export const policy = definePolicy({
  "ledger.read": {
    roles: STAFF_READERS,
    write: false,
    description:
      "Read the organization's audit ledger (activity), export it (CSV, verifiable JSON Lines, signed checkpoints) and fetch the signing public keys",
  },
  "ledger.verify": {
    roles: STAFF_READERS,
    // Verification only reads: a read-only API token (an auditor's script) may run it.
    write: false,
    description:
      "Recompute the ledger's hash chain, entry signatures and checkpoint signatures (also against checkpoints kept outside) and report the first bad entry",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
