import type { AuthzCase } from "../../../test/authz.ts";

export const cases: AuthzCase[] = [
  { action: "organization.read", name: "GET profile", request: () => ({ method: "GET", url: "/api/v1/organization" }) },
  {
    action: "organization.read",
    name: "GET security settings",
    request: () => ({ method: "GET", url: "/api/v1/organization/security" }),
  },
  {
    action: "organization.update",
    name: "rename",
    request: () => ({ method: "PATCH", url: "/api/v1/organization", body: { name: "Renamed" } }),
  },
  {
    action: "organization.security",
    name: "shorten the idle timeout",
    request: () => ({ method: "PATCH", url: "/api/v1/organization/security", body: { sessionIdleMinutes: 30 } }),
  },
  {
    action: "organization.read",
    name: "GET the logo (404 when none)",
    request: () => ({ method: "GET", url: "/api/v1/organization/logo" }),
  },
  {
    action: "organization.update",
    name: "upload a logo (a JSON body is refused with 415 after authorization)",
    request: () => ({ method: "POST", url: "/api/v1/organization/logo", body: {} }),
  },
  {
    action: "organization.update",
    name: "remove the logo (404 when none)",
    request: () => ({ method: "DELETE", url: "/api/v1/organization/logo" }),
  },
];
