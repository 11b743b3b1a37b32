import type { AuthzCase } from "../../../test/authz.ts";

export const cases: AuthzCase[] = [
  { action: "ledger.read", name: "list entries", request: () => ({ method: "GET", url: "/api/v1/ledger" }) },
  { action: "ledger.read", name: "filter facets", request: () => ({ method: "GET", url: "/api/v1/ledger/facets" }) },
  { action: "ledger.read", name: "CSV export", request: () => ({ method: "GET", url: "/api/v1/ledger/export.csv" }) },
  { action: "ledger.read", name: "public key", request: () => ({ method: "GET", url: "/api/v1/ledger/public-key" }) },
  {
    action: "ledger.verify",
    name: "verify",
    request: () => ({ method: "POST", url: "/api/v1/ledger/verify", body: {} }),
  },
];
