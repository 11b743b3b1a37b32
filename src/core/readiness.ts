import { type ControlStatus, DONE_STATUSES } from "./control-status.ts";

/**
 * Readiness roll-up. A criterion in scope is ready when every applicable control mapped to it is implemented or
 * operating; its score is the share of those controls that are. Category and overall scores are the mean of their
 * criteria's scores, so one missing control in a criterion with ten counts less than a criterion with none.
 *
 * Every score also exists at three levels of proof, so a questionnaire alone cannot look like audit readiness:
 * - declared: a person said the control is implemented (self-assessment or status set by hand);
 * - evidenced: the control has current evidence (core/freshness.ts);
 * - operating: current evidence and no failing test, the "operating" status of core/control-status.ts.
 * A control counts at a level when it is at least at that level, so operating ⊆ evidenced ⊆ declared.
 */
export const READINESS_LEVELS = ["declared", "evidenced", "operating"] as const;
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

const LEVEL_RANK: Record<ReadinessLevel, number> = { declared: 1, evidenced: 2, operating: 3 };

/** Whether a control at `level` (null: not even declared) counts at `wanted`. */
export const reaches = (level: ReadinessLevel | null, wanted: ReadinessLevel) =>
  level !== null && LEVEL_RANK[level] >= LEVEL_RANK[wanted];

/** A Type II report tests operation over a period, a Type I report the design at a date. */
export const headlineLevel = (reportType: string): ReadinessLevel =>
  reportType === "type1" ? "evidenced" : "operating";

/**
 * The highest level a control reaches. `declared`: a person set implemented or operating; `evidenceCurrent`: its
 * freshest evidence is current or due soon (not missing, not stale) at the moment judged.
 */
export function controlLevel(c: {
  status: ControlStatus;
  declared: boolean;
  evidenceCurrent: boolean;
}): ReadinessLevel | null {
  if (c.status === "not_applicable") return null;
  if (c.status === "operating") return "operating";
  if (c.evidenceCurrent) return "evidenced";
  if (c.declared || DONE_STATUSES.has(c.status)) return "declared";
  return null;
}
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
  /** Highest level reached (controlLevel); absent: read from the status alone (operating, or implemented = declared). */
  level?: ReadinessLevel | null;
}

/** A criterion's readiness counted at one level. */
export interface LevelReadiness {
  state: CriterionState;
  score: number;
  done: number;
  /** Applicable mapped controls not at this level yet. */
  pending: string[];
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
  /** The same criterion counted at each level of proof. */
  levels: Record<ReadinessLevel, LevelReadiness>;
}

export interface LevelSummary {
  score: number;
  ready: number;
}

export interface ScoreSummary {
  score: number;
  ready: number;
  total: number;
  levels: Record<ReadinessLevel, LevelSummary>;
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

const levelOf = (c: ReadinessControlInput): ReadinessLevel | null =>
  c.level !== undefined
    ? c.level
    : c.status === "operating"
      ? "operating"
      : c.status === "implemented"
        ? "declared"
        : null;

const perLevel = <T>(f: (level: ReadinessLevel) => T) =>
  Object.fromEntries(READINESS_LEVELS.map((l) => [l, f(l)])) as Record<ReadinessLevel, T>;

/** One level of a criterion from its applicable mapped controls (pending sorted). */
function levelReadiness(applicable: readonly ReadinessControlInput[], level: ReadinessLevel): LevelReadiness {
  const pending = applicable
    .filter((c) => !reaches(levelOf(c), level))
    .map((c) => c.key)
    .sort();
  const done = applicable.length - pending.length;
  const ready = applicable.length > 0 && pending.length === 0;
  return {
    state: ready ? "ready" : "not_ready",
    score: applicable.length === 0 ? 0 : done / applicable.length,
    done,
    pending,
  };
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
      levels: perLevel(() => ({ state: "not_relevant", score: 0, done: 0, pending: [] })),
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
  const counted = mapped.filter((c) => c.status !== "not_applicable");
  return {
    ...base,
    state: ready ? "ready" : "not_ready",
    score,
    applicable,
    done,
    notApplicable,
    pending,
    reason,
    levels: perLevel((l) => levelReadiness(counted, l)),
  };
}

const summarize = (rows: readonly CriterionReadiness[]): ScoreSummary => {
  const counted = rows.filter((r) => r.state !== "not_relevant");
  const total = counted.length;
  const mean = (score: (r: CriterionReadiness) => number) =>
    total === 0 ? 0 : counted.reduce((s, r) => s + score(r), 0) / total;
  return {
    score: mean((r) => r.score),
    ready: counted.filter((r) => r.state === "ready").length,
    total,
    levels: perLevel((l) => ({
      score: mean((r) => r.levels[l].score),
      ready: counted.filter((r) => r.levels[l].state === "ready").length,
    })),
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
