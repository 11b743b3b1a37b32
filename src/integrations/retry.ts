import { ThrottledError, TransientError } from "./types.ts";

/**
 * Retry policy for calls to a connector's target: throttling honours the target's Retry-After (capped), other
 * transient failures back off exponentially with jitter. Anything else fails at once — retrying a wrong
 * password only locks the account.
 */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 6. */
  attempts?: number;
  /** First backoff; doubles each attempt. Default 500 ms. */
  baseMs?: number;
  /** Cap on one backoff. Default 30 s. */
  maxMs?: number;
  /** A Retry-After longer than this fails the call instead of stalling the sync. Default 5 minutes. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told about each wait (the sync shows it as progress). */
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void | Promise<void>;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });

/** Retry-After as milliseconds: delta-seconds ("120") or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export async function withRetry<T>(what: string, call: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 6;
  const baseMs = opts.baseMs ?? 500;
  const maxMs = opts.maxMs ?? 30_000;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 300_000;
  const wait = opts.sleep ?? sleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const throttled = err instanceof ThrottledError;
      if (!throttled && !(err instanceof TransientError)) throw err;
      if (attempt >= attempts)
        throw new Error(
          `${what}: still ${throttled ? "throttled" : "failing"} after ${attempts} attempts (${(err as Error).message}).`,
          { cause: err },
        );
      const backoff = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      let waitMs = backoff / 2 + random() * (backoff / 2);
      if (throttled && err.retryAfterMs !== null) {
        if (err.retryAfterMs > maxRetryAfterMs)
          throw new Error(
            `${what}: the service asked to wait ${Math.round(err.retryAfterMs / 1000)} s before retrying; the sync stops here and the next one continues.`,
            { cause: err },
          );
        waitMs = err.retryAfterMs;
      }
      await opts.onRetry?.({ attempt, waitMs, reason: (err as Error).message });
      await wait(waitMs, opts.signal);
    }
  }
}

/**
 * Walks a cursor-paginated API: calls `page(cursor)` (with retries) until it returns no next cursor, yielding
 * each page's items.
 */
export async function* paginate<T>(
  retry: <R>(what: string, call: () => Promise<R>) => Promise<R>,
  what: string,
  page: (cursor: string | null) => Promise<{ items: T[]; next: string | null }>,
): AsyncGenerator<T[], void, void> {
  let cursor: string | null = null;
  let n = 0;
  do {
    n++;
    const current: string | null = cursor;
    const result: { items: T[]; next: string | null } = await retry(`${what} (page ${n})`, () => page(current));
    yield result.items;
    cursor = result.next;
  } while (cursor);
}
