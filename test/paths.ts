import path from "node:path";
import { fileURLToPath } from "node:url";

export const TEST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.assay-test");
export const TEMPLATE_FILE = path.join(TEST_DIR, "pglite-template.tar");
