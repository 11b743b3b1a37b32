import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { TEMPLATE_FILE } from "../../test/paths.ts";
import { loadConfig, pgliteSettings } from "../platform/config.ts";
import { databaseOptions } from "../server/bootstrap.ts";
import { openDatabase, PGLITE_SETTINGS, pgliteStartParams, queryRows, sql } from "./client.ts";

const NAMES = ["shared_buffers", "maintenance_work_mem", "temp_buffers", "work_mem"];

async function settingsOf(pgliteSettings?: Record<string, string>) {
  const database = await openDatabase({ loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]), pgliteSettings });
  try {
    const out: Record<string, string> = {};
    for (const name of NAMES)
      out[name] = (await queryRows<{ v: string }>(database.db, sql`SELECT current_setting(${name}) AS v`))[0]!.v;
    return out;
  } finally {
    await database.close();
  }
}

describe("embedded database memory settings", () => {
  it("opens PGlite with a small shared_buffers and bounded maintenance memory, or what it is told", async () => {
    expect(await settingsOf()).toEqual({
      shared_buffers: PGLITE_SETTINGS.shared_buffers,
      maintenance_work_mem: PGLITE_SETTINGS.maintenance_work_mem,
      temp_buffers: PGLITE_SETTINGS.temp_buffers,
      work_mem: "4MB",
    });
    expect(await settingsOf({ shared_buffers: "48MB", work_mem: "8MB" })).toMatchObject({
      shared_buffers: "48MB",
      work_mem: "8MB",
      maintenance_work_mem: PGLITE_SETTINGS.maintenance_work_mem,
    });
  });

  it("keeps PGlite's own start parameters first (single-user mode) and adds each setting after them", () => {
    const params = pgliteStartParams({ shared_buffers: "64MB" });
    expect(params[0]).toBe("--single");
    expect(params.slice(-2)).toEqual(["-c", "temp_buffers=2MB"]);
    expect(params).toContain("shared_buffers=64MB");
    expect(params).not.toContain(`shared_buffers=${PGLITE_SETTINGS.shared_buffers}`);
  });

  it("reads ASSAY_PGLITE_SHARED_BUFFERS and ASSAY_PGLITE_SETTINGS, and refuses what PostgreSQL would not start with", () => {
    const config = loadConfig({
      ASSAY_DATA_DIR: "/tmp/assay-x",
      ASSAY_PGLITE_SHARED_BUFFERS: "256MB",
      ASSAY_PGLITE_SETTINGS: "work_mem=16MB, maintenance_work_mem=64MB",
    } as NodeJS.ProcessEnv);
    expect(pgliteSettings(config)).toEqual({
      shared_buffers: "256MB",
      work_mem: "16MB",
      maintenance_work_mem: "64MB",
    });
    expect(databaseOptions(config)).toMatchObject({ pgliteSettings: pgliteSettings(config) });
    expect(pgliteSettings(loadConfig({} as NodeJS.ProcessEnv))).toEqual({});
    expect(() => loadConfig({ ASSAY_PGLITE_SHARED_BUFFERS: "256" } as NodeJS.ProcessEnv)).toThrow(/32MB, 256MB/);
    expect(() => loadConfig({ ASSAY_PGLITE_SHARED_BUFFERS: "4GB" } as NodeJS.ProcessEnv)).toThrow(/1GB/);
    expect(() => loadConfig({ ASSAY_PGLITE_SETTINGS: "work_mem 16MB" } as NodeJS.ProcessEnv)).toThrow(/name=value/);
  });
});
