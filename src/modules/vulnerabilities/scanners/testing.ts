/** Large SARIF reports for tests and the benchmark, written to a file piece by piece (never whole in memory). */
import fs from "node:fs";

export interface GeneratedSarif {
  bytes: number;
  results: number;
}

/**
 * A Trivy-like SARIF 2.1.0 report: `rules` CVE rules, `results` results spread over packages, each with the
 * message, location and rule reference Trivy writes. `padding` characters of description per rule make the file
 * larger without more results. The repository is named before the results, as GitHub's uploads do.
 */
export function writeSarifReport(
  file: string,
  opts: { results: number; rules?: number; padding?: number; messagePadding?: number },
): GeneratedSarif {
  const rules = opts.rules ?? 1_000;
  const fd = fs.openSync(file, "w");
  let bytes = 0;
  let buf = "";
  const put = (s: string) => {
    buf += s;
    if (buf.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += fs.writeSync(fd, buf);
    buf = "";
  };
  const pad = "x".repeat(opts.padding ?? 200);
  const msgPad = " lorem ipsum".repeat(Math.ceil((opts.messagePadding ?? 0) / 12)).slice(0, opts.messagePadding ?? 0);
  try {
    put('{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{');
    put('"tool":{"driver":{"name":"Trivy","version":"0.50.0","rules":[');
    for (let r = 0; r < rules; r++) {
      const score = ((r * 37) % 100) / 10;
      put(
        `${r ? "," : ""}{"id":"CVE-2024-${10000 + r}","name":"OsPackageVulnerability","shortDescription":{"text":"Generated flaw ${r}"},` +
          `"fullDescription":{"text":"Generated description ${r} ${pad}"},"defaultConfiguration":{"level":"warning"},` +
          `"helpUri":"https://example.test/CVE-2024-${10000 + r}","properties":{"security-severity":"${score.toFixed(1)}","tags":["vulnerability"]}}`,
      );
    }
    put(']}},"versionControlProvenance":[{"repositoryUri":"https://git.example.test/acme/app"}],"results":[');
    for (let i = 0; i < opts.results; i++) {
      const r = i % rules;
      const pkg = `pkg-${Math.floor(i / rules)}`;
      put(
        `${i ? "," : ""}{"ruleId":"CVE-2024-${10000 + r}","ruleIndex":${r},"level":"warning","message":{"text":"Package: ${pkg}\\nInstalled Version: 1.0.${i % 7}\\nVulnerability CVE-2024-${10000 + r}\\nFixed Version: 1.1.0\\n${msgPad}"},` +
          `"locations":[{"physicalLocation":{"artifactLocation":{"uri":"app/lock-${i % 13}.json","uriBaseId":"ROOTPATH"},"region":{"startLine":1,"startColumn":1,"endLine":1,"endColumn":1}}}]}`,
      );
    }
    put('],"columnKind":"utf16CodeUnits"}]}\n');
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, results: opts.results };
}

/**
 * Run as a script (`node testing.ts <file> [target]`): reads the report and prints the count, the peak heap and the
 * peak RSS, so a test can run it under a small `--max-old-space-size` and prove that memory does not grow with the
 * file. With `--json-parse` it reads the file the naive way instead (whole, then JSON.parse): the benchmark's baseline;
 * with `--idle` it only loads the reader, for the RSS of the process itself.
 */
if (import.meta.main) {
  const args = process.argv.slice(2);
  const naive = args[0] === "--json-parse";
  const idle = args[0] === "--idle";
  const [file, target] = naive || idle ? args.slice(1) : args;
  let findings = 0;
  let peakHeap = 0;
  const started = performance.now();
  if (idle) await import("./read.ts");
  else if (naive) {
    const doc = JSON.parse(fs.readFileSync(file!, "utf8")) as { runs: { results: unknown[] }[] };
    for (const r of doc.runs) findings += r.results.length;
    peakHeap = process.memoryUsage().heapUsed;
  } else {
    const { readFindings } = await import("./read.ts");
    for await (const _ of readFindings(fs.createReadStream(file!), { target })) {
      findings += 1;
      if ((findings & 1023) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({ findings, peakHeap, peakRss: process.resourceUsage().maxRSS * 1024, seconds })}\n`,
  );
}
