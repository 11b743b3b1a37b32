import { useSearchParams } from "react-router";

/**
 * List filters kept in the URL (shareable, survive reload and back/forward): their values, the page, a setter
 * that resets the page whenever a filter changes, and a way to clear them all.
 */
export function useUrlFilters<K extends string>(names: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(names.map((n) => [n, params.get(n) ?? undefined])) as Record<K, string | undefined>;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const set = (changes: Partial<Record<K | "page", string | null | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v as string);
      else next.delete(k);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  };
  const clear = () => {
    const next = new URLSearchParams(params);
    for (const n of [...names, "page"]) next.delete(n);
    setParams(next, { replace: true });
  };
  return { values, page, set, clear, any: names.some((n) => values[n]) };
}
