/**
 * What other modules may use of programs, besides its events, policy and schema: the program, control and
 * self-assessment commands (each runs in the caller's change; program-as-code applies an import through them),
 * loading a program, and the status and scoping rules that exports read.
 */
export { importAnswers, recordAnswers } from "./assessment.ts";
export {
  type ControlChanges,
  checkMember,
  createControl,
  deleteControl,
  type NewControl,
  type StatusSource,
  updateControl,
} from "./controls.ts";
export { levelOfRow, readReadiness, scopedCriteria, statusOfRow } from "./readiness.ts";
export { createProgram, loadProgram, type NewProgram, normalizeCategories, updateProgram } from "./service.ts";
