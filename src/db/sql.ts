/** SQL helpers shared by every module's queries. */

/** A `LIKE`/`ILIKE` pattern matching `q` anywhere: `%` and `_` in a search are literal characters, not wildcards. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, "\\$&")}%`;
