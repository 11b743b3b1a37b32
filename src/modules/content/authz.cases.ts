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
];

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/content/frameworks/:id",
    exempt:
      "built-in content shared by every organization: the parameter is a framework id, not an organization's record",
  },
];
