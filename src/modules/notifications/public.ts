/** What other modules may use of notifications, besides its policy and schema: putting something in an inbox. */
export { type NewNotification, notify } from "./notify.ts";
