/** Natural ordering of content identifiers (pure). */

const PREFIX_ORDER: Record<string, number> = { CC: 0, A: 1, C: 2, PI: 3, P: 4 };
const CRITERION_PARTS = /^([A-Z]+)(\d+)(?:\.(\d+))?$/;

/**
 * Orders Trust Services Criteria ids as the report does: common criteria first, then A, C, PI and P,
 * each by series and number (`CC1.1 < CC1.2 < CC1.10 < CC2.1 < … < CC9.2 < A1.1 < … < P8.1`).
 * Works for series ids too (`CC1 < CC9 < A1 < P8`).
 */
export function compareCriterionIds(a: string, b: string): number {
  const ma = CRITERION_PARTS.exec(a);
  const mb = CRITERION_PARTS.exec(b);
  if (!ma || !mb) return compareNatural(a, b);
  const pa = PREFIX_ORDER[ma[1]!] ?? 99;
  const pb = PREFIX_ORDER[mb[1]!] ?? 99;
  if (pa !== pb) return pa - pb;
  if (ma[1] !== mb[1]) return ma[1]! < mb[1]! ? -1 : 1;
  const series = Number(ma[2]) - Number(mb[2]);
  if (series !== 0) return series;
  return Number(ma[3] ?? 0) - Number(mb[3] ?? 0);
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Natural string order (`ACC-2 < ACC-10`, `A.5.9 < A.5.10`). */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b);
}
