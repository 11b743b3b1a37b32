/** What other modules may use of members, besides its events, policy and schema. */
export { assertMayManageRole } from "./service.ts";
