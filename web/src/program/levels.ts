import type { MantineColor } from "@mantine/core";
import type { ReadinessLevel, ScoreSummary } from "../api/models/program.ts";

/** Levels of proof, weakest first: each counts the controls at least at that level (src/core/readiness.ts). */
export const LEVELS: readonly ReadinessLevel[] = ["declared", "evidenced", "operating"];

export const LEVEL_INFO: Record<ReadinessLevel, { label: string; color: MantineColor; hint: string }> = {
  declared: {
    label: "Declared",
    color: "gray",
    hint: "Someone said the control is implemented (self-assessment or set by hand).",
  },
  evidenced: { label: "Evidenced", color: "indigo", hint: "The control has current evidence." },
  operating: {
    label: "Operating",
    color: "teal",
    hint: "Current evidence and no failing monitoring test.",
  },
};

/** The sentence that explains the split, with the report type's headline. */
export const levelsExplanation = (headline: ReadinessLevel) =>
  `Readiness is counted at three levels of proof: declared ⊇ evidenced ⊇ operating. The headline counts ${LEVEL_INFO[headline].label.toLowerCase()} controls (${headline === "operating" ? "a Type II report tests operation over the period" : "a Type I report looks at the design on one date"}); declared shows what people have said so far.`;

/** A summary's score and ready count at one level. */
export const atLevel = (s: ScoreSummary, level: ReadinessLevel) => ({ ...s.levels[level], total: s.total });
