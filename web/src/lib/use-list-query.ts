import { keepPreviousData, type QueryKey, useQuery } from "@tanstack/react-query";
import { useUrlFilters } from "./use-url-filters.ts";

/**
 * A server-paged list whose filters, search, page and page size live in the URL (`useUrlFilters`): builds the API
 * query from them and keeps showing the previous page while the next one loads. Hand `list` and `filters` to
 * `DataTable` (components/DataTable.tsx).
 */
export function useListQuery<K extends string, Q, R>(options: {
  /** The URL parameters that filter the list. */
  filters: readonly K[];
  /** The filter typed into a search box: it reaches the URL (and the API) once the typing stops. */
  search?: K;
  /** Rows a page unless the URL says otherwise (`pageSize`). */
  pageSize?: number;
  /** The API query for the URL's filters and page. */
  query: (values: Record<K, string | undefined>, paging: { page: number; pageSize: number }) => Q;
  key: (query: Q) => QueryKey;
  fetch: (query: Q) => Promise<R>;
  refetchInterval?: number;
}) {
  const filters = useUrlFilters(options.filters, { search: options.search, pageSize: options.pageSize });
  const query = options.query(filters.values, { page: filters.page, pageSize: filters.pageSize });
  const list = useQuery({
    queryKey: options.key(query),
    queryFn: () => options.fetch(query),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
  });
  return { filters, query, list };
}
