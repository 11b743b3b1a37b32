/**
 * `npm run lint:openapi` (part of `npm run lint`): builds the app in-process exactly as `/api/openapi.json` serves it
 * (no server listening, no database: scripts/api-types/openapi-document.ts), writes the document to a temporary file
 * and lints it with Redocly CLI against redocly.yaml. Offline: telemetry and the update check are off.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument } from "./api-types/openapi-document.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REDOCLY = path.join(ROOT, "node_modules", "@redocly", "cli", "bin", "cli.js");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-openapi-lint-"));
try {
  const file = path.join(dir, "openapi.json");
  fs.writeFileSync(file, JSON.stringify(await buildOpenApiDocument(), null, 2));
  const lint = spawnSync(
    process.execPath,
    [REDOCLY, "lint", file, "--config", path.join(ROOT, "redocly.yaml"), "--format", "stylish"],
    {
      stdio: "inherit",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  process.exitCode = lint.status ?? 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
