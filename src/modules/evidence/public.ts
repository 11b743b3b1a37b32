/** What other modules may use of evidence, besides its events, policy and schema. */
export { type ControlFreshness, evidenceFreshness } from "./freshness.ts";
