import { z } from "zod";
import {
  CATEGORY_IDS,
  CONTROL_FREQUENCIES,
  CONTROL_NATURE_MODES,
  CONTROL_NATURE_TYPES,
  CONTROL_OWNER_ROLES,
  MAPPING_STRENGTHS,
} from "../../content/index.ts";

/** What the content routes answer (the loader's own schemas in src/content validate the files). */

const category = z.enum(CATEGORY_IDS);

export const criteriaContent = z.object({
  categories: z.array(z.object({ id: category, name: z.string(), description: z.string(), required: z.boolean() })),
  series: z.array(z.object({ id: z.string(), category, name: z.string() })),
  criteria: z.array(
    z.object({
      id: z.string(),
      category,
      series: z.string(),
      title: z.string(),
      summary: z.string(),
      evidence: z.array(z.string()),
    }),
  ),
});

export const controlsContent = z.object({
  domains: z.array(z.object({ domain: z.string(), name: z.string(), description: z.string(), order: z.number() })),
  controls: z.array(
    z.object({
      id: z.string(),
      domain: z.string(),
      name: z.string(),
      description: z.string(),
      ownerRole: z.enum(CONTROL_OWNER_ROLES),
      frequency: z.enum(CONTROL_FREQUENCIES),
      nature: z.object({ type: z.enum(CONTROL_NATURE_TYPES), mode: z.enum(CONTROL_NATURE_MODES) }),
      evidence: z.array(z.string()),
      guidance: z.string(),
      policies: z.array(z.string()),
      criteria: z.array(z.string()),
    }),
  ),
  policies: z.array(z.object({ id: z.string(), title: z.string(), purpose: z.string() })),
});

const coverageCounts = {
  /** Requirements with at least one equal or superset mapping from the program's controls (or the library's). */
  covered: z.number().int(),
  /** Requirements with only subset or intersects mappings: related controls exist, but none covers it on its own. */
  partial: z.number().int(),
  total: z.number().int(),
};

const frameworkSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  description: z.string(),
  /** The day the mappings were last reviewed. */
  reviewed: z.string(),
  ...coverageCounts,
  /** Coverage of each part reported on its own (ISO 27001: clauses 4–10 and Annex A); empty without parts. */
  parts: z.array(z.object({ id: z.string(), name: z.string(), ...coverageCounts })),
});
export const frameworkList = z.object({ items: z.array(frameworkSummary) });

export const frameworkDetail = frameworkSummary.extend({
  groups: z.array(z.object({ id: z.string(), name: z.string(), part: z.string().optional() })),
  requirements: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      group: z.string(),
      coverage: z.enum(["covered", "partial", "none"]),
      /** Ids of the mapped controls, whatever the strength. */
      controls: z.array(z.string()),
      mappings: z.array(
        z.object({ controlId: z.string(), strength: z.enum(MAPPING_STRENGTHS), rationale: z.string() }),
      ),
    }),
  ),
});
