import {
  INCIDENT_LIFECYCLE,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUS_LABELS,
  INCIDENT_STATUSES,
  type IncidentSeverity,
  type IncidentStatus,
  OBLIGATION_AUDIENCE_LABELS,
  OBLIGATION_AUDIENCES,
  SEVERITY_WORDS,
  STATUS_STAMPS,
} from "../../../../src/core/incidents.ts";

export {
  INCIDENT_LIFECYCLE,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUS_LABELS,
  INCIDENT_STATUSES,
  type IncidentSeverity,
  type IncidentStatus,
  OBLIGATION_AUDIENCE_LABELS,
  OBLIGATION_AUDIENCES,
  STATUS_STAMPS,
};

export const SEVERITY_LABELS: Record<IncidentSeverity, string> = Object.fromEntries(
  INCIDENT_SEVERITIES.map((s) => [s, `${s.toUpperCase()} · ${SEVERITY_WORDS[s]}`]),
) as Record<IncidentSeverity, string>;
export const SEVERITY_COLORS: Record<IncidentSeverity, string> = {
  sev1: "red",
  sev2: "orange",
  sev3: "yellow",
  sev4: "gray",
};
export const STATUS_COLORS: Record<IncidentStatus, string> = {
  detected: "red",
  triaged: "orange",
  contained: "yellow",
  resolved: "blue",
  postmortem_done: "teal",
  not_incident: "gray",
};
/** What the button that moves an incident to a status says. */
export const MOVE_LABELS: Record<IncidentStatus, string> = {
  detected: "Detected",
  triaged: "Mark triaged",
  contained: "Mark contained",
  resolved: "Mark resolved",
  postmortem_done: "Mark post-mortem done",
  not_incident: "Close: not an incident",
};

export const incidentKeys = {
  all: ["incidents"] as const,
  list: (query: unknown) => ["incidents", "list", query] as const,
  one: (id: string) => ["incidents", "one", id] as const,
  tabletops: (query: unknown) => ["incidents", "tabletops", query] as const,
};

/** A datetime-local input's value (local time) for an ISO instant, and back. */
export const toLocalInput = (iso: string | Date = new Date()) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : undefined);
