/** Query keys of the employee portal: pages that complete a task invalidate `portalKeys.me`. */
export const portalKeys = { me: ["portal"] as const };
