/** What other modules may use of ledger, besides its events, policy and schema. */
export { csvLine } from "./csv.ts";
