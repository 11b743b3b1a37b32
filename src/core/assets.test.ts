import { describe, expect, it } from "vitest";
import {
  type AssetFacts,
  assetKindForResource,
  classificationCheck,
  inventoryCheck,
  saasCheck,
  withinMonths,
} from "./assets.ts";

const now = new Date("2027-03-15T12:00:00Z");
const a = (over: Partial<AssetFacts> = {}): AssetFacts => ({
  name: "api",
  kind: "system",
  inScope: true,
  ownerUserId: "u1",
  classification: "confidential",
  ...over,
});

describe("asset inventory rules", () => {
  it("maps resources that are assets and leaves out users, settings and roles", () => {
    expect(assetKindForResource("device")).toBe("endpoint");
    expect(assetKindForResource("bucket")).toBe("data_store");
    expect(assetKindForResource("db_instance")).toBe("data_store");
    expect(assetKindForResource("github_organization")).toBe("saas_application");
    expect(assetKindForResource("user")).toBeNull();
    expect(assetKindForResource("database_role")).toBeNull();
    expect(assetKindForResource("toString")).toBeNull();
  });

  it("counts twelve calendar months, the same day included", () => {
    expect(withinMonths(new Date("2026-03-15T12:00:00Z"), now, 12)).toBe(true);
    expect(withinMonths(new Date("2026-03-14T12:00:00Z"), now, 12)).toBe(false);
  });

  it("AST-01 asks for owners and classifications first, then a review in the last 12 months", () => {
    expect(inventoryCheck([a({ inScope: false })], null, now)).toMatchObject({ state: "not_met" });
    const gaps = inventoryCheck(
      [a({ ownerUserId: null, name: "db" }), a({ classification: null, name: "web" })],
      now,
      now,
    );
    expect(gaps.state).toBe("not_met");
    expect(gaps.reason).toContain("1 in-scope asset has no owner (db)");
    expect(gaps.reason).toContain("no classification (web)");
    // An out-of-scope asset without owner does not count.
    expect(inventoryCheck([a(), a({ inScope: false, ownerUserId: null })], null, now).reason).toContain(
      "nobody has recorded a review",
    );
    expect(inventoryCheck([a()], new Date("2025-01-01T00:00:00Z"), now).state).toBe("lapsed");
    expect(inventoryCheck([a()], new Date("2026-12-01T00:00:00Z"), now)).toMatchObject({ state: "met" });
  });

  it("AST-02 wants SaaS applications listed, each with an owner", () => {
    expect(saasCheck([a()]).state).toBe("not_met");
    expect(saasCheck([a({ kind: "saas_application", ownerUserId: null, name: "Slack" })]).reason).toContain("Slack");
    expect(saasCheck([a({ kind: "saas_application", inScope: false })]).state).toBe("met");
  });

  it("CNF-01 wants every in-scope data store classified", () => {
    expect(classificationCheck([a()]).state).toBe("not_met");
    expect(classificationCheck([a({ kind: "data_store", classification: null, name: "s3" })]).reason).toContain("s3");
    expect(
      classificationCheck([a({ kind: "data_store" }), a({ kind: "data_store", inScope: false, classification: null })])
        .state,
    ).toBe("met");
  });
});
