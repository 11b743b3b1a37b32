/**
 * `readFindings`: one scanner report (SARIF 2.1.0, Trivy JSON, Grype JSON) read from a stream into normalised
 * findings, without holding the file in memory. The format is told from the report's own top-level keys.
 *
 * Findings are yielded as they are read, before the end of the file is checked: a report that turns out to be bad
 * further on throws, and the caller must then discard everything it received (the importer stages findings and
 * commits only when the iteration finished). See docs/vulnerabilities.md.
 */
import type { Readable } from "node:stream";
import { pathText, ReportError } from "./errors.ts";
import { type Finding, finalize, type PendingFinding, type ReportFormat } from "./finding.ts";
import { grypeFinding, grypeTarget } from "./grype.ts";
import { type JsonValue, type PathPart, type ValueKind, walkJson } from "./json-stream.ts";
import { grypeSarifTarget, readSarifTool, runTargetFrom, SARIF_VERSION, type SarifRun, sarifFinding } from "./sarif.ts";
import { readTrivyResult, TRIVY_SCHEMA_VERSION, type TrivyResult, trivyFinding } from "./trivy.ts";

export interface ReadOptions {
  /** The uploaded file's name, for messages and as the last resort for the target. */
  filename?: string;
  /** What was scanned, when the caller knows better than the report (e.g. the repository a SARIF upload is for). */
  target?: string;
  /** Refuse reports larger than this (default 512 MiB). */
  maxBytes?: number;
  /** Most findings held while waiting for a report to name its target (default 250,000). */
  maxPending?: number;
  /** Called once the whole report was read and checked, before the iteration ends. */
  onReport?: (report: ReportSummary) => void;
}

