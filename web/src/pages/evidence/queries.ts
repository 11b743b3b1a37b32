import { useQuery } from "@tanstack/react-query";
import { api, apiUrl } from "../../api/client.ts";
import type { QueryOf } from "../../api/types.ts";

/** The file's address; `inline` asks the server to show it in the browser (only for types it marks safe). */
export const contentUrl = (id: string, inline = false) =>
  apiUrl("/api/v1/evidence/{id}/content", { path: { id }, query: inline ? { inline: "1" } : {} });

/** Evidence list filters (GET /evidence). */
export type EvidenceFilter = QueryOf<"/api/v1/evidence">;

export const evidenceKeys = {
  all: ["evidence"] as const,
  list: (filter: unknown) => ["evidence", "list", filter] as const,
  item: (id: string) => ["evidence", "item", id] as const,
};

export const useEvidenceList = (filter: EvidenceFilter, enabled = true) =>
  useQuery({
    queryKey: evidenceKeys.list(filter),
    queryFn: () => api.GET("/api/v1/evidence", { params: { query: filter } }),
    enabled,
  });

export const useEvidence = (id: string) =>
  useQuery({
    queryKey: evidenceKeys.item(id),
    queryFn: () => api.GET("/api/v1/evidence/{id}", { params: { path: { id } } }),
  });
