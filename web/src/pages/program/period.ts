import dayjs from "dayjs";
import type { Program } from "../../api/models/program.ts";

export const formatDay = (day: string | null | undefined) => (day ? dayjs(day).format("D MMM YYYY") : "—");

/** "Type II · 1 Jan 2027 – 30 Jun 2027" or "Type I · as of 31 Mar 2027", or what is missing. */
export function periodLabel(p: Pick<Program, "reportType" | "asOfDate" | "windowStart" | "windowEnd">): string {
  if (p.reportType === "type1") return p.asOfDate ? `Type I · as of ${formatDay(p.asOfDate)}` : "Type I · date not set";
  if (p.windowStart && p.windowEnd) return `Type II · ${formatDay(p.windowStart)} – ${formatDay(p.windowEnd)}`;
  return "Type II · window not set";
}
