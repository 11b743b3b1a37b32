import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { RemediationItem } from "../../api/models/remediation.ts";
import { keys } from "../../program/queries.ts";
import { useCan } from "../../session.tsx";

type ItemRef = Pick<RemediationItem, "id" | "ref">;
const MAX_PAGES = 20;

/**
 * The program's open items (open or in progress) by the gap they were made for: a gap that has one links to it
 * instead of offering a duplicate (the server refuses those too, 409 duplicate_item).
 */
export function useOpenRemediationByGap(programId: string) {
  const can = useCan();
  const q = useQuery({
    queryKey: keys.remediation(programId, "open-by-gap"),
    queryFn: async () => {
      const items: RemediationItem[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const res = await api.GET("/api/v1/programs/{programId}/remediation", {
          params: {
            path: { programId },
            query: { status: "open,in_progress", page, pageSize: 100, sort: "createdAt" },
          },
        });
        items.push(...res.items);
        if (items.length >= res.total || res.items.length === 0) break;
      }
      return items;
    },
    enabled: can("remediation.read"),
  });
  const byCriterion = new Map<string, ItemRef>();
  const byControl = new Map<string, ItemRef>();
  for (const i of q.data ?? []) {
    if (i.sourceCriterion && !byCriterion.has(i.sourceCriterion)) byCriterion.set(i.sourceCriterion, i);
    if (i.sourceControl && !byControl.has(i.sourceControl)) byControl.set(i.sourceControl, i);
  }
  return { byCriterion, byControl };
}
