import { z } from "zod";

/** What the policy template routes answer (src/content validates the templates themselves). */

const policyControl = z.object({ id: z.string(), name: z.string() });
const policySummary = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.string(),
  /** The library controls that name this policy (derived from the control library). */
  controls: z.array(policyControl),
});
export const policyList = z.object({ items: z.array(policySummary) });

export const policyDetail = policySummary.extend({
  version: z.string(),
  /** The template rendered as Markdown, with the organization's name and the other variables' defaults. */
  markdown: z.string(),
  /** The value each template variable was given. */
  variables: z.record(z.string(), z.string()),
});
