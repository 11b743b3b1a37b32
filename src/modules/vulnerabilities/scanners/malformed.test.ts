/** Bad reports are refused whole, with an error that says where and why. */
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ReportError } from "./errors.ts";
import type { Finding } from "./finding.ts";
import { type ReadOptions, type ReportSummary, readFindings } from "./read.ts";

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

/** The text as a stream of `size`-byte chunks, so tokens and UTF-8 characters straddle chunk boundaries. */
const chunked = (text: string, size = 7) => {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
};

async function collect(text: string, options: ReadOptions = {}) {
  const findings: Finding[] = [];
  let report: ReportSummary | undefined;
  for await (const f of readFindings(chunked(text), { ...options, onReport: (r) => (report = r) })) findings.push(f);
  return { findings, report };
}

async function refusal(text: string, options: ReadOptions = {}): Promise<ReportError> {
  let reported = false;
  try {
    for await (const _ of readFindings(chunked(text), { ...options, onReport: () => (reported = true) }));
  } catch (e) {
    // A refused report never reaches the end: the caller was not told it is complete.
    expect(reported).toBe(false);
    return e as ReportError;
  }
  throw new Error("the report was accepted");
}

const sarif = (run: object) => JSON.stringify({ version: "2.1.0", runs: [run] });
const tool = { driver: { name: "scanner", rules: [{ id: "R1" }, { id: "R2" }] } };

describe("malformed JSON", () => {
  it("names the line and column where a truncated report ends", async () => {
    const text = fixture("trivy-alpine-3.10.sarif");
    const cut = text.slice(0, 5_000);
    const e = await refusal(cut);
    expect(e.code).toBe("scanner_report_malformed_json");
    const lines = cut.split("\n");
    expect(e.details).toMatchObject({ line: lines.length, column: lines.at(-1)!.length + 1 });
    expect(e.message).toMatch(new RegExp(`^The file is not valid JSON: .* at line ${lines.length}, column \\d+`));
  });

  it("points at a stray character in the middle of a file", async () => {
    const e = await refusal('{\n  "version": "2.1.0",\n  "runs": [ } ]\n}');
    expect(e.code).toBe("scanner_report_malformed_json");
    expect(e.details).toMatchObject({ line: 3, column: 13 });
  });

  it("refuses an empty file and a file that is not UTF-8", async () => {
    expect((await refusal("  \n")).code).toBe("scanner_report_empty");
    const latin1 = Readable.from([Buffer.from([0x7b, 0x22, 0xe9, 0xff, 0x22, 0x7d])]);
    await expect(readFindings(latin1).next()).rejects.toMatchObject({ code: "scanner_report_encoding" });
  });

  it("refuses a report over the size limit, before reading all of it", async () => {
    const e = await refusal(fixture("trivy-alpine-3.10.json"), { maxBytes: 10_000 });
    expect(e.code).toBe("scanner_report_too_large");
    expect(e.message).toContain("10 KiB limit");
  });

  it("reads a file with a byte-order mark and multi-byte characters split across chunks", async () => {
    const text = `\ufeff${sarif({ tool, results: [{ ruleId: "R1", message: { text: "Zürich ✓ 😀" } }] })}`;
    const { findings } = await collect(text, { target: "repo" });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.description).toBe("Zürich ✓ 😀");
  });
});

