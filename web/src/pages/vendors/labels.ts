import { VENDOR_DATA_CATEGORIES, type VendorDataCategory } from "../../../../src/core/vendors.ts";

export const CRITICALITIES = ["critical", "high", "medium", "low"] as const;
export type Criticality = (typeof CRITICALITIES)[number];
export const CRITICALITY_LABELS: Record<Criticality, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};
export const CRITICALITY_COLORS: Record<Criticality, string> = {
  critical: "red",
  high: "orange",
  medium: "yellow",
  low: "blue",
};

export const DATA_CATEGORIES = VENDOR_DATA_CATEGORIES;
export type DataCategory = VendorDataCategory;
export const DATA_LABELS: Record<DataCategory, string> = {
  none: "None",
  internal: "Internal",
  confidential: "Confidential",
  customer_personal_data: "Customer personal data",
  employee_personal_data: "Employee personal data",
  payment_data: "Payment data",
  health_data: "Health data",
  credentials: "Credentials",
  source_code: "Source code",
};

export const REPORT_TYPES = ["type2", "type1", "soc1", "iso27001", "other"] as const;
export const REPORT_TYPE_LABELS: Record<(typeof REPORT_TYPES)[number], string> = {
  type2: "SOC 2 Type II",
  type1: "SOC 2 Type I",
  soc1: "SOC 1",
  iso27001: "ISO 27001 certificate",
  other: "Other",
};
export const OPINIONS = ["unqualified", "qualified", "adverse", "disclaimer"] as const;
export const OPINION_LABELS: Record<(typeof OPINIONS)[number], string> = {
  unqualified: "Unqualified (clean)",
  qualified: "Qualified",
  adverse: "Adverse",
  disclaimer: "Disclaimer of opinion",
};

export const DUE_DILIGENCE = {
  current: { label: "Current", color: "teal" },
  expiring: { label: "Expiring", color: "yellow" },
  lapsed: { label: "Lapsed", color: "red" },
  none: { label: "No report", color: "gray" },
} as const;

export const vendorKeys = {
  all: ["vendors"] as const,
  list: (query: unknown) => ["vendors", "list", query] as const,
  one: (id: string) => ["vendors", "one", id] as const,
  templates: ["vendors", "templates"] as const,
  subprocessors: ["vendors", "subprocessors"] as const,
};
