/**
 * Zod pieces for cell text, with messages that quote the value and say what to write instead. A validator (see
 * validate.ts) puts "Line 7, start date: " in front of them.
 */
import { z } from "zod";

const show = (v: unknown) => `'${String(v).length > 60 ? `${String(v).slice(0, 57)}…` : String(v)}'`;

/** YYYY-MM-DD, also with a time after it (as XLSX date-times arrive); the result is the date alone. */
const DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?$/;
export function plainDate(v: string): string | null {
  const m = DATE.exec(v);
  if (!m) return null;
  const d = new Date(`${m[1]}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(m[1]!) ? m[1]! : null;
}

export const cell = {
  /** Text up to `max` characters. */
  text: (max: number) => z.string().max(max, { error: `is longer than ${max} characters.` }),

  /** A calendar date, written YYYY-MM-DD. */
  date: () =>
    z.string().transform((v, ctx) => {
      const d = plainDate(v);
      if (d) return d;
      ctx.addIssue({ code: "custom", input: v, message: `${show(v)} is not a date (use YYYY-MM-DD).` });
      return z.NEVER;
    }),

  /** An email address, lower-cased. */
  email: () =>
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.email({ error: (iss) => `${show(iss.input)} is not an email address.` })),

  /** One of a set of words (compared like headers: case and punctuation ignored) mapped to values. */
  choice: <T extends string>(words: Readonly<Record<string, T>>, expected: string) =>
    z.string().transform((v, ctx) => {
      const key = v.toLowerCase().replace(/[^a-z0-9]/g, "");
      if (Object.hasOwn(words, key)) return words[key]!;
      ctx.addIssue({ code: "custom", input: v, message: `${show(v)} is not ${expected}.` });
      return z.NEVER;
    }),
};