export interface ReportSummary {
  format: ReportFormat;
  /** Each scanner + target pair the report covers: the scope an import reconciles. */
  scopes: { scanner: string; scannerVersion?: string; target: string }[];
  findings: number;
  /** Results that are not findings (SARIF passes, not-applicable and absent results). */
  skipped: number;
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
export const DEFAULT_MAX_PENDING = 250_000;

const NOT_A_REPORT = "This file is not a SARIF 2.1.0, Trivy or Grype report";

/** Which format each decisive top-level key belongs to. */
const FORMAT_KEYS: Record<string, ReportFormat> = { runs: "sarif", Results: "trivy", matches: "grype" };
const HEAD_KEYS = new Set(["version", "SchemaVersion", "ArtifactName", "Trivy", "descriptor", "source"]);

interface RunState {
  tool?: SarifRun;
  target?: string;
  /** Results read before the run's tool (SARIF does not fix the order of a run's properties). */
  early: { value: JsonValue; path: PathPart[] }[];
  /** Findings counted before the run began, to tell a run that found nothing. */
  countBefore: number;
}

interface TrivyResultState {
  fields: Record<string, JsonValue>;
  result?: TrivyResult;
  early: { value: JsonValue; path: PathPart[] }[];
}

export async function* readFindings(input: Readable, options: ReadOptions = {}): AsyncGenerator<Finding> {
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  const name = options.filename ? `"${options.filename}"` : "the file";
  let format: ReportFormat | undefined;
  const head: Record<string, JsonValue> = {};
  let ready: Finding[] = [];
  let pending: PendingFinding[] = [];
  let count = 0;
  let skipped = 0;
  const scopes = new Map<string, ReportSummary["scopes"][number]>();
  let lastScope = { scanner: "", target: "" };
  const runs: RunState[] = [];
  const trivyResults: TrivyResultState[] = [];

  const emit = (p: PendingFinding, target: string | undefined) => {
    if (target === undefined) {
      if (pending.length >= maxPending)
        throw new ReportError(
          "scanner_report_too_many_pending",
          `${name} lists more than ${maxPending.toLocaleString("en-US")} findings before saying what was scanned: give the target with the upload.`,
        );
      pending.push(p);
      return;
    }
    count += 1;
    const f = finalize(p, target);
    if (f.scanner !== lastScope.scanner || f.target !== lastScope.target) {
      const key = `${f.scanner}\n${f.target}`;
      if (!scopes.has(key)) scopes.set(key, { scanner: f.scanner, target: f.target });
      lastScope = { scanner: f.scanner, target: f.target };
    }
    ready.push(f);
  };
  const flushPending = (target: string) => {
    const held = pending;
    pending = [];
    for (const p of held) emit(p, target);
  };
  const lastResort = (what: string) => {
    if (options.filename) return options.filename;
    throw new ReportError(
      "scanner_report_invalid",
      `${name} does not say which ${what} was scanned: give the target with the upload.`,
    );
  };

  const checkHead = () => {
    if (format === "sarif" && head.version !== undefined && head.version !== SARIF_VERSION)
      throw new ReportError(
        "scanner_report_unsupported_version",
        `${name} is SARIF version ${JSON.stringify(head.version)}; only SARIF ${SARIF_VERSION} is supported.`,
      );
    if (format === "trivy" && head.SchemaVersion !== undefined && head.SchemaVersion !== TRIVY_SCHEMA_VERSION)
      throw new ReportError(
        "scanner_report_unsupported_version",
        `${name} is a Trivy report of schema version ${JSON.stringify(head.SchemaVersion)}; only schema version ${TRIVY_SCHEMA_VERSION} (Trivy 0.20 and later) is supported.`,
      );
    if (format === "grype" && head.descriptor !== undefined) {
      const d = head.descriptor as { name?: unknown } | null;
      if (d?.name !== "grype")
        throw new ReportError(
          "scanner_report_unknown_format",
          `${NOT_A_REPORT}: its descriptor names ${JSON.stringify(d?.name)}, not grype.`,
        );
    }
  };

  const mustBe = (kind: ValueKind, wanted: ValueKind, path: readonly PathPart[]) => {
    if (kind !== wanted)
      throw new ReportError(
        format ? "scanner_report_invalid" : "scanner_report_unknown_format",
        `${format ? `The ${format === "sarif" ? "SARIF" : format === "trivy" ? "Trivy" : "Grype"} report` : NOT_A_REPORT}: ${pathText(path)} should be an ${wanted}, not ${kind === "scalar" ? "a single value" : `an ${kind}`}. The report was not imported.`,
        { path: pathText(path) },
      );
  };

  // --- SARIF ---
  const runTarget = (run: RunState) => options.target ?? run.target;
  const sarifResult = (run: RunState, value: JsonValue, path: readonly PathPart[]) => {
    const f = sarifFinding(value, run.tool!, path);
    if (!f) {
      skipped += 1;
      return;
    }
    emit(f, runTarget(run) ?? (run.tool!.scanner === "grype" ? grypeSarifTarget(value) : undefined));
  };
  const endRun = (i: number) => {
    const run = runs[i]!;
    if (!run.tool)
      throw new ReportError(
        "scanner_report_invalid",
        `The SARIF run at runs[${i}] has no tool: a run must name the tool that produced it. The report was not imported.`,
        { path: `runs[${i}]` },
      );
    if (pending.length) flushPending(runTarget(run) ?? lastResort("image or repository"));
    // A run that found nothing still covers its scope: the import resolves what that scope had open.
    if (count === run.countBefore) {
      const target = runTarget(run) ?? lastResort("image or repository");
      scopes.set(`${run.tool.scanner}\n${target}`, { scanner: run.tool.scanner, target });
    }
    for (const s of scopes.values())
      if (s.scanner === run.tool.scanner && !s.scannerVersion) s.scannerVersion = run.tool.scannerVersion;
  };

  // --- Trivy ---
  const trivyTarget = () => options.target ?? (typeof head.ArtifactName === "string" ? head.ArtifactName : undefined);
  const trivyVulnerability = (state: TrivyResultState, value: JsonValue, path: readonly PathPart[]) =>
    emit(trivyFinding(value, state.result!, path), trivyTarget());
  const endTrivyResult = (i: number) => {
    const state = trivyResults[i]!;
    state.result ??= readTrivyResult(state.fields, ["Results", i]);
    for (const e of state.early) trivyVulnerability(state, e.value, e.path);
    state.early = [];
  };

  const handlers = {
    onRoot(kind: ValueKind) {
      if (kind !== "object")
        throw new ReportError(
          "scanner_report_unknown_format",
          `${NOT_A_REPORT}: a report is a JSON object, and this file holds ${kind === "array" ? "an array" : "a single value"}.`,
        );
    },

    capture(path: readonly PathPart[], kind: ValueKind): boolean {
      const depth = path.length;
      if (depth === 1) {
        const key = path[0] as string;
        const decided = FORMAT_KEYS[key];
        if (decided) {
          if (format && format !== decided)
            throw new ReportError(
              "scanner_report_unknown_format",
              `${NOT_A_REPORT}: it mixes the keys of two formats ("${key}" in a ${format} report).`,
            );
          format = decided;
          checkHead();
          mustBe(kind, "array", path);
          return false;
        }
        return HEAD_KEYS.has(key);
      }
      const top = path[0];
      if (format === "sarif" && top === "runs") {
        if (depth === 2) {
          mustBe(kind, "object", path);
          runs[path[1] as number] = { early: [], countBefore: count };
          return false;
        }
        const key = path[2];
        if (depth === 3) {
          if (key === "results") {
            mustBe(kind, "array", path);
            return false;
          }
          return key === "tool" || key === "properties" || key === "versionControlProvenance";
        }
        return depth === 4 && key === "results";
      }
      if (format === "trivy" && top === "Results") {
        if (depth === 2) {
          mustBe(kind, "object", path);
          trivyResults[path[1] as number] = { fields: {}, early: [] };
          return false;
        }
        const key = path[2];
        if (depth === 3) {
          if (key === "Vulnerabilities") {
            // Trivy writes `null` for a target without vulnerabilities.
            if (kind === "scalar") return false;
            mustBe(kind, "array", path);
            return false;
          }
          return key === "Target" || key === "Class" || key === "Type";
        }
        return depth === 4 && key === "Vulnerabilities";
      }
      return format === "grype" && top === "matches" && depth === 2;
    },

    onValue(path: readonly PathPart[], value: JsonValue) {
      const depth = path.length;
      if (depth === 1) {
        head[path[0] as string] = value;
        checkHead();
        if (path[0] === "source" && format === "grype" && pending.length && !options.target) {
          const t = grypeTarget(value);
          if (t) flushPending(t);
        }
        return;
      }
      if (format === "sarif") {
        const run = runs[path[1] as number]!;
        const key = path[2] as string;
        if (depth === 4) {
          if (run.tool) sarifResult(run, value, path);
          else run.early.push({ value, path: [...path] });
        } else if (key === "tool") {
          run.tool = readSarifTool(value, path);
          for (const e of run.early) sarifResult(run, e.value, e.path);
          run.early = [];
        } else {
          run.target ??= runTargetFrom(key, value);
          if (run.target && pending.length && !options.target) flushPending(run.target);
        }
      } else if (format === "trivy") {
        const state = trivyResults[path[1] as number]!;
        if (depth === 4) {
          if (state.result) trivyVulnerability(state, value, path);
          else if (state.fields.Target !== undefined) {
            state.result = readTrivyResult(state.fields, ["Results", path[1] as number]);
            trivyVulnerability(state, value, path);
          } else state.early.push({ value, path: [...path] });
        } else state.fields[path[2] as string] = value;
      } else if (format === "grype") {
        const source = head.source === undefined ? undefined : grypeTarget(head.source);
        emit(grypeFinding(value, path), options.target ?? source);
      }
    },

    onClose(path: readonly PathPart[]) {
      if (path.length !== 2) return;
      if (format === "sarif" && path[0] === "runs") endRun(path[1] as number);
      if (format === "trivy" && path[0] === "Results") endTrivyResult(path[1] as number);
    },
  };

  for await (const _ of walkJson(input, handlers, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES })) {
    if (ready.length) {
      const out = ready;
      ready = [];
      yield* out;
    }
  }

