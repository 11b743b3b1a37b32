import type { AuthzCase } from "../../../test/authz.ts";

export const cases: AuthzCase[] = [
  { action: "portal.read_own", name: "your portal", request: () => ({ method: "GET", url: "/api/v1/portal" }) },
];
