/**
 * `npm run api:generate`: writes the server's OpenAPI document to web/src/api/openapi.json, the TypeScript types
 * the web app's client is checked against to web/src/api/schema.d.ts, and the role × action table of every module
 * manifest to web/src/api/permissions.ts.
 * `npm run api:check` (CI): generates them into a temporary folder and fails when the committed files differ.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument } from "./api-types/openapi-document.ts";
import { toTypeScript } from "./api-types/openapi-typescript.ts";
import { permissionsModule } from "./api-types/permissions.ts";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web/src/api");
const FILES = { document: "openapi.json", types: "schema.d.ts", permissions: "permissions.ts" } as const;

async function generate(dir: string) {
  const document = await buildOpenApiDocument();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, FILES.document), `${JSON.stringify(document, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, FILES.types), await toTypeScript(document));
  fs.writeFileSync(path.join(dir, FILES.permissions), permissionsModule());
}

/** The first line where two texts part, for a message a person can act on. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split("\n");
  const b = fresh.split("\n");
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n    committed: ${a[at] ?? "(end of file)"}\n    generated: ${b[at] ?? "(end of file)"}`;
}

async function check(): Promise<boolean> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "assay-api-types-"));
  try {
    await generate(tmp);
    let current = true;
    for (const name of Object.values(FILES)) {
      const committedFile = path.join(OUT, name);
      const fresh = fs.readFileSync(path.join(tmp, name), "utf8");
      const committed = fs.existsSync(committedFile) ? fs.readFileSync(committedFile, "utf8") : "";
      if (committed === fresh) continue;
      current = false;
      process.stderr.write(`web/src/api/${name} is stale, first difference at ${firstDifference(committed, fresh)}\n`);
    }
    if (!current) process.stderr.write("Run `npm run api:generate` and commit the result.\n");
    return current;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes("--check")) {
  if (!(await check())) process.exit(1);
  process.stdout.write("web/src/api is up to date with the server's OpenAPI document.\n");
} else {
  await generate(OUT);
  process.stdout.write(`Wrote web/src/api/${Object.values(FILES).join(", web/src/api/")}.\n`);
}