describe("not one of the formats", () => {
  it("refuses JSON that is none of SARIF, Trivy or Grype", async () => {
    const e = await refusal(JSON.stringify({ name: "package.json", dependencies: {} }));
    expect(e.code).toBe("scanner_report_unknown_format");
    expect(e.message).toMatch(/^This file is not a SARIF 2\.1\.0, Trivy or Grype report/);
    expect((await refusal("[1, 2]")).message).toContain("this file holds an array");
  });

  it("refuses another SARIF version with the version it found", async () => {
    const text = fixture("grype-image.sarif").replace('"version": "2.1.0"', '"version": "2.0.0"');
    const e = await refusal(text);
    expect(e.code).toBe("scanner_report_unsupported_version");
    expect(e.message).toContain('SARIF version "2.0.0"; only SARIF 2.1.0 is supported');
  });

  it("refuses another Trivy schema version and a Grype report from another tool", async () => {
    const trivy = fixture("trivy-alpine-3.10.json").replace('"SchemaVersion": 2', '"SchemaVersion": 1');
    expect((await refusal(trivy)).code).toBe("scanner_report_unsupported_version");
    const grype = fixture("grype-image.json").replace('"name": "grype"', '"name": "syft"');
    expect((await refusal(grype)).message).toContain('its descriptor names "syft", not grype');
  });

  it("refuses runs without a SARIF version, and a report mixing two formats", async () => {
    expect((await refusal(JSON.stringify({ runs: [] }))).message).toContain('"runs" but no SARIF "version"');
    const mixed = JSON.stringify({ version: "2.1.0", runs: [{ tool, results: [] }], matches: [] });
    expect((await refusal(mixed, { target: "x" })).message).toContain("mixes the keys of two formats");
  });
});

describe("SARIF structure", () => {
  it("refuses a SARIF file with no runs: a clean scan is a run with no results", async () => {
    const e = await refusal(JSON.stringify({ version: "2.1.0", runs: [] }), { filename: "empty.sarif" });
    expect(e.code).toBe("scanner_report_invalid");
    expect(e.message).toBe(
      '"empty.sarif" is SARIF with no runs: there is nothing to import (a scan that found nothing is a run with no results).',
    );
  });

  it("accepts a run with no results as a clean scan of its scope", async () => {
    const { findings, report } = await collect(sarif({ tool, results: [] }), { target: "github.com/acme/app" });
    expect(findings).toEqual([]);
    expect(report).toEqual({
      format: "sarif",
      scopes: [{ scanner: "scanner", target: "github.com/acme/app" }],
      findings: 0,
      skipped: 0,
    });
  });

  it("names the result whose rule index is out of range", async () => {
    const results = [
      { ruleId: "R1", ruleIndex: 0, message: { text: "a" } },
      { ruleIndex: 5, message: { text: "b" } },
    ];
    const e = await refusal(sarif({ tool, results }), { target: "t" });
    expect(e.code).toBe("scanner_report_invalid");
    expect(e.message).toBe(
      "The SARIF result at runs[0].results[1] refers to rule index 5, but the tool lists 2 rules. The report was not imported.",
    );
    expect(e.details).toEqual({ path: "runs[0].results[1]" });
  });

  it("refuses a result whose ruleId contradicts its rule index", async () => {
    const e = await refusal(sarif({ tool, results: [{ ruleId: "R2", ruleIndex: 0, message: { text: "a" } }] }), {
      target: "t",
    });
    expect(e.message).toContain('names rule "R2" but its rule index 0 is "R1"');
  });

  it("names the result that lacks what a finding needs", async () => {
    const noRule = await refusal(sarif({ tool, results: [{ message: { text: "a" } }] }), { target: "t" });
    expect(noRule.message).toContain("runs[0].results[0] has neither a ruleId nor a rule reference");
    const noMessage = await refusal(sarif({ tool, results: [{ ruleId: "R1" }] }), { target: "t" });
    expect(noMessage.message).toMatch(/^A SARIF result at runs\[0\]\.results\[0\]\.message: /);
    const badLevel = await refusal(
      sarif({ tool, results: [{ ruleId: "R1", level: "fatal", message: { text: "a" } }] }),
      {
        target: "t",
      },
    );
    expect(badLevel.details).toEqual({ path: "runs[0].results[0].level" });
    const noTool = await refusal(sarif({ results: [] }), { target: "t" });
    expect(noTool.message).toContain("The SARIF run at runs[0] has no tool");
  });

  it("resolves results that come before their run's tool, and a target named after the results", async () => {
    const run = {
      results: [{ ruleIndex: 1, level: "error", message: { text: "x" }, locations: [loc("src/a.ts", 3)] }],
      tool,
      versionControlProvenance: [{ repositoryUri: "https://git.example/acme/app" }],
    };
    const { findings } = await collect(sarif(run));
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "R2",
        severity: "high",
        target: "https://git.example/acme/app",
        location: "src/a.ts:3",
      }),
    ]);
  });

  it("skips passes, not-applicable and absent results, and counts them", async () => {
    const results = [
      { ruleId: "R1", kind: "pass", message: { text: "ok" } },
      { ruleId: "R1", kind: "notApplicable", message: { text: "n/a" } },
      { ruleId: "R1", baselineState: "absent", message: { text: "gone" } },
      { ruleId: "R1", kind: "informational", message: { text: "fyi" } },
    ];
    const { findings, report } = await collect(sarif({ tool, results }), { target: "t" });
    expect(findings.map((f) => f.severity)).toEqual(["info"]);
    expect(report).toMatchObject({ findings: 1, skipped: 3 });
  });

  it("identifies code findings by file and the tool's fingerprint, not by line", async () => {
    const at = (line: number) => ({
      ruleId: "R1",
      message: { text: "m" },
      locations: [loc("src/a.ts", line)],
      partialFingerprints: { primaryLocationLineHash: "abc:1" },
    });
    const before = await collect(sarif({ tool, results: [at(10)] }), { target: "t" });
    const after = await collect(sarif({ tool, results: [at(14)] }), { target: "t" });
    expect(after.findings[0]!.fingerprint).toBe(before.findings[0]!.fingerprint);
    expect(after.findings[0]!.location).toBe("src/a.ts:14");
  });

  it("asks for the target when neither the report nor the caller names one", async () => {
    const e = await refusal(sarif({ tool, results: [{ ruleId: "R1", message: { text: "m" } }] }));
    expect(e.message).toContain("does not say which image or repository was scanned");
    const held = await refusal(
      sarif({ tool, results: Array.from({ length: 5 }, () => ({ ruleId: "R1", message: { text: "m" } })) }),
      { maxPending: 3 },
    );
    expect(held.code).toBe("scanner_report_too_many_pending");
  });
});

