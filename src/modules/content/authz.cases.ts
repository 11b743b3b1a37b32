import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";

export const cases: AuthzCase[] = [
  {
    action: "content.read",
    name: "read the criteria",
    request: () => ({ method: "GET", url: "/api/v1/content/criteria" }),
  },
  {
    action: "content.read",
    name: "read a crosswalk",
    request: () => ({ method: "GET", url: "/api/v1/content/frameworks/iso27001-2022" }),
  },
  {
    action: "content.read",
    name: "export a crosswalk as CSV",
    request: () => ({ method: "GET", url: "/api/v1/content/frameworks/iso27001-2022/crosswalk.csv" }),
  },
  {
    action: "content.read",
    name: "export a crosswalk as an OSCAL mapping",
    request: () => ({ method: "GET", url: "/api/v1/content/frameworks/pci-dss-4.0.1/mapping.json" }),
  },
  {
    action: "content.read",
    name: "list the policy templates",
    request: () => ({ method: "GET", url: "/api/v1/content/policies" }),
  },
  {
    action: "content.read",
    name: "read a policy template rendered for the organization",
    request: () => ({ method: "GET", url: "/api/v1/content/policies/access-control" }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/content/policies/:id",
    exempt:
      "built-in content shared by every organization: the parameter is a policy id; only the caller's own organization name is filled in",
  },
  {
    route: "GET /api/v1/content/frameworks/:id",
    exempt:
      "built-in content shared by every organization: the parameter is a framework id, not an organization's record",
  },
  {
    route: "GET /api/v1/content/frameworks/:id/crosswalk.csv",
    exempt:
      "built-in content shared by every organization; a programId from another organization answers 404 (crosswalk.test.ts)",
  },
  {
    route: "GET /api/v1/content/frameworks/:id/mapping.json",
    exempt:
      "built-in content shared by every organization; a programId from another organization answers 404 (crosswalk.test.ts)",
  },
];
