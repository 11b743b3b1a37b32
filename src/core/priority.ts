/** Remediation priority from risk: likelihood × impact, each rated 1 (rare / negligible) to 5 (almost certain / severe). */
export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RISK_LEVELS = [1, 2, 3, 4, 5] as const;
export const LIKELIHOOD_LABELS = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"] as const;
export const IMPACT_LABELS = ["Negligible", "Minor", "Moderate", "Major", "Severe"] as const;

export const riskScore = (likelihood: number, impact: number) => likelihood * impact;

/** 15–25 critical, 8–14 high, 4–7 medium, 1–3 low: the usual bands of a 5 × 5 risk matrix. */
export function priorityOf(likelihood: number, impact: number): Priority {
  if (
    !Number.isInteger(likelihood) ||
    !Number.isInteger(impact) ||
    likelihood < 1 ||
    likelihood > 5 ||
    impact < 1 ||
    impact > 5
  )
    throw new RangeError("likelihood and impact are whole numbers from 1 to 5");
  const score = riskScore(likelihood, impact);
  if (score >= 15) return "critical";
  if (score >= 8) return "high";
  if (score >= 4) return "medium";
  return "low";
}

/** Sort key: higher priority first, then the earlier due date, then the higher raw score. */
export const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Days after which an open item without a due date is suggested to be due, by priority. */
export const SUGGESTED_DAYS: Record<Priority, number> = { critical: 14, high: 30, medium: 60, low: 90 };
