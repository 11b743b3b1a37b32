import { AppError } from "../../platform/errors.ts";

/**
 * Text PostgreSQL cannot store: a NUL character (U+0000; text columns refuse it, jsonb refuses its \u0000 escape)
 * or an unpaired UTF-16 surrogate (JSON allows "\ud800"; a text column would silently get U+FFFD instead, a jsonb
 * column refuses it). Every request is checked once at the edge (src/server/text-guard.ts; uploads where their
 * parts are read), so no route has to remember it and nothing reaches the database to fail there as a 500.
 */

/** A place in the request (`body.scope.commitments.1`) and what is wrong with its text. */
export interface TextProblem {
  path: string;
  message: string;
}

function problemOf(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored: remove it";
  if (!s.isWellFormed())
    return "contains an unpaired UTF-16 surrogate (not a valid Unicode character): send well-formed text";
  return null;
}

/** At most this many problems are listed: enough to fix a form, short for a hostile body. */
const MAX_PROBLEMS = 10;

/**
 * Every string in `value` (object keys included, at any depth) that cannot be stored, with its path in the
 * notation of validation errors: `body.scope.commitments.1`. Walks iteratively, so deep nesting cannot overflow.
 */
export function unstorableText(value: unknown, root: string): TextProblem[] {
  const found: TextProblem[] = [];
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length && found.length < MAX_PROBLEMS) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      const message = problemOf(v);
      if (message) found.push({ path, message });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v && typeof v === "object" && !ArrayBuffer.isView(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const keyProblem = problemOf(key);
        if (!keyProblem) stack.push([child, `${path}.${key}`]);
        // The path shows the bad characters as U+FFFD: a problem never echoes them back.
        else
          found.push({
            path: `${path}.${key.toWellFormed().replaceAll("\u0000", "\ufffd")}`,
            message: `field name ${keyProblem}`,
          });
      }
    }
  }
  return found;
}

/** The 400 for text that cannot be stored: the shape of validation errors (`errors: [{ path, message }]`). */
export function unstorableTextError(problems: TextProblem[]): AppError {
  return new AppError(400, "validation_failed", problems.map((p) => `${p.path}: ${p.message}`).join("; "), {
    errors: problems,
  });
}

/** Throws the 400 when `value` holds text that cannot be stored. */
export function assertStorableText(value: unknown, root: string): void {
  const problems = unstorableText(value, root);
  if (problems.length) throw unstorableTextError(problems);
}
