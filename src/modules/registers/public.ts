/** What register modules use: control links (by key) for their records. */
export {
  type ControlLinkDeclaration,
  controlLinkRoutes,
  existsIn,
  linkedControlKeys,
  setControlLinks,
  unlinkRecord,
} from "./links.ts";
