import { describe, expect, it } from "vitest";
import {
  addMonths,
  campaignProgress,
  closeProblem,
  emailOf,
  isDisabled,
  nextLaunchOn,
  reviewCheck,
  rolesOf,
  syncConfirms,
} from "./access-review.ts";

describe("access review rules", () => {
  it("reads accounts of every connector: email, roles, disabled", () => {
    expect(emailOf({ primary_email: "Ana@X.test" }, "123")).toBe("ana@x.test");
    expect(emailOf({}, "ops@x.test")).toBe("ops@x.test");
    expect(emailOf({ login: "octo" }, "42")).toBeNull();
    expect(rolesOf("user", { admin_roles: ["super admin"] })).toEqual(["super admin"]);
    expect(rolesOf("user", { role: "admin" })).toEqual(["admin"]);
    expect(rolesOf("user", {})).toEqual(["member"]);
    expect(rolesOf("database_role", { superuser: true, can_login: true, member_of: ["app_rw"] })).toEqual([
      "superuser",
      "app_rw",
      "login",
    ]);
    expect(rolesOf("outside_collaborator", { push_access_repositories: ["acme/api"] })).toEqual([
      "outside collaborator",
      "push: acme/api",
    ]);
    expect(isDisabled("user", { status: "suspended" })).toBe(true);
    expect(isDisabled("user", { can_sign_in: false })).toBe(true);
    expect(isDisabled("database_role", { can_login: false })).toBe(true);
    expect(isDisabled("user", { status: "active", can_sign_in: true })).toBe(false);
  });

  it("confirms a revocation when the account is gone or disabled, a role change when the new role shows", () => {
    expect(syncConfirms("revoke", null, null)).toBe(true);
    expect(syncConfirms("revoke", null, { type: "user", attributes: {}, missing: true })).toBe(true);
    expect(syncConfirms("revoke", null, { type: "user", attributes: { status: "suspended" }, missing: false })).toBe(
      true,
    );
    expect(syncConfirms("revoke", null, { type: "user", attributes: { status: "active" }, missing: false })).toBe(
      false,
    );
    expect(
      syncConfirms("change_role", "Member", { type: "user", attributes: { role: "member" }, missing: false }),
    ).toBe(true);
    expect(syncConfirms("change_role", "member", { type: "user", attributes: { role: "admin" }, missing: false })).toBe(
      false,
    );
    expect(syncConfirms("change_role", "member", null)).toBe(false);
    expect(syncConfirms("keep", null, null)).toBe(false);
  });

  it("closes only when everything is decided and carried out, or explained", () => {
    const p = campaignProgress([
      { decision: "keep", completedAt: null, confirmedAt: null },
      { decision: "revoke", completedAt: null, confirmedAt: null },
    ]);
    expect(p).toMatchObject({ total: 2, decided: 2, unfinished: 1, percent: 66 });
    expect(closeProblem(p, "")).toMatch(/1 revocation or role change is not done/);
    expect(closeProblem(p, "Vendor removes it Monday.")).toBeNull();
    const pending = campaignProgress([{ decision: null, completedAt: null, confirmedAt: null }]);
    expect(closeProblem(pending, "anything")).toMatch(/1 account has no decision/);
    expect(campaignProgress([]).percent).toBe(100);
  });

  it("recurs by calendar months and checks ACC-08 against the cadence", () => {
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2027-11-15", 3)).toBe("2028-02-15");
    expect(nextLaunchOn("2027-01-10", "quarterly")).toBe("2027-04-10");
    expect(nextLaunchOn("2027-01-10", "none")).toBeNull();
    const now = new Date("2027-06-01T00:00:00Z");
    expect(reviewCheck("GitHub", null, "quarterly", now).state).toBe("not_met");
    expect(reviewCheck("GitHub", new Date("2027-04-01T00:00:00Z"), "quarterly", now).state).toBe("met");
    const lapsed = reviewCheck("GitHub", new Date("2027-01-01T00:00:00Z"), "quarterly", now);
    expect(lapsed).toMatchObject({ state: "lapsed", since: "2027-04-01T00:00:00.000Z" });
    expect(lapsed.reason).toMatch(/GitHub closed on 2027-01-01; reviews are due quarterly/);
    expect(reviewCheck("GitHub", new Date("2027-01-01T00:00:00Z"), "yearly", now).state).toBe("met");
  });
});
