/** What other modules may use of policies: the controls each adopted policy counts for. */
export { controlsOf } from "./commands.ts";