describe("streaming", () => {
  it("yields the first findings before the rest of the file has arrived", async () => {
    const input = new PassThrough();
    const text = sarif({
      tool,
      results: [
        { ruleId: "R1", message: { text: "a" } },
        { ruleId: "R2", message: { text: "b" } },
      ],
    });
    const cut = text.indexOf('{"ruleId":"R2"');
    input.write(text.slice(0, cut));
    const it = readFindings(input, { target: "t" });
    const first = await it.next();
    expect(first.value).toMatchObject({ ruleId: "R1" });
    input.end(text.slice(cut));
    expect((await it.next()).value).toMatchObject({ ruleId: "R2" });
    expect((await it.next()).done).toBe(true);
  });

  it("keeps a __proto__ key as data, never as a prototype", async () => {
    const text = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"s","rules":[{"id":"R1"}]}},"results":[{"ruleId":"R1","message":{"text":"m"},"properties":{"__proto__":{"polluted":true},"security-severity":"9.5"}}]}]}`;
    const { findings } = await collect(text, { target: "t" });
    expect(findings[0]!.severity).toBe("critical");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("Trivy and Grype items", () => {
  it("names the Trivy vulnerability without a package", async () => {
    const text = fixture("trivy-alpine-3.10.json").replace('"PkgName": "libssl1.1"', '"PkgName": ""');
    const e = await refusal(text);
    expect(e.code).toBe("scanner_report_invalid");
    expect(e.message).toBe(
      "A Trivy vulnerability at Results[0].Vulnerabilities[2].PkgName: a vulnerability needs the PkgName of its package. The report was not imported.",
    );
  });

  it("names the Grype match without a vulnerability id", async () => {
    const text = fixture("grype-image.json").replace('"id": "CVE-1999-0002"', '"id": 2');
    const e = await refusal(text);
    expect(e.message).toMatch(/^A Grype match at matches\[1\]\.vulnerability\.id: /);
  });

  it("reads a Trivy report with no results as a clean scan of its artifact", async () => {
    const { findings, report } = await collect(
      JSON.stringify({ SchemaVersion: 2, ArtifactName: "alpine:3.20", ArtifactType: "container_image" }),
    );
    expect(findings).toEqual([]);
    expect(report?.scopes).toEqual([{ scanner: "trivy", target: "alpine:3.20" }]);
  });
});

function loc(uri: string, line: number) {
  return { physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } };
}
