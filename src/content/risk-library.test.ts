import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadRiskLibrary } from "./index.ts";
import { readRiskLibrary } from "./risk-library.ts";

describe("risk library", () => {
  it("has about twenty starter risks, fraud and significant change among them, each with controls", () => {
    const lib = loadRiskLibrary();
    expect(lib.length).toBeGreaterThanOrEqual(20);
    expect(lib.filter((r) => r.type === "fraud").length).toBeGreaterThanOrEqual(2);
    expect(lib.some((r) => r.type === "significant_change")).toBe(true);
    for (const r of lib) expect(r.controls.length, r.id).toBeGreaterThan(0);
  });

  it("names the entry and the control when a control is unknown", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "risks-"));
    fs.mkdirSync(path.join(dir, "risks"));
    fs.writeFileSync(
      path.join(dir, "risks/library.yaml"),
      "risks:\n  - { id: a, title: A, description: D, category: C, type: fraud, likelihood: 2, impact: 2, treatment: accept, controls: [XYZ-01] }\n",
    );
    expect(() => readRiskLibrary(dir, new Set(["RSK-01"]))).toThrow(ContentError);
    expect(() => readRiskLibrary(dir, new Set(["RSK-01"]))).toThrow(/risk "a" names the unknown control "XYZ-01"/);
  });
});
