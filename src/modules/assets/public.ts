/** What other modules may use of the asset inventory, besides its events, policy and schema. */
export { assertMembers } from "./commands.ts";
export { assetsByName, loadAssets } from "./queries.ts";
