/**
 * What other modules may use of remediation, besides its events, policy and schema: adding items to a program's
 * plan (the self-assessment opens them for gaps) and writing items as a program folder has them (program-as-code).
 */
export { addRemediationItem, type ItemFields, updateRemediationItem } from "./commands.ts";
export { createRemediationItems, type NewRemediationItem } from "./store.ts";
