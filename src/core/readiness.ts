import { type ControlStatus, DONE_STATUSES } from "./control-status.ts";

/**
 * Readiness roll-up. A criterion in scope is ready when every applicable control mapped to it is implemented or
 * operating; its score is the share of those controls that are. Category and overall scores are the mean of their
 * criteria's scores, so one missing control in a criterion with ten counts less than a criterion with none.
 */
export interface ReadinessCriterionInput {
  id: string;
  category: string;
  inScope: boolean;
  /** Why a criterion out of scope does not count (e.g. its category was not selected). */
  notRelevantReason?: string;
}

export interface ReadinessControlInput {
  key: string;
  status: ControlStatus;
  criteria: readonly string[];
}

export type CriterionState = "ready" | "not_ready" | "not_relevant";

export interface CriterionReadiness {
  id: string;
  category: string;
  state: CriterionState;
  score: number;
  /** Applicable mapped controls, and how many of them are implemented or operating. */
  applicable: number;
  done: number;
  notApplicable: number;
  /** Keys of applicable mapped controls that are not done yet: what stands between this criterion and ready. */
  pending: string[];
  reason: string;
}

export interface ScoreSummary {
  score: number;
  ready: number;
  total: number;
}

export interface CategoryReadiness extends ScoreSummary {
  id: string;
  inScope: boolean;
}

export interface Readiness {
  criteria: CriterionReadiness[];
  categories: CategoryReadiness[];
  overall: ScoreSummary;
}

export function criterionReadiness(
  criterion: ReadinessCriterionInput,
  mapped: readonly ReadinessControlInput[],
): CriterionReadiness {
  const base = { id: criterion.id, category: criterion.category };
  if (!criterion.inScope)
    return {
      ...base,
      state: "not_relevant",
      score: 0,
      applicable: 0,
      done: 0,
      notApplicable: 0,
      pending: [],
      reason: criterion.notRelevantReason ?? "Not relevant to this program's scope.",
    };
  let applicable = 0;
  let done = 0;
  let notApplicable = 0;
  const pending: string[] = [];
  for (const c of mapped) {
    if (c.status === "not_applicable") {
      notApplicable++;
      continue;
    }
    applicable++;
    if (DONE_STATUSES.has(c.status)) done++;
    else pending.push(c.key);
  }
  pending.sort();
  const score = applicable === 0 ? 0 : done / applicable;
  const ready = applicable > 0 && done === applicable;
  let reason: string;
  if (applicable === 0)
    reason =
      mapped.length === 0
        ? "No control in the program addresses this criterion: adopt or add one."
        : "Every control mapped to this criterion is marked not applicable: at least one applicable control must address it.";
  else if (ready) reason = `All ${applicable} applicable control(s) are implemented or operating.`;
  else
    reason = `${done} of ${applicable} applicable control(s) are implemented or operating; waiting on ${pending.join(", ")}.`;
  return { ...base, state: ready ? "ready" : "not_ready", score, applicable, done, notApplicable, pending, reason };
}

const summarize = (rows: readonly CriterionReadiness[]): ScoreSummary => {
  const counted = rows.filter((r) => r.state !== "not_relevant");
  const total = counted.length;
  return {
    score: total === 0 ? 0 : counted.reduce((s, r) => s + r.score, 0) / total,
    ready: counted.filter((r) => r.state === "ready").length,
    total,
  };
};

/** Category and overall scores from criterion results (cheap: run it after any partial update). */
export function rollUp(
  criteria: readonly CriterionReadiness[],
  categoryIds: readonly string[],
): Omit<Readiness, "criteria"> {
  const categories = categoryIds.map((id) => {
    const rows = criteria.filter((c) => c.category === id);
    return { id, inScope: rows.some((r) => r.state !== "not_relevant"), ...summarize(rows) };
  });
  return { categories, overall: summarize(criteria) };
}

/** Which controls map to each criterion. */
export function controlsByCriterion<C extends ReadinessControlInput>(controls: readonly C[]): Map<string, C[]> {
  const index = new Map<string, C[]>();
  for (const c of controls)
    for (const id of c.criteria) {
      const list = index.get(id);
      if (list) list.push(c);
      else index.set(id, [c]);
    }
  return index;
}

export function computeReadiness(
  criteria: readonly ReadinessCriterionInput[],
  controls: readonly ReadinessControlInput[],
  categoryIds: readonly string[],
): Readiness {
  const index = controlsByCriterion(controls);
  const rows = criteria.map((c) => criterionReadiness(c, index.get(c.id) ?? []));
  return { criteria: rows, ...rollUp(rows, categoryIds) };
}
