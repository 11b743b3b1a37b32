export * from "./agents.ts";
export * from "./alerts.ts";
export * from "./evidence.ts";
export * from "./identity.ts";
export * from "./jobs.ts";
export * from "./ledger.ts";
export * from "./monitoring.ts";
export * from "./program.ts";