  // The whole document has been read: now it must be one of the formats, complete.
  if (!format) {
    if (head.SchemaVersion !== undefined) format = "trivy";
    else if (head.version !== undefined)
      throw new ReportError(
        head.version === SARIF_VERSION ? "scanner_report_invalid" : "scanner_report_unknown_format",
        `${NOT_A_REPORT}: it has a "version" but no "runs".`,
      );
    else
      throw new ReportError(
        "scanner_report_unknown_format",
        `${NOT_A_REPORT}: it has none of their top-level keys (runs, Results with SchemaVersion, matches with a grype descriptor).`,
      );
  }
  checkHead();
  if (format === "sarif") {
    if (head.version === undefined)
      throw new ReportError("scanner_report_unknown_format", `${NOT_A_REPORT}: it has "runs" but no SARIF "version".`);
    if (runs.length === 0)
      throw new ReportError(
        "scanner_report_invalid",
        `${name} is SARIF with no runs: there is nothing to import (a scan that found nothing is a run with no results).`,
      );
  } else if (format === "trivy") {
    if (head.SchemaVersion === undefined)
      throw new ReportError(
        "scanner_report_unknown_format",
        `${NOT_A_REPORT}: it has "Results" but no Trivy "SchemaVersion".`,
      );
    const target = trivyTarget() ?? lastResort("artifact");
    if (pending.length) flushPending(target);
    if (scopes.size === 0) scopes.set("trivy", { scanner: "trivy", target });
  } else {
    if (head.descriptor === undefined)
      throw new ReportError(
        "scanner_report_unknown_format",
        `${NOT_A_REPORT}: it has "matches" but no grype "descriptor".`,
      );
    const target = options.target ?? grypeTarget(head.source) ?? lastResort("image or directory");
    if (pending.length) flushPending(target);
    if (scopes.size === 0) scopes.set("grype", { scanner: "grype", target });
  }
  const version = versionOf(format, head);
  for (const s of scopes.values()) if (version && !s.scannerVersion) s.scannerVersion = version;
  options.onReport?.({ format, scopes: [...scopes.values()], findings: count, skipped });
  yield* ready;
}

function versionOf(format: ReportFormat, head: Record<string, JsonValue>): string | undefined {
  const v =
    format === "grype"
      ? (head.descriptor as { version?: unknown } | null)?.version
      : format === "trivy"
        ? (head.Trivy as { Version?: unknown } | null)?.Version
        : undefined;
  return typeof v === "string" ? v : undefined;
}
