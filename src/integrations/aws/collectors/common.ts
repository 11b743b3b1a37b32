import { AwsAccessDenied } from "../errors.ts";
import type { AwsSession } from "../session.ts";

export interface CollectorEnv {
  session: AwsSession;
  regions: readonly string[];
  warn(message: string): void;
  progress(message: string): Promise<void>;
  signal: AbortSignal;
}

/**
 * Runs one part of the collection (a service in a region). Access denied becomes a warning — the sync ends
 * partial, nothing is marked missing — and `null`; anything else (bad credentials, a page that keeps failing)
 * stops the sync.
 */
export async function part<T>(env: CollectorEnv, what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (!warnDenied(env, what, err)) throw err;
    return null;
  }
}

/** Records access denied as a warning (true), or says it was something else (false). */
export function warnDenied(env: CollectorEnv, what: string, err: unknown): boolean {
  if (!(err instanceof AwsAccessDenied)) return false;
  env.warn(
    `${what} was not read: ${err.message}. Attach the AWS-managed SecurityAudit policy (or allow the action named) to the monitoring user or role.`,
  );
  return true;
}

/** SDK output as stored attributes: dates as ISO strings, no SDK metadata, nothing undefined. */
export function plain<T>(value: T): Record<string, unknown> {
  const { $metadata: _, ...rest } = (value ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** Error names the SDK gives a "not found" answer (IAM's NoSuchEntity surfaces as NoSuchEntityException). */
export const isNotFound = (err: unknown, ...names: string[]) => {
  const name = (err as { name?: string })?.name ?? "";
  const cause = (err as { cause?: { name?: string } })?.cause?.name ?? "";
  return names.includes(name) || names.includes(cause);
};
