/** A `?next=` target, accepted only when it is a path on this site (no open redirects). */
export function safeNext(raw: string | null | undefined, fallback = "/"): string {
  if (!raw?.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (raw.startsWith("/sign-in") || raw.startsWith("/setup")) return fallback;
  return raw;
}
