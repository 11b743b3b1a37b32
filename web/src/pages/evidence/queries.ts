import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api, type Query } from "../../api.ts";
import type { Page } from "../../types.ts";
import type { Evidence, EvidenceDetail } from "./types.ts";

export const evidencePath = (rest = "") => `/api/v1/evidence${rest}`;

/** The file's address; `inline` asks the server to show it in the browser (only for types it marks safe). */
export const contentUrl = (id: string, inline = false) => evidencePath(`/${id}/content${inline ? "?inline=1" : ""}`);

export const evidenceKeys = {
  all: ["evidence"] as const,
  list: (filter: unknown) => ["evidence", "list", filter] as const,
  item: (id: string) => ["evidence", "item", id] as const,
};

export const useEvidenceList = (filter: Query, enabled = true) =>
  useQuery({
    queryKey: evidenceKeys.list(filter),
    queryFn: () => api.get<Page<Evidence>>(evidencePath(), filter),
    enabled,
  });

export const useEvidence = (id: string) =>
  useQuery({ queryKey: evidenceKeys.item(id), queryFn: () => api.get<EvidenceDetail>(evidencePath(`/${id}`)) });

/**
 * After evidence changes: the library, the piece itself, and the programs whose controls it supports (their status
 * and its explanation may have moved).
 */
export const invalidateEvidence = (qc: QueryClient, programIds: (string | null | undefined)[] = []) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: evidenceKeys.all }),
    ...[...new Set(programIds.filter(Boolean))].map((id) => qc.invalidateQueries({ queryKey: ["program", id] })),
  ]);
