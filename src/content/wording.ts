/**
 * Wording rules that keep library controls testable by an auditor: the cadence a control's text states
 * must be its `frequency`, and the text never hides the test behind a hedge ("where practical",
 * "regularly"). Pure functions over a control; content.test.ts runs them on the whole library.
 */
import type { ControlFrequency } from "./schema.ts";

/** The parts of a control a reader takes as its promise. */
export interface ControlText {
  id: string;
  name: string;
  description: string;
  guidance: string;
  evidence: readonly string[];
  frequency: ControlFrequency;
}

type Cadence = ControlFrequency | "hourly" | "twice a year";

/**
 * Phrases that state how often something recurs. Deadlines ("within 30 days", "the first week") and
 * durations ("a one-hour review") are not cadences and are deliberately not matched.
 */
const CADENCE_PHRASES: readonly (readonly [Cadence, RegExp])[] = [
  ["twice a year", /\b(twice a year|semi-?annual(ly)?|half-?yearly|every six months)\b/i],
  ["annually", /\b(annual(ly)?|yearly|(once|each|every|per)( a)? year|every twelve months)\b/i],
  ["quarterly", /\b(quarterly|(once|each|every|per)( an?)? quarter|every three months)\b/i],
  ["monthly", /\b(monthly|(once|each|every|per)( an?)? month)\b/i],
  ["weekly", /\b(weekly|(once|each|every|per)( an?)? week)\b/i],
  ["daily", /\b(daily|nightly|(once|each|every|per)( an?)? day)\b/i],
  ["hourly", /\b(hourly|(once|each|every|per)( an?)? hour)\b/i],
  ["continuous", /\b(continuous(ly)?|real[- ]time)\b/i],
];

/** Cadences a text may state for each frequency; automated checks run daily or hourly count as continuous. */
const ALLOWED: Record<ControlFrequency, readonly Cadence[]> = {
  continuous: ["continuous", "hourly", "daily"],
  daily: ["daily"],
  weekly: ["weekly"],
  monthly: ["monthly"],
  quarterly: ["quarterly"],
  annually: ["annually"],
  on_event: [],
};

/** Cadences stated in a piece of text, in the order of CADENCE_PHRASES. */
export function statedCadences(text: string): Cadence[] {
  return CADENCE_PHRASES.filter(([, pattern]) => pattern.test(text)).map(([cadence]) => cadence);
}

/** Each text of a control with the name of the field it is in. */
function fieldTexts(control: ControlText): [field: string, text: string][] {
  return [
    ["name", control.name],
    ["description", control.description],
    ["guidance", control.guidance],
    ...control.evidence.map((text, i): [string, string] => [`evidence[${i}]`, text]),
  ];
}

/** One message per cadence a text of the control states that its frequency contradicts. */
export function cadenceContradictions(control: ControlText): string[] {
  return fieldTexts(control).flatMap(([field, text]) =>
    statedCadences(text)
      .filter((cadence) => !ALLOWED[control.frequency].includes(cadence))
      .map((cadence) => `${control.id}: ${field} says "${cadence}" but frequency is ${control.frequency}`),
  );
}

/**
 * Hedges that leave a tester unable to say whether the control operated: an unbounded exception,
 * an unspecified interval, or an approval that names nothing.
 */
export const BANNED_HEDGES: readonly RegExp[] = [
  /\bwhere (practical|possible|feasible|needed)\b/i,
  /\b(as|if|when) (appropriate|needed|necessary)\b/i,
  /\bregularly\b/i,
  /\bperiodic(ally)?\b/i,
  /\bapproved(,? \w+){0,3},? (channels?|paths?|methods?)\b/i,
  /\b(timely|promptly|quickly)\b/i,
];

/** One message per banned hedge found in any text of the control. */
export function hedges(control: ControlText): string[] {
  return fieldTexts(control).flatMap(([field, text]) =>
    BANNED_HEDGES.flatMap((pattern) => {
      const found = pattern.exec(text);
      return found ? [`${control.id}: ${field} hedges with "${found[0]}"`] : [];
    }),
  );
}
