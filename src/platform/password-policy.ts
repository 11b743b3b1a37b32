import { createRequire } from "node:module";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { badRequest } from "./errors.ts";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let factory: ZxcvbnFactory | null = null;
/**
 * Loaded and built on the first password judged, not at start: the dictionaries and their ranked form hold ~27 MB
 * of heap that a running server needs only when someone chooses a password.
 */
function zxcvbn(): ZxcvbnFactory {
  if (!factory) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory } = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
    const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    const en = require("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
    factory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  }
  return factory;
}

export interface PasswordVerdict {
  ok: boolean;
  /** 0 (guessable in seconds) … 4 (very strong). */
  score: number;
  problems: string[];
}

/**
 * Length 12–256, and strong enough by zxcvbn (score ≥ 3): this rejects the ~40k most common and breached
 * passwords it ships, keyboard walks, repeats and passwords built from the person's own name or email.
 * (Online breach lookups such as HIBP need the internet; see docs/security.md.)
 */
export function judgePassword(password: string, context: string[] = []): PasswordVerdict {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { ok: false, score: 0, problems: [`Use at least ${MIN_PASSWORD_LENGTH} characters.`] };
  if (password.length > MAX_PASSWORD_LENGTH)
    return { ok: false, score: 0, problems: [`Use at most ${MAX_PASSWORD_LENGTH} characters.`] };
  const inputs = context.flatMap((c) => [c, ...c.split(/[@.\s_-]+/)]).filter((c) => c.length >= 3);
  const result = zxcvbn().check(password, inputs);
  const problems = [result.feedback.warning, ...result.feedback.suggestions].filter((p): p is string => !!p);
  if (result.score >= 3) return { ok: true, score: result.score, problems: [] };
  return {
    ok: false,
    score: result.score,
    problems: problems.length
      ? problems
      : ["This password is too easy to guess. A few unrelated words make a strong one."],
  };
}

/** Throws a 400 `weak_password` with what to change, for use at every place a password is chosen. */
export function assertAcceptablePassword(password: string, context: string[] = []) {
  const verdict = judgePassword(password, context);
  if (!verdict.ok)
    throw badRequest("weak_password", `Choose a stronger password: ${verdict.problems.join(" ")}`, {
      problems: verdict.problems,
    });
}
