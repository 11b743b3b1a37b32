import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { useDebounced } from "./use-debounced.ts";

/** The most rows a page the API answers (src/kernel/http/schemas.ts). */
const MAX_PAGE_SIZE = 100;

export type UrlFilters<K extends string> = ReturnType<typeof useUrlFilters<K>>;

/**
 * List filters kept in the URL (shareable, survive reload and back/forward): their values, the page and page size
 * (`page`, `pageSize`), a setter that goes back to the first page whenever a filter changes, and a way to clear them
 * all. With `search`, that filter is typed into a search box: `search.value` is the text as typed, and it reaches
 * the URL once it has stopped changing for a moment.
 */
export function useUrlFilters<K extends string>(names: readonly K[], options: { search?: K; pageSize?: number } = {}) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(names.map((n) => [n, params.get(n) ?? undefined])) as Record<K, string | undefined>;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(params.get("pageSize")) || options.pageSize || 25));
  type Changes = Partial<Record<K | "page", string | null | undefined>>;
  const set = (changes: Changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v as string);
      else next.delete(k);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  };

  const searchKey = options.search;
  const inUrl = searchKey ? (values[searchKey] ?? "") : "";
  const [text, setText] = useState(inUrl);
  const settled = useDebounced(text.trim());
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the typed text has settled
  useEffect(() => {
    if (searchKey && settled !== inUrl) set({ [searchKey]: settled } as Changes);
  }, [settled]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the address changes (back, forward, clear)
  useEffect(() => {
    if (inUrl !== settled) setText(inUrl);
  }, [inUrl]);

  const clear = () => {
    setText("");
    const next = new URLSearchParams(params);
    for (const n of [...names, "page"]) next.delete(n);
    setParams(next, { replace: true });
  };
  return {
    values,
    page,
    pageSize,
    set,
    setPage: (p: number) => set({ page: String(p) } as Changes),
    clear,
    any: names.some((n) => values[n]),
    search: { value: text, onChange: setText },
  };
}
