import type { AuthzCase } from "../../../test/authz.ts";

export const cases: AuthzCase[] = [
  { action: "ledger.read", name: "list entries", request: () => ({ method: "GET", url: "/api/v1/ledger" }) },
  { action: "ledger.read", name: "filter facets", request: () => ({ method: "GET", url: "/api/v1/ledger/facets" }) },
  { action: "ledger.read", name: "CSV export", request: () => ({ method: "GET", url: "/api/v1/ledger/export.csv" }) },
  { action: "ledger.read", name: "public key", request: () => ({ method: "GET", url: "/api/v1/ledger/public-key" }) },
  { action: "ledger.read", name: "public keys", request: () => ({ method: "GET", url: "/api/v1/ledger/public-keys" }) },
  {
    action: "ledger.read",
    name: "verifiable export",
    request: () => ({ method: "GET", url: "/api/v1/ledger/export.jsonl" }),
  },
  {
    action: "ledger.read",
    name: "checkpoints export",
    request: () => ({ method: "GET", url: "/api/v1/ledger/checkpoints.jsonl" }),
  },
  {
    action: "ledger.verify",
    name: "verify",
    request: () => ({ method: "POST", url: "/api/v1/ledger/verify", body: {} }),
  },
];
