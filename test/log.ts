import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

/** A logger whose JSON lines the test can read back (what an operator would find in the server log). */
export function capturedLog(level: pino.Level = "info"): { log: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const log = pino({ level }, new Writable({ write: (chunk, _enc, done) => done(void raw.push(String(chunk))) }));
  return { log, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
