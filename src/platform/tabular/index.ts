/** Reading CSV and XLSX uploads into checked rows: the one import pipeline of every register (see docs/people.md). */
export { cell, plainDate } from "./cells.ts";
export { type Aliases, type Columns, fieldLabel, normalHeader, type Required, resolveColumns } from "./headers.ts";
export {
  type CheckedTable,
  checkTable,
  previewTable,
  type SummaryOptions,
  summarise,
  type TablePreview,
} from "./preview.ts";
export { columnLetter, readTable } from "./read.ts";
export * from "./types.ts";
export { type RowError, type RowResult, rowError, type TableSpec, validateRows } from "./validate.ts";
