/** The readers on real scanner outputs, as the scanners' projects wrote them (fixtures/README.md). */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "./finding.ts";
import { type ReportSummary, readFindings } from "./read.ts";

const FIXTURES = path.join(import.meta.dirname, "fixtures");

async function read(file: string, options: { target?: string } = {}) {
  let report: ReportSummary | undefined;
  const findings: Finding[] = [];
  for await (const f of readFindings(fs.createReadStream(path.join(FIXTURES, file)), {
    filename: file,
    ...options,
    onReport: (r) => {
      report = r;
    },
  }))
    findings.push(f);
  return { findings, report: report! };
}

const IMAGE = "testdata/fixtures/images/alpine-310.tar.gz";
/** What both Trivy reports of the alpine 3.10 image list: advisory, package, installed and fixed version. */
const ALPINE_PACKAGES = [
  ["CVE-2019-1549", "libcrypto1.1", "1.1.1c-r0", "1.1.1d-r0"],
  ["CVE-2019-1551", "libcrypto1.1", "1.1.1c-r0", "1.1.1d-r2"],
  ["CVE-2019-1549", "libssl1.1", "1.1.1c-r0", "1.1.1d-r0"],
  ["CVE-2019-1551", "libssl1.1", "1.1.1c-r0", "1.1.1d-r2"],
];
const alpineReport = (format: string) => ({
  format,
  scopes: [{ scanner: "trivy", scannerVersion: "dev", target: IMAGE }],
  findings: 4,
  skipped: 0,
});

describe("Trivy JSON (alpine 3.10 image)", () => {
  it("reads the 4 vulnerabilities with their packages, versions, severities and scores", async () => {
    const { findings, report } = await read("trivy-alpine-3.10.json");
    expect(report).toEqual(alpineReport("trivy"));
    expect(findings.map((f) => [f.ruleId, f.package, f.installedVersion, f.fixedVersion])).toEqual(ALPINE_PACKAGES);
    expect(findings[0]).toMatchObject({
      format: "trivy",
      scanner: "trivy",
      title: "openssl: information disclosure in fork()",
      severity: "medium",
      score: 5.3,
      target: IMAGE,
      url: "https://avd.aquasec.com/nvd/cve-2019-1549",
    });
    // OS packages: the package is in the image itself, no location inside it.
    expect(findings.every((f) => f.location === undefined)).toBe(true);
    expect(findings[0]!.description).toMatch(/^OpenSSL 1\.1\.1 introduced a rewritten random number generator/);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(4);
  });
});

describe("Trivy SARIF (same image)", () => {
  it("reads the 4 results, resolving rules by index and packages from each result's message", async () => {
    const { findings, report } = await read("trivy-alpine-3.10.sarif");
    expect(report).toEqual(alpineReport("sarif"));
    // The rule's help names libssl1.1 for both CVEs; the results say which package each is about.
    expect(findings.map((f) => [f.ruleId, f.package, f.installedVersion, f.fixedVersion])).toEqual(ALPINE_PACKAGES);
    // security-severity 5.3 → medium, as GitHub bands it.
    expect(findings.every((f) => f.severity === "medium" && f.score === 5.3)).toBe(true);
    expect(findings[1]).toMatchObject({
      title: "openssl: Integer overflow in RSAZ modular exponentiation on x86_64",
      url: "https://avd.aquasec.com/nvd/cve-2019-1551",
      target: IMAGE,
    });
  });

  it("gives each finding the same fingerprint as the JSON report of the same scan", async () => {
    const json = await read("trivy-alpine-3.10.json");
    const sarif = await read("trivy-alpine-3.10.sarif");
    expect(sarif.findings.map((f) => f.fingerprint)).toEqual(json.findings.map((f) => f.fingerprint));
  });
});

describe("Grype JSON", () => {
  it("reads the 2 matches, holding them until the source names the image", async () => {
    const { findings, report } = await read("grype-image.json");
    expect(report).toEqual({
      format: "grype",
      scopes: [{ scanner: "grype", scannerVersion: "[not provided]", target: "user-input" }],
      findings: 2,
      skipped: 0,
    });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "CVE-1999-0001",
        severity: "low",
        score: 8.2,
        package: "package-1",
        installedVersion: "1.1.1",
        fixedVersion: "1.2.1, 2.1.3, 3.4.0",
        location: "/foo/bar/somefile-1.txt",
        target: "user-input",
      }),
      expect.objectContaining({
        ruleId: "CVE-1999-0002",
        severity: "critical",
        score: 8.5,
        package: "package-2",
        installedVersion: "2.2.2",
        location: "/foo/bar/somefile-2.txt",
      }),
    ]);
    expect(findings[1]!.fixedVersion).toBeUndefined();
  });

  it("uses the caller's target when given", async () => {
    const { findings } = await read("grype-image.json", { target: "registry.example/app:1.0" });
    expect(findings.map((f) => f.target)).toEqual(["registry.example/app:1.0", "registry.example/app:1.0"]);
  });
});

describe("Grype SARIF", () => {
  it("reads the 2 results: advisory from the rule id, package from the rule help, CVSS band as severity", async () => {
    const { findings, report } = await read("grype-image.sarif");
    expect(report.scopes).toEqual([{ scanner: "grype", scannerVersion: "0.0.0-dev", target: "user-input" }]);
    expect(findings.map((f) => [f.ruleId, f.package, f.installedVersion, f.fixedVersion, f.severity])).toEqual([
      ["CVE-1999-0001", "package-1", "1.1.1", "1.2.1, 2.1.3, 3.4.0", "high"],
      ["CVE-1999-0002", "package-2", "2.2.2", undefined, "high"],
    ]);
  });

  it("matches the Grype JSON findings' fingerprints", async () => {
    const json = await read("grype-image.json");
    const sarif = await read("grype-image.sarif");
    expect(sarif.findings.map((f) => f.fingerprint)).toEqual(json.findings.map((f) => f.fingerprint));
  });
});
