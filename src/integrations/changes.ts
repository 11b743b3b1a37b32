/**
 * Change collection: what a source-code connector reports to the change register (src/modules/changes) — merged
 * pull requests (GitHub) or main-line commits (git) in a date range, with their review evidence. Apart from
 * `collect` because it is asked for a range on demand, not on the monitoring schedule, and its records are not
 * monitoring resources. Loaded on first use, like the connectors' SDKs (lazy.ts).
 */
import { onDemandCollectors } from "./on-demand.ts";
import type { ChangeCollector } from "./types.ts";

export type { ChangeCollectContext, ChangeCollector, ChangeInput } from "./types.ts";

const collectors = onDemandCollectors<ChangeCollector>([
  ["github", async () => (await import("./github/changes.ts")).collectGithubChanges],
  ["git", async () => (await import("./git/changes.ts")).collectGitChanges],
]);

/** The connector types that report changes. */
export const changeSourceTypes = collectors.types;
export const changeCollectorOf = collectors.of;
/** Replaces a type's collector: for tests (a GitHub collector on recorded responses). */
export const registerChangeCollector = collectors.register;
