/**
 * A large SARIF report streams through in bounded memory: the reader runs in a child process whose heap is capped
 * well below the file's size, so holding the file (or its findings) would end it with an out-of-memory error.
 * 50 MB here keeps `npm test` quick on two busy cores; the benchmark reads 200 MB the same way.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { writeSarifReport } from "./testing.ts";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-sarif-large-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a 50 MB SARIF report", () => {
  it("yields every finding with the heap capped at 40 MB", { timeout: 120_000 }, async () => {
    const file = path.join(dir, "large.sarif");
    const generated = writeSarifReport(file, { results: 40_000, messagePadding: 1_000 });
    expect(generated.bytes).toBeGreaterThan(50 * 1024 * 1024);
    const script = path.join(import.meta.dirname, "testing.ts");
    const { stdout } = await run(process.execPath, ["--max-old-space-size=40", script, file], {
      maxBuffer: 1 << 20,
    });
    const out = JSON.parse(stdout) as { findings: number; peakHeap: number };
    expect(out.findings).toBe(40_000);
    // The cap is the proof (a reader that held the file would die of it); the sampled heap also counts garbage not
    // yet collected, which on a busy machine runs to about half the file, so it is checked against the file itself.
    expect(out.peakHeap).toBeLessThan(generated.bytes * 0.8);
  });
});
