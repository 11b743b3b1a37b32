/**
 * One row of an HR export (CSV or XLSX): the header spellings HR systems use and what each cell must hold. Reading,
 * encodings and messages by line are the shared import pipeline's (platform/tabular); import.ts decides what the
 * valid rows do.
 */
import { z } from "zod";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { type Aliases, cell, type TableSpec } from "../../platform/tabular/index.ts";

export interface HrRow {
  email: string;
  fullName: string;
  kind: "employee" | "contractor" | null;
  status: "onboarding" | "active" | "on_leave" | "left" | null;
  title: string | null;
  department: string | null;
  managerEmail: string | null;
  startDate: string | null;
  endDate: string | null;
}

type Field = Exclude<keyof HrRow, "line"> | "firstName" | "lastName";

export const HR_COLUMNS: Aliases<Field> = {
  email: ["email", "email address", "work email", "mail", "primary email"],
  fullName: ["full name", "name", "employee name", "display name"],
  firstName: ["first name", "given name"],
  lastName: ["last name", "surname", "family name"],
  kind: ["kind", "type", "employee type", "worker type", "employment type"],
  status: ["status", "employment status"],
  title: ["title", "job title", "position", "role"],
  department: ["department", "dept", "team"],
  managerEmail: ["manager email", "manager", "reports to", "supervisor email", "supervisor"],
  startDate: ["start date", "hire date", "start", "date hired", "joined"],
  endDate: ["end date", "termination date", "leave date", "end", "last day"],
};

const KINDS = {
  employee: "employee",
  fulltime: "employee",
  parttime: "employee",
  fte: "employee",
  staff: "employee",
  contractor: "contractor",
  contract: "contractor",
  consultant: "contractor",
  freelancer: "contractor",
} as const;
const STATUSES = {
  onboarding: "onboarding",
  new: "onboarding",
  pending: "onboarding",
  active: "active",
  onleave: "on_leave",
  leave: "on_leave",
  left: "left",
  terminated: "left",
  inactive: "left",
  former: "left",
} as const;

const name = cell.text(TEXT_LIMITS.name).optional();

const hrRow = z
  .object({
    email: cell.email(),
    fullName: name,
    firstName: name,
    lastName: name,
    kind: cell.choice(KINDS, "employee or contractor").optional(),
    status: cell.choice(STATUSES, "onboarding, active, on leave or left").optional(),
    title: name,
    department: name,
    managerEmail: cell.email().optional(),
    startDate: cell.date().optional(),
    endDate: cell.date().optional(),
  })
  .transform((r, ctx): HrRow => {
    const fullName = r.fullName ?? [r.firstName, r.lastName].filter(Boolean).join(" ");
    if (!fullName) ctx.addIssue({ code: "custom", path: ["fullName"], input: r, message: "is empty." });
    else if (fullName.length > TEXT_LIMITS.name)
      ctx.addIssue({
        code: "custom",
        path: ["fullName"],
        input: r,
        message: `is longer than ${TEXT_LIMITS.name} characters.`,
      });
    if (r.startDate && r.endDate && r.endDate < r.startDate)
      ctx.addIssue({
        code: "custom",
        path: ["endDate"],
        input: r,
        message: `${r.endDate} is before the start date ${r.startDate}.`,
      });
    if (r.managerEmail && r.managerEmail === r.email)
      ctx.addIssue({
        code: "custom",
        path: ["managerEmail"],
        input: r,
        message: "a person cannot be their own manager.",
      });
    return {
      email: r.email,
      fullName,
      kind: r.kind ?? null,
      status: r.status ?? null,
      title: r.title ?? null,
      department: r.department ?? null,
      managerEmail: r.managerEmail ?? null,
      startDate: r.startDate ?? null,
      endDate: r.endDate ?? null,
    };
  });

export const hrTable: TableSpec<Field, HrRow> = {
  aliases: HR_COLUMNS,
  required: ["email", ["fullName", "firstName"]],
  schema: hrRow,
};
