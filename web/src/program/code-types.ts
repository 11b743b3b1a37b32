/**
 * The program as code (src/modules/program-code): what an import answers. Mirrors ImportResult and ImportDiff in
 * src/modules/program-code/service.ts and diff.ts.
 */

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface Listed {
  id: string;
  title: string;
}

export interface EntityChange extends Listed {
  changes: FieldChange[];
}

export interface EntityChanges {
  added: Listed[];
  changed: EntityChange[];
  removed: Listed[];
}

export interface ImportDiff {
  program: { create: boolean; name: string; changes: FieldChange[] };
  scope: FieldChange[];
  controls: EntityChanges;
  remediation: EntityChanges;
  assessment: EntityChanges;
  /** True when the program already matches the folder. */
  unchanged: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  /** False on a dry run and when there was nothing to change. */
  applied: boolean;
  programId: string | null;
  programName: string;
  diff: ImportDiff;
  warnings: string[];
}

/** One problem of a refused folder (400 invalid_program_code). */
export interface CodeProblem {
  file: string;
  line?: number;
  message: string;
}

/** The server's limit on an upload (uncompressed, so a zip this large is refused for sure). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
