// STUB until the lead's "registers: shared" commit lands on main: same signatures. Take main's side.
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;
export function toCsv<T>(
  columns: readonly { header: string; value: (row: T) => unknown }[],
  rows: Iterable<T>,
): string {
  let out = csvLine(columns.map((c) => c.header));
  for (const r of rows) out += csvLine(columns.map((c) => c.value(r)));
  return out;
}
