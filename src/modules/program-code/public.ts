/** What other modules may use of program-code, besides its policy and manifest. */
export { NS, OSCAL_VERSION, uuidV5 } from "./oscal-common.ts";
