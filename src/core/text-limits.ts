/**
 * How long free text may be, shared by the server's schemas and the web app's forms (which import this file), so
 * a form counts against the same number the API enforces. Text over a limit is refused, never cut.
 */
export const TEXT_LIMITS = {
  /** A name or label. */
  name: 200,
  /** A title or a one-line summary. */
  title: 300,
  /** One item of a list. */
  line: 1000,
  /** A short paragraph. */
  paragraph: 2000,
  /** Descriptions, notes and explanations: the longest free text most fields take. */
  long: 4000,
} as const;

const count = (n: number) => n.toLocaleString("en-US");

/** The message for text over its limit, the same on the server (400) and in the form. */
export function tooLongMessage(limit: number, length?: number): string {
  const has = length === undefined ? "" : ` (it has ${count(length)})`;
  return `Keep this to at most ${count(limit)} characters${has}.`;
}
