/** Pure rules of the alert emitters: grouping new failures, wording, recipients, failure streaks. */

export interface NewFailure {
  testId: string;
  resourceName: string;
  reason: string;
  remediation: string;
}

export interface TestInfo {
  title: string;
  controls: readonly string[];
}

export interface FailureGroup {
  testId: string;
  title: string;
  controls: string[];
  /** Resource names, sorted, without duplicates. */
  resources: string[];
  /** The reason and remediation of the first resource (they are usually the same for every resource). */
  reason: string;
  remediation: string;
}

/** One group per test: a sync that makes a test fail on many resources produces one alert, not one per resource. */
export function groupNewFailures(rows: readonly NewFailure[], tests: ReadonlyMap<string, TestInfo>): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const r of rows) {
    let g = groups.get(r.testId);
    if (!g) {
      const t = tests.get(r.testId);
      g = {
        testId: r.testId,
        title: t?.title ?? r.testId,
        controls: [...(t?.controls ?? [])],
        resources: [],
        reason: r.reason,
        remediation: r.remediation,
      };
      groups.set(r.testId, g);
    }
    g.resources.push(r.resourceName);
  }
  for (const g of groups.values()) g.resources = [...new Set(g.resources)].sort((a, b) => a.localeCompare(b));
  return [...groups.values()].sort((a, b) => a.testId.localeCompare(b.testId));
}

/** "a, b, c" — at most `max` names, then "and N more". */
export function listNames(names: readonly string[], max = 10): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

export function failureTitle(g: Pick<FailureGroup, "title" | "resources">): string {
  const n = g.resources.length;
  return n === 1
    ? `${g.title} now fails on ${g.resources[0]}`
    : `${g.title} now fails on ${n} resources: ${listNames(g.resources)}`;
}

export function failureBody(g: FailureGroup): string {
  const lines = [`Why: ${g.reason}`];
  if (g.remediation) lines.push(`What to do: ${g.remediation}`);
  if (g.controls.length) lines.push(`Controls: ${g.controls.join(", ")}`);
  return lines.join("\n");
}

/**
 * A failed sync alerts only when it starts a streak: the connection's previous finished sync did not fail. While a
 * connection stays broken nobody hears about it every hour; any sync that is not `failed` (succeeded or partial)
 * ends the streak.
 */
export function startsFailureStreak(previous: string | null | undefined, current: string): boolean {
  return current === "failed" && previous !== "failed";
}

/** Distinct user ids in first-seen order, nulls left out. */
export function uniqueRecipients(...lists: readonly (readonly (string | null | undefined)[])[]): string[] {
  const out = new Set<string>();
  for (const list of lists) for (const id of list) if (id) out.add(id);
  return [...out];
}

/** Exceptions the daily job reports: approved, not revoked; expiring within the window, or ended since `since`. */
export type ExceptionNotice = "exception.expiring" | "exception.expired";
export function exceptionNotice(
  e: { decision: string; revokedAt: Date | null; expiresAt: Date },
  now: Date,
  windowDays = 7,
): ExceptionNotice | null {
  if (e.decision !== "approved" || e.revokedAt) return null;
  if (e.expiresAt <= now) return "exception.expired";
  if (e.expiresAt.getTime() - now.getTime() <= windowDays * 86_400_000) return "exception.expiring";
  return null;
}
