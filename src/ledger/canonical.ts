/**
 * Replaces the values of the declared secret fields (at any depth) so a ledger entry never carries a secret. Only
 * what an event type declares secret is redacted: ids, control keys and criteria always stay readable.
 */
export function redact(value: unknown, secretFields: readonly string[]): unknown {
  const secret = new Set(secretFields);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Date) return v.toISOString();
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = secret.has(k) && x != null ? "[redacted]" : walk(x);
      return out;
    }
    return v;
  };
  return walk(value);
}

/** Deterministic JSON: object keys sorted, no whitespace, Dates as ISO strings, undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    const parts: string[] = [];
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value);
}
